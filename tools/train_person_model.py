"""Train the PERSON model (`packs/default/person_model.json`) on Stockmark's Wikipedia NER.

    python tools/train_person_model.py [--train dev|all] [--data PATH] [--out PATH]
        [--threshold 0.5] [--epochs 12]

The examples are the candidate spans that the PERSON rules leave undecided
(`PersonDetector.model_candidates`) in the sentences of ../shared/data/stockmark-ner; a
candidate is positive when it lies inside a gold 人名 span and covers at least half of it.

First the model is learnt on one half of the file (the split of
bench/bench_pii_person_stockmark.py, by article id) and measured on the other, both ways, at
several thresholds: these held-out scores go into the model's `info`. Then the model that is
written is learnt on `--train all` sentences (the default; the bench then measures it on
sentences it has seen, and says so) or on the `dev` half only (the bench's `--half check`
stays held out).

The data is CC BY-SA 3.0 (Japanese Wikipedia via stockmarkteam/ner-wikipedia-dataset); the
model file says so in its `info`, and docs/person_model.md gives the attribution.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_pii_person_stockmark import DATA, SEED, half, measure  # noqa: E402

from mamori.pii._document import ScanDocument  # noqa: E402
from mamori.pii._model import Extracted  # noqa: E402
from mamori.pii._normalize import normalize  # noqa: E402
from mamori.pii._tokens import Tokenizer  # noqa: E402
from mamori.pii.detectors._jp import DEFAULT_PACK, load_keywords  # noqa: E402
from mamori.pii.detectors._person_model import PersonModel, train  # noqa: E402
from mamori.pii.detectors.person import PersonDetector  # noqa: E402

OUT = DEFAULT_PACK / "person_model.json"


def _examples(
    detector: PersonDetector, sentences: list[dict[str, Any]]
) -> list[tuple[list[str], int]]:
    out: list[tuple[list[str], int]] = []
    for sentence in sentences:
        text = sentence["text"]
        normalized = normalize(text)
        doc = ScanDocument(Extracted(path="stockmark", text=text), normalized)
        tokens = detector.tokenizer.tokens(doc)
        spans = detector.rule_spans(normalized.text, tokens, doc)
        gold = [tuple(e["span"]) for e in sentence["entities"] if e["type"] == "人名"]
        for span, names in detector.model_candidates(normalized.text, tokens, spans):
            s, e = normalized.to_original(span.start, span.end)
            label = any(gs <= s and e <= ge and 2 * (e - s) >= ge - gs for gs, ge in gold)
            out.append((names, int(label)))
    return out


def _evaluate(detector: PersonDetector, sentences: list[dict[str, Any]]) -> tuple[float, float]:
    score = measure(detector, sentences, 0.5)  # the bench's own overlap measure
    return score.recall, score.precision


def _fit(
    detector: PersonDetector, sentences: list[dict[str, Any]], l2: float, epochs: int
) -> dict[str, float]:
    examples = _examples(detector, sentences)
    positives = sum(label for _names, label in examples)
    print(f"  {len(sentences)} sentences, {len(examples)} candidates, {positives} positive")
    return train(examples, epochs=epochs, l2=l2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--train", choices=("dev", "all"), default="all")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--threshold", type=float, default=0.55)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--l2", type=float, default=1e-4)
    args = parser.parse_args(argv)
    sentences = json.loads(args.data.read_text(encoding="utf-8"))
    options = dict(load_keywords("jp.person.sudachi", "person"))
    options.pop("model", None)
    detector = PersonDetector(Tokenizer(), options=options)
    # held-out scores: learn on one half, measure on the other, both ways
    held_out: dict[str, Any] = {}
    for learn, held in (("dev", "check"), ("check", "dev")):
        print(f"learning on the {learn} half, measuring on the {held} half")
        weights = _fit(detector, half(sentences, learn), args.l2, args.epochs)
        detector.model = None
        recall, precision = _evaluate(detector, half(sentences, held))
        row: dict[str, Any] = {"rules_only": [round(recall, 4), round(precision, 4)]}
        print(f"  rules only        recall {recall:.4f} precision {precision:.4f}")
        for threshold in (0.4, 0.5, 0.55, 0.6, 0.7):
            detector.model = PersonModel(weights, threshold=threshold)
            recall, precision = _evaluate(detector, half(sentences, held))
            print(f"  model at {threshold:<4}     recall {recall:.4f} precision {precision:.4f}")
            row[str(threshold)] = [round(recall, 4), round(precision, 4)]
        held_out[f"{learn}->{held}"] = row
    print(f"learning the model on: {args.train}")
    weights = _fit(detector, half(sentences, args.train), args.l2, args.epochs)
    model = PersonModel(
        weights,
        threshold=args.threshold,
        info={
            "trained": dt.date.today().isoformat(),
            "data": "stockmarkteam/ner-wikipedia-dataset (Japanese Wikipedia), CC BY-SA 3.0",
            "sentences": args.train,
            "split": f"bench_pii_person_stockmark.half, seed {SEED}",
            "held_out": held_out,
            "note": "held_out: [recall, precision] of PERSON on one half, learnt on the other",
        },
    )
    model.save(args.out)
    print(f"wrote {args.out} ({len(weights)} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
