"""PERSON on the synthetic corpus (mamori.synth.generate_corpus): the detector must keep
finding every generated resident's name, and nothing else, while it learns real text.

    python bench/bench_pii_person_corpus.py [--n 150] [--seed 5] [--show N]

Scans each generated document with the whole scanner limited to PERSON and compares with
the corpus's gold PERSON spans: exact-span and overlap recall/precision.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from mamori.pii import Registry, Scanner
from mamori.pii.extract import extract
from mamori.synth import generate_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--show", type=int, default=0, help="print N misses and N false hits")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        generate_corpus(root, n=args.n, seed=args.seed)
        gold: dict[str, list[tuple[int, int]]] = {}
        for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["type"] == "PERSON":
                gold.setdefault(record["file"], []).append((record["start"], record["end"]))
        scanner = Scanner(Registry.from_config(), types={"PERSON"})
        exact = found = correct = predicted = total = 0
        notes: list[str] = []
        for line in (root / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
            name = json.loads(line)["file"]
            result = scanner.scan(extract(root / name))
            text = extract(root / name).text
            spans = [(f.start, f.end) for f in result.findings if f.type == "PERSON"]
            expected = gold.get(name, [])
            total += len(expected)
            predicted += len(spans)
            exact += len(set(spans) & set(expected))
            for s, e in expected:
                if any(ps < e and s < pe for ps, pe in spans):
                    found += 1
                else:
                    notes.append(f"miss: {name} {text[max(0, s - 10) : s]}[{text[s:e]}]")
            for ps, pe in spans:
                if any(ps < e and s < pe for s, e in expected):
                    correct += 1
                else:
                    notes.append(f"false: {name} {text[max(0, ps - 10) : ps]}[{text[ps:pe]}]")
    out = sys.stdout
    out.write(f"documents {args.n}, gold PERSON {total}, predicted {predicted}\n")
    out.write(f"overlap recall    {found / max(1, total):.4f}\n")
    out.write(f"overlap precision {correct / max(1, predicted):.4f}\n")
    out.write(f"exact spans       {exact} ({exact / max(1, total):.4f} of gold)\n")
    shown = {"miss": 0, "false": 0}
    for note in notes:
        kind = note.split(":", 1)[0]
        if shown[kind] < args.show:
            shown[kind] += 1
            out.write(note + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
