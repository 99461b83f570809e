"""Train the PERSON model (`packs/default/person_model.json`) on Stockmark's Wikipedia NER.

    python tools/train_person_model.py [--train dev|all] [--data PATH] [--out PATH]
        [--threshold T] [--epochs 8] [--l2 1e-4] [--runs 5] [--sure-weight 0.2]
        [--folds 3] [--precision 0.85]

The examples are the candidate spans that the PERSON rules leave undecided
(`PersonDetector.model_candidates`) in the sentences of ../shared/data/stockmark-ner; a
candidate is positive when it lies inside a gold 人名 span and covers at least half of it.
The spans the rules report surely are added as examples too, with a smaller weight
(`--sure-weight`) and without the rule's own verdict: the model never decides them, but
they are most of the names and teach it the contexts names are written in. The weights are
the average of `--runs` learnings in different random orders (one linear model again).

First the model is learnt on one half of the file (the split of
bench/bench_pii_person_stockmark.py, by article id) and measured on the other, both ways, at
several thresholds and at the one chosen by `--folds`-fold cross-validation inside the
learning half (the highest recall at pooled precision >= `--precision`): these held-out
scores go into the model's `info`. Then the model that is written is learnt on `--train all`
sentences (the default; the bench then measures it on sentences it has seen, and says so) or
on the `dev` half only (the bench's `--half check` stays held out), with the threshold chosen
by cross-validation on those sentences unless `--threshold` is given. The default pack's
20_person.yaml repeats the threshold: keep the two the same.

The data is CC BY-SA 3.0 (Japanese Wikipedia via stockmarkteam/ner-wikipedia-dataset); the
model file says so in its `info`, and docs/person_model.md gives the attribution.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_pii_person_stockmark import DATA, SEED, Score, half, measure  # noqa: E402

from mamori.pii._document import ScanDocument  # noqa: E402
from mamori.pii._model import Extracted  # noqa: E402
from mamori.pii._normalize import normalize  # noqa: E402
from mamori.pii._tokens import Tokenizer  # noqa: E402
from mamori.pii.detectors._jp import DEFAULT_PACK, load_keywords  # noqa: E402
from mamori.pii.detectors._person_model import (  # noqa: E402
    PersonModel,
    Span,
    features,
    pos_tags,
    train,
)
from mamori.pii.detectors.person import PersonDetector  # noqa: E402

OUT = DEFAULT_PACK / "person_model.json"
REPORTED = 0.5  # the default pack's reporting threshold
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
REPORT = (0.4, 0.5, 0.55, 0.6, 0.7)


Examples = list[tuple[list[str], int]]


def _gold(sentence: dict[str, Any], s: int, e: int) -> int:
    """1 when [s, e) lies inside a gold 人名 span and covers at least half of it."""
    gold = [tuple(x["span"]) for x in sentence["entities"] if x["type"] == "人名"]
    return int(any(gs <= s and e <= ge and 2 * (e - s) >= ge - gs for gs, ge in gold))


def _examples(
    detector: PersonDetector, sentences: list[dict[str, Any]], tags: list[str]
) -> tuple[Examples, Examples]:
    """(the model's candidates, the rules' sure spans), each with its features and label.

    The sure spans (at or above the reporting threshold) are never asked about, but they
    are most of the names in the text: with their features (as if they were candidates,
    without the rule's own verdict) they teach the model the contexts names are written in.
    """
    candidates: Examples = []
    sure: Examples = []
    kinds = detector.tokenizer.name_kinds
    for sentence in sentences:
        text = sentence["text"]
        normalized = normalize(text)
        doc = ScanDocument(Extracted(path="stockmark", text=text), normalized)
        tokens = detector.tokenizer.tokens(doc)
        norm = normalized.text
        spans = detector.rule_spans(norm, tokens, doc)
        for span, names in detector.model_candidates(norm, tokens, spans):
            s, e = normalized.to_original(span.start, span.end)
            candidates.append((names, _gold(sentence, s, e)))
        found = [(s, e) for s, e, score, _p, _a in spans.spans() if score >= REPORTED]
        for start, end in found:
            first, last = tokens.index_at(start), tokens.index_at(end - 1)
            if last >= len(tokens) or tokens.begins[first] != start or tokens.ends[last] != end:
                continue
            others = [(s, e) for s, e in found if (s, e) != (start, end)]
            left = right = ""
            for gap in (0, 1):  # as PersonDetector.model_candidates: a name right next to it
                if not left and any(e == start - gap for _s, e in others):
                    left = norm[start - gap : start] or "-"
                if not right and any(s == end + gap for s, _e in others):
                    right = norm[end : end + gap] or "-"
            span = Span(start, end, first, last)
            names = features(norm, tokens, span, tags, kinds, neighbours=(left, right))
            s, e = normalized.to_original(start, end)
            sure.append((names, _gold(sentence, s, e)))
    return candidates, sure


def _fit(
    detector: PersonDetector,
    sentences: list[dict[str, Any]],
    args: argparse.Namespace,
    *,
    quiet: bool = False,
) -> dict[str, float]:
    candidates, sure = _examples(detector, sentences, detector_tags(detector))
    if not quiet:
        positives = sum(label for _names, label in candidates)
        print(
            f"  {len(sentences)} sentences, {len(candidates)} candidates, {positives} positive;"
            f" {len(sure)} sure rule spans (weight {args.sure_weight})"
        )
    weights = [1.0] * len(candidates) + [args.sure_weight] * len(sure)
    return train(
        candidates + sure,
        epochs=args.epochs,
        l2=args.l2,
        runs=args.runs,
        sample_weights=weights,
    )


_TAGS: dict[int, list[str]] = {}


def detector_tags(detector: PersonDetector) -> list[str]:
    key = id(detector.tokenizer)
    if key not in _TAGS:
        _TAGS[key] = pos_tags(detector.tokenizer)
    return _TAGS[key]


def _folds(sentences: list[dict[str, Any]], k: int) -> list[list[dict[str, Any]]]:
    """k parts by article id (a fixed seed), for cross-validation inside a training set."""
    ids = sorted({str(s["curid"]) for s in sentences})
    random.Random(SEED + 1).shuffle(ids)
    part = {curid: i % k for i, curid in enumerate(ids)}
    return [[s for s in sentences if part[str(s["curid"])] == i] for i in range(k)]


def _score(detector: PersonDetector, sentences: list[dict[str, Any]]) -> Score:
    return measure(detector, sentences, REPORTED)  # the bench's own overlap measure


def _choose_threshold(
    detector: PersonDetector, sentences: list[dict[str, Any]], args: argparse.Namespace
) -> tuple[float, dict[str, list[float]]]:
    """The threshold by cross-validation inside `sentences` only (never the held-out half).

    The highest recall whose pooled precision is at least `--precision`; failing that, the
    threshold of the best precision.
    """
    pooled = {t: Score() for t in THRESHOLDS}
    for i, held in enumerate(parts := _folds(sentences, args.folds)):
        learn = [s for j, part in enumerate(parts) if j != i for s in part]
        weights = _fit(detector, learn, args, quiet=True)
        for t in THRESHOLDS:
            detector.model = PersonModel(weights, threshold=t)
            score = _score(detector, held)
            total = pooled[t]
            total.gold_total += score.gold_total
            total.gold_found += score.gold_found
            total.predicted += score.predicted
            total.correct += score.correct
    detector.model = None
    table = {str(t): [round(s.recall, 4), round(s.precision, 4)] for t, s in pooled.items()}
    good = [t for t in THRESHOLDS if pooled[t].precision >= args.precision]
    if good:
        best = max(good, key=lambda t: (pooled[t].recall, pooled[t].precision))
    else:
        best = max(THRESHOLDS, key=lambda t: pooled[t].precision)
    return best, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--train", choices=("dev", "all"), default="all")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--threshold", type=float, default=None, help="fixed (default: by cross-validation)"
    )
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--runs", type=int, default=5, help="learnings averaged")
    parser.add_argument("--sure-weight", type=float, default=0.2)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--precision", type=float, default=0.85, help="threshold choice")
    args = parser.parse_args(argv)
    sentences = json.loads(args.data.read_text(encoding="utf-8"))
    options = dict(load_keywords("jp.person.sudachi", "person"))
    options.pop("model", None)
    detector = PersonDetector(Tokenizer(), options=options)
    # held-out scores: learn on one half, measure on the other, both ways; the threshold
    # is chosen by cross-validation inside the learning half
    held_out: dict[str, Any] = {}
    for learn, held in (("dev", "check"), ("check", "dev")):
        print(f"learning on the {learn} half, measuring on the {held} half")
        chosen, _table = _choose_threshold(detector, half(sentences, learn), args)
        weights = _fit(detector, half(sentences, learn), args)
        detector.model = None
        score = _score(detector, half(sentences, held))
        row: dict[str, Any] = {"rules_only": [round(score.recall, 4), round(score.precision, 4)]}
        print(f"  rules only        recall {score.recall:.4f} precision {score.precision:.4f}")
        for threshold in sorted({*REPORT, chosen}):
            detector.model = PersonModel(weights, threshold=threshold)
            score = _score(detector, half(sentences, held))
            mark = (
                "  (chosen by cross-validation on the learning half)" if threshold == chosen else ""
            )
            print(
                f"  model at {threshold:<4}     recall {score.recall:.4f}"
                f" precision {score.precision:.4f}{mark}"
            )
            row[str(threshold)] = [round(score.recall, 4), round(score.precision, 4)]
        row["chosen"] = chosen
        held_out[f"{learn}->{held}"] = row
    threshold = args.threshold
    cross: dict[str, list[float]] = {}
    if threshold is None:
        threshold, cross = _choose_threshold(detector, half(sentences, args.train), args)
        print(f"threshold by {args.folds}-fold cross-validation on {args.train}: {threshold}")
    print(f"learning the model on: {args.train}")
    weights = _fit(detector, half(sentences, args.train), args)
    model = PersonModel(
        weights,
        threshold=threshold,
        info={
            "trained": dt.date.today().isoformat(),
            "data": "stockmarkteam/ner-wikipedia-dataset (Japanese Wikipedia), CC BY-SA 3.0",
            "sentences": args.train,
            "split": f"bench_pii_person_stockmark.half, seed {SEED}",
            "learner": (
                f"logistic regression, AdaGrad, {args.epochs} epochs, L2 {args.l2}, weights"
                f" averaged over {args.runs} runs; the rules' sure spans as extra examples"
                f" (weight {args.sure_weight})"
            ),
            "threshold": (
                f"{args.folds}-fold cross-validation on {args.train}: the highest recall at"
                f" precision >= {args.precision}"
                if cross
                else "given"
            ),
            "cross_validation": cross,
            "held_out": held_out,
            "note": (
                "held_out: [recall, precision] of PERSON on one half, learnt on the other;"
                " `chosen` is the threshold picked by cross-validation inside the learning half"
            ),
        },
    )
    model.save(args.out)
    print(f"wrote {args.out} ({len(weights)} weights, threshold {threshold})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
