"""Scanner quality on hand-written city documents (tests/data/citydocs), for honest measurement.

    python bench/bench_pii_citydocs.py [--dir tests/data/citydocs] [--no-list]

The documents and their gold were written by hand, independently of the corpus generator
(`mamori synth corpus`), in the style of real municipal documents: a counter manual with
記載例, council minutes, a press release, a notice, bid results, a complaint memo, a staff
roster (TSV), a 児童手当 記入例, an accident report, a candidate list, an e-mail and a
meeting summary, with look-alikes that are not personal data (place names that are
surnames, companies and facilities, office phones, 施行日/開催日, document numbers,
amounts, a 12-digit number failing the My Number check).

Each file is extracted and scanned exactly as `mamori scan` does, with the configured
registry. A finding is a true positive when a gold span of the same type has the same
offsets (exact) or overlaps it (overlap). Prints micro and per-label precision/recall for
both, then every miss and false positive (type, file, text). There are no targets here:
the set is small and is not used to tune detectors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from mamori.pii import Registry, Scanner
from mamori.pii.extract import extract

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "citydocs"

Span = tuple[str, int, int]


def _load_gold(directory: Path) -> dict[str, set[Span]]:
    gold: dict[str, set[Span]] = defaultdict(set)
    with (directory / "gold.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                g = json.loads(line)
                gold[g["file"]].add((g["type"], g["start"], g["end"]))
    return gold


def _matches(a: Span, b: Span, *, overlap: bool) -> bool:
    if a[0] != b[0]:
        return False
    if overlap:
        return a[1] < b[2] and b[1] < a[2]
    return (a[1], a[2]) == (b[1], b[2])


def _score(
    gold: dict[str, set[Span]], found: dict[str, set[Span]], *, overlap: bool
) -> tuple[dict[str, Counter[str]], list[tuple[str, Span]], list[tuple[str, Span]]]:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[tuple[str, Span]] = []
    false_pos: list[tuple[str, Span]] = []
    for name in sorted(gold.keys() | found.keys()):
        g, f = gold.get(name, set()), found.get(name, set())
        for span in sorted(f, key=lambda s: s[1]):
            if any(_matches(span, gs, overlap=overlap) for gs in g):
                per[span[0]]["tp_found"] += 1
            else:
                per[span[0]]["fp"] += 1
                false_pos.append((name, span))
        for span in sorted(g, key=lambda s: s[1]):
            if any(_matches(span, fs, overlap=overlap) for fs in f):
                per[span[0]]["tp_gold"] += 1
            else:
                per[span[0]]["fn"] += 1
                misses.append((name, span))
    return per, misses, false_pos


def _pr(c: Counter[str]) -> tuple[float, float]:
    """Precision over findings, recall over gold spans (two findings on one gold span
    are two true positives for precision, one recalled span for recall)."""
    found, gold = c["tp_found"] + c["fp"], c["tp_gold"] + c["fn"]
    p = c["tp_found"] / found if found else 1.0
    r = c["tp_gold"] / gold if gold else 1.0
    return p, r


def _table(title: str, per: dict[str, Counter[str]]) -> None:
    total: Counter[str] = Counter()
    for c in per.values():
        total.update(c)
    p, r = _pr(total)
    print(
        f"\n{title}: micro P={p:.3f} R={r:.3f} "
        f"(findings {total['tp_found'] + total['fp']}, fp {total['fp']}; "
        f"gold {total['tp_gold'] + total['fn']}, fn {total['fn']})"
    )
    print(f"  {'label':<18}{'gold':>5}{'found':>6}{'P':>7}{'R':>7}")
    for label in sorted(per):
        c = per[label]
        p, r = _pr(c)
        gold_n, found_n = c["tp_gold"] + c["fn"], c["tp_found"] + c["fp"]
        print(f"  {label:<18}{gold_n:>5}{found_n:>6}{p:>7.3f}{r:>7.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--no-list", action="store_true", help="only the score tables")
    args = parser.parse_args(argv)

    directory: Path = args.dir
    gold = _load_gold(directory)
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.name != "gold.jsonl")
    scanner = Scanner(registry=Registry.from_config())

    found: dict[str, set[Span]] = defaultdict(set)
    texts: dict[str, str] = {}
    for path in files:
        extracted = extract(path)
        texts[path.name] = extracted.text
        if extracted.text != path.read_text(encoding="utf-8"):
            print(f"warning: extracted text of {path.name} differs from the file", file=sys.stderr)
        for f in scanner.scan(extracted).findings:
            found[path.name].add((f.type, f.start, f.end))

    n_gold = sum(len(v) for v in gold.values())
    n_found = sum(len(v) for v in found.values())
    print(f"{len(files)} documents, {n_gold} gold spans, {n_found} findings")

    per_overlap, miss_o, fp_o = _score(gold, found, overlap=True)
    per_exact, miss_e, _ = _score(gold, found, overlap=False)
    _table("overlap", per_overlap)
    _table("exact", per_exact)

    if not args.no_list:

        def show(title: str, rows: list[tuple[str, Span]]) -> None:
            print(f"\n{title} ({len(rows)})")
            for name, (label, start, end) in rows:
                print(
                    f"  {label:<17} {name:<28} {texts.get(name, '')[start:end]!r} [{start}:{end}]"
                )

        show("misses (overlap: gold span with no finding of its type)", miss_o)
        show("false positives (overlap: finding with no gold span of its type)", fp_o)
        missed = set(miss_o)
        print("\nboundary errors (gold span -> overlapping findings of its type)")
        for name, span in miss_e:
            if (name, span) in missed:
                continue
            text = texts.get(name, "")
            got = sorted(
                (f for f in found.get(name, set()) if _matches(span, f, overlap=True)),
                key=lambda f: f[1],
            )
            print(
                f"  {span[0]:<17} {name:<28} {text[span[1] : span[2]]!r} -> "
                + ", ".join(repr(text[f[1] : f[2]]) for f in got)
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
