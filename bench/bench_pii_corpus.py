"""Scanner quality on the labelled corpus: precision and recall per label against gold.

    python bench/bench_pii_corpus.py [--n 300] [--seed 101]

Generates a fresh corpus with `mamori.synth.generate_corpus` (use a seed the detectors were
not developed on), extracts and scans every file exactly as `mamori scan` does, and
compares with gold.jsonl: a finding is a true positive when a gold span of the same type
has the same offsets (exact) or overlaps it (overlap). Prints micro P/R, per-label P/R,
and the issue's targets beside them: micro P/R >= 0.97, recall >= 0.99 for structured
identifiers, >= 0.95 for PERSON, ADDRESS and DATE_OF_BIRTH. The baseline, in the same
process, is the structured detectors alone (no morphology): the ratio shows what the
language detectors add.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from mamori.pii import Registry, Scanner
from mamori.pii.extract import extract
from mamori.synth import generate_corpus

LANGUAGE = {"PERSON", "ADDRESS", "DATE_OF_BIRTH"}
TARGETS = {"micro": 0.97, "structured_recall": 0.99, "language_recall": 0.95}

Span = tuple[str, int, int]


def _score(
    gold: dict[str, set[Span]], found: dict[str, set[Span]], *, overlap: bool
) -> dict[str, Counter[str]]:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for path in gold.keys() | found.keys():
        g, f = gold.get(path, set()), found.get(path, set())
        for label, start, end in f:
            hit = any(
                gl == label and (gs < end and start < ge if overlap else (gs, ge) == (start, end))
                for gl, gs, ge in g
            )
            per[label]["tp" if hit else "fp"] += 1
        for label, start, end in g:
            hit = any(
                fl == label and (fs < end and start < fe if overlap else (fs, fe) == (start, end))
                for fl, fs, fe in f
            )
            if not hit:
                per[label]["fn"] += 1
    return per


def _pr(c: Counter[str]) -> tuple[float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return p, r


def _scan_all(scanner: Scanner, files: list[Path]) -> tuple[dict[str, set[Span]], float, int]:
    found: dict[str, set[Span]] = defaultdict(set)
    chars = 0
    started = time.perf_counter()
    for path in files:
        extracted = extract(path)
        chars += len(extracted.text)
        result = scanner.scan(extracted)
        for f in result.findings:
            found[path.name].add((f.type, f.start, f.end))
    return found, time.perf_counter() - started, chars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=101)
    args = parser.parse_args(argv)
    out = sys.stdout
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate_corpus(corpus, n=args.n, seed=args.seed)
        gold: dict[str, set[Span]] = defaultdict(set)
        for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            gold[Path(g["file"]).name].add((g["type"], g["start"], g["end"]))
        files = sorted((corpus / "documents").iterdir())
        full = Scanner(registry=Registry.from_config())
        structured = Scanner(
            registry=Registry.from_config(),
            types=sorted({t for s in gold.values() for t, _, _ in s} - LANGUAGE),
        )
        found, seconds, chars = _scan_all(full, files)
        base_found, base_seconds, _ = _scan_all(structured, files)

    out.write(f"corpus: {len(files)} files, seed {args.seed}, {chars:,} chars\n")
    out.write(
        f"speed: full scanner {chars / seconds:,.0f} chars/s; structured only "
        f"{chars / base_seconds:,.0f} chars/s (ratio {base_seconds / seconds:.2f})\n\n"
    )
    for overlap in (False, True):
        per = _score(gold, found, overlap=overlap)
        total: Counter[str] = Counter()
        for c in per.values():
            total.update(c)
        p, r = _pr(total)
        mode = "overlap" if overlap else "exact"
        out.write(
            f"[{mode}] micro precision {p:.4f} recall {r:.4f} (target >= {TARGETS['micro']})\n"
        )
        out.write(f"{'label':<18}{'gold':>7}{'found':>7}{'P':>8}{'R':>8}  target R\n")
        for label in sorted(per):
            c = per[label]
            lp, lr = _pr(c)
            target = (
                TARGETS["language_recall"] if label in LANGUAGE else TARGETS["structured_recall"]
            )
            flag = "ok" if lr >= target else "MISSED"
            out.write(
                f"{label:<18}{c['tp'] + c['fn']:>7}{c['tp'] + c['fp']:>7}"
                f"{lp:>8.4f}{lr:>8.4f}  >= {target} {flag}\n"
            )
        if not overlap:
            base = _score(gold, base_found, overlap=False)
            bt: Counter[str] = Counter()
            for c in base.values():
                bt.update(c)
            bp, br = _pr(bt)
            out.write(f"baseline (structured detectors only): micro P {bp:.4f} R {br:.4f}\n")
        out.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
