"""Speed of the whole scanner on plain Japanese text, against SudachiPy alone.

    python bench/bench_pii_japanese_speed.py [--mb 10] [--data PATH]

The text is Stockmark's Japanese Wikipedia sentences repeated to about --mb megabytes of
UTF-8, scanned as documents of ~200 KB. The baseline, run in the same process, is SudachiPy
(split mode C) tokenising the same text in the same chunks and nothing else: the ratio says
what the rest of the scanner costs on top of the morphological analysis. The two are timed
document by document in turn (wall clock and CPU time), so that a shared machine's
changing speed weighs on both alike; the load average is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from mamori.pii._pipeline import Scanner
from mamori.pii._registry import Registry
from mamori.pii._tokens import Tokenizer, chunks

# ../shared beside the repository (as CI checks it out), like the README says.
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "stockmark-ner" / "ner-dev.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    sentences = json.loads(args.data.read_text(encoding="utf-8"))
    base = "\n".join(s["text"] for s in sentences) + "\n"
    size = len(base.encode("utf-8"))
    repeats = max(1, round(args.mb * 1e6 / size))
    documents = [base] * repeats
    chars = len(base) * repeats
    scanner = Scanner(registry=Registry.from_config())
    scanner.scan_text(base[:2000])  # load the dictionaries before timing

    tokenizer = Tokenizer()
    analyse = tokenizer._tokenizer.tokenize

    def sudachi_alone(document: str) -> None:
        for start, end, _clean in chunks(document):
            analyse(document[start:end])

    # The two are timed document by document, one after the other, so that a shared
    # machine's changing speed falls on both alike; wall clock and CPU time are both kept.
    wall = {"sudachi": 0.0, "scanner": 0.0}
    cpu = {"sudachi": 0.0, "scanner": 0.0}
    best = {"sudachi": 0.0, "scanner": 0.0}  # the fastest document, chars per CPU-second
    findings = 0
    for document in documents:
        for name in ("sudachi", "scanner"):
            started, started_cpu = time.perf_counter(), time.process_time()
            if name == "sudachi":
                sudachi_alone(document)
            else:
                findings += len(scanner.scan_text(document))
            wall[name] += time.perf_counter() - started
            used = time.process_time() - started_cpu
            cpu[name] += used
            best[name] = max(best[name], len(document) / max(used, 1e-9))
    out = sys.stdout
    out.write(f"text: {size * repeats / 1e6:.1f} MB, {chars:,} chars, {repeats} documents\n")
    out.write("                  chars/s (wall)  chars/CPU-s  best document chars/CPU-s\n")
    for name, label in (("sudachi", "SudachiPy alone"), ("scanner", "whole scanner")):
        out.write(
            f"{label:<17} {chars / wall[name]:>14,.0f}  {chars / cpu[name]:>11,.0f}"
            f"  {best[name]:>25,.0f}\n"
        )
    out.write(f"findings {findings}\n")
    out.write(
        f"ratio scanner/SudachiPy {wall['sudachi'] / wall['scanner']:.2f} (wall), "
        f"{cpu['sudachi'] / cpu['scanner']:.2f} (CPU)\n"
    )
    out.write(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
