"""PERSON on real text: Stockmark's Japanese Wikipedia NER sentences (development split).

Gold PERSON spans are the entities of type 人名; a prediction counts as correct when it
overlaps a gold 人名 span (overlap recall / precision). Predictions that overlap a 地名
entity are counted separately: a place reported as a person is the error that matters most.

    python bench/bench_pii_person_stockmark.py [--data PATH] [--threshold 0.5] [--show N]
        [--half all|dev|check]

`--half` splits the sentences by `curid` (seed 20260423) into two halves: `dev` to study
errors on, `check` only to confirm that a change generalises; `all` (default) is the file.

Prints recall, precision, the number of place-as-person errors and the speed (chars/s).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from mamori.pii._document import ScanDocument
from mamori.pii._model import Extracted
from mamori.pii._normalize import normalize
from mamori.pii._tokens import Tokenizer
from mamori.pii.detectors.person import PersonDetector

DATA = Path("/work/shared/data/stockmark-ner/ner-dev.json")
SEED = 20260423


def half(sentences: list[dict[str, Any]], which: str) -> list[dict[str, Any]]:
    """The sentences of one half of the file, split by article id with a fixed seed."""
    if which == "all":
        return sentences
    ids = sorted({str(s["curid"]) for s in sentences})
    random.Random(SEED).shuffle(ids)
    check = set(ids[: len(ids) // 2])
    return [s for s in sentences if (str(s["curid"]) in check) == (which == "check")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--show", type=int, default=0, help="print N misses and N false hits")
    parser.add_argument("--half", choices=("all", "dev", "check"), default="all")
    args = parser.parse_args(argv)
    sentences = half(json.loads(args.data.read_text(encoding="utf-8")), args.half)
    detector = PersonDetector(Tokenizer())
    gold_total = gold_found = predicted = correct = place_errors = chars = 0
    misses: list[str] = []
    false_hits: list[str] = []
    started = time.perf_counter()
    for sentence in sentences:
        text = sentence["text"]
        chars += len(text)
        doc = ScanDocument(Extracted(path="stockmark", text=text), normalize(text))
        found = [c for c in detector.detect(doc) if c.score >= args.threshold]
        spans = [(c.start, c.end) for c in found]
        people = [tuple(e["span"]) for e in sentence["entities"] if e["type"] == "人名"]
        places = [tuple(e["span"]) for e in sentence["entities"] if e["type"] == "地名"]
        for s, e in people:
            gold_total += 1
            if any(ps < e and s < pe for ps, pe in spans):
                gold_found += 1
            else:
                misses.append(f"{text[max(0, s - 12) : s]}[{text[s:e]}]{text[e : e + 8]}")
        for c in found:
            ps, pe = c.start, c.end
            predicted += 1
            if any(ps < e and s < pe for s, e in people):
                correct += 1
                continue
            if any(ps < e and s < pe for s, e in places):
                place_errors += 1
            false_hits.append(
                f"{text[max(0, ps - 12) : ps]}[{text[ps:pe]}]{text[pe : pe + 8]}"
                f"  {c.pattern} {c.score:.2f}"
            )
    elapsed = time.perf_counter() - started
    recall = gold_found / gold_total if gold_total else 0.0
    precision = correct / predicted if predicted else 0.0
    out = sys.stdout
    out.write(f"sentences {len(sentences)}, gold 人名 {gold_total}, predicted {predicted}\n")
    out.write(f"overlap recall    {recall:.4f}\n")
    out.write(f"overlap precision {precision:.4f}\n")
    out.write(f"places reported as persons {place_errors}\n")
    out.write(f"speed {chars / elapsed:,.0f} chars/s (detector with normalisation)\n")
    for label, items in (("miss", misses), ("false", false_hits)):
        for item in items[: args.show]:
            out.write(f"{label}: {item}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
