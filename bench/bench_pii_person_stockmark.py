"""PERSON on real text: Stockmark's Japanese Wikipedia NER sentences (development split).

Gold PERSON spans are the entities of type 人名; a prediction counts as correct when it
overlaps a gold 人名 span (overlap recall / precision). Predictions that overlap a 地名
entity are counted separately: a place reported as a person is the error that matters most.

    python bench/bench_pii_person_stockmark.py [--data PATH] [--threshold 0.5] [--show N]
        [--half all|dev|check]

`--half` splits the sentences by `curid` (seed 20260423) into two halves: `dev` to study
errors on, `check` only to confirm that a change generalises; `all` (default) is the file.

Prints recall, precision, the number of place-as-person errors and the speed (chars/s) of
the rules alone (the baseline, in the same process) and of the rules with the learned model
(`packs/default/person_model.json`), and the ratios. The model was learnt on these
sentences (tools/train_person_model.py), so the bench prints the model's held-out scores
beside its own figures.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mamori.pii._document import ScanDocument
from mamori.pii._model import Extracted
from mamori.pii._normalize import normalize
from mamori.pii._tokens import Tokenizer
from mamori.pii.detectors._jp import load_keywords
from mamori.pii.detectors.person import PersonDetector

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "stockmark-ner" / "ner-dev.json"
SEED = 20260423


def half(sentences: list[dict[str, Any]], which: str) -> list[dict[str, Any]]:
    """The sentences of one half of the file, split by article id with a fixed seed."""
    if which == "all":
        return sentences
    ids = sorted({str(s["curid"]) for s in sentences})
    random.Random(SEED).shuffle(ids)
    check = set(ids[: len(ids) // 2])
    return [s for s in sentences if (str(s["curid"]) in check) == (which == "check")]


@dataclass
class Score:
    """Overlap counts of one detector over the sentences, with the errors to show."""

    gold_total: int = 0
    gold_found: int = 0
    predicted: int = 0
    correct: int = 0
    place_errors: int = 0
    chars: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold_total if self.gold_total else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0


def measure(detector: PersonDetector, sentences: list[dict[str, Any]], threshold: float) -> Score:
    score = Score()
    started = time.perf_counter()
    for sentence in sentences:
        text = sentence["text"]
        score.chars += len(text)
        doc = ScanDocument(Extracted(path="stockmark", text=text), normalize(text))
        found = [c for c in detector.detect(doc) if c.score >= threshold]
        spans = [(c.start, c.end) for c in found]
        people = [tuple(e["span"]) for e in sentence["entities"] if e["type"] == "人名"]
        places = [tuple(e["span"]) for e in sentence["entities"] if e["type"] == "地名"]
        for s, e in people:
            score.gold_total += 1
            if any(ps < e and s < pe for ps, pe in spans):
                score.gold_found += 1
            else:
                score.misses.append(f"{text[max(0, s - 12) : s]}[{text[s:e]}]{text[e : e + 8]}")
        for c in found:
            ps, pe = c.start, c.end
            score.predicted += 1
            if any(ps < e and s < pe for s, e in people):
                score.correct += 1
                continue
            if any(ps < e and s < pe for s, e in places):
                score.place_errors += 1
            score.false_hits.append(
                f"{text[max(0, ps - 12) : ps]}[{text[ps:pe]}]{text[pe : pe + 8]}"
                f"  {c.pattern} {c.score:.2f}"
            )
    score.seconds = time.perf_counter() - started
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--show", type=int, default=0, help="print N misses and N false hits")
    parser.add_argument("--half", choices=("all", "dev", "check"), default="all")
    args = parser.parse_args(argv)
    sentences = half(json.loads(args.data.read_text(encoding="utf-8")), args.half)
    tokenizer = Tokenizer()
    detector = PersonDetector(tokenizer)
    options = load_keywords(detector.detector_id, "person")
    options["model"] = None
    baseline = measure(PersonDetector(tokenizer, options=options), sentences, args.threshold)
    score = measure(detector, sentences, args.threshold)
    out = sys.stdout
    out.write(f"sentences {len(sentences)}, gold 人名 {score.gold_total}\n")
    out.write("                   recall  precision  predicted  places-as-persons  chars/s\n")
    for name, row in (("rules only", baseline), ("rules + model", score)):
        out.write(
            f"{name:<17} {row.recall:7.4f}  {row.precision:9.4f}  {row.predicted:9d}"
            f"  {row.place_errors:17d}  {row.chars / row.seconds:,.0f}\n"
        )
    out.write(
        f"ratio model/rules: recall {score.recall / max(1e-9, baseline.recall):.3f}, "
        f"precision {score.precision / max(1e-9, baseline.precision):.3f}, "
        f"speed {baseline.seconds / max(1e-9, score.seconds):.2f}\n"
    )
    model = detector.model
    if model is not None:
        learnt = str(model.info.get("sentences", "?"))
        if learnt == "all" or learnt == args.half or args.half == "all":
            out.write(
                f"NOTE: the model was learnt on the {learnt!r} sentences, so these are partly "
                "sentences it has seen; its held-out scores ([recall, precision], learnt on "
                "one half, measured on the other) are:\n"
            )
            for direction, row in dict(model.info.get("held_out", {})).items():
                at = row.get(f"{model.threshold}") or row.get(str(model.threshold))
                out.write(f"  {direction}: rules only {row['rules_only']}, model {at}\n")
    for label, items in (("miss", score.misses), ("false", score.false_hits)):
        for item in items[: args.show]:
            out.write(f"{label}: {item}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
