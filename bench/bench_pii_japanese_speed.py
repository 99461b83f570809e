"""Speed of the whole scanner on plain Japanese text, against SudachiPy alone.

    python bench/bench_pii_japanese_speed.py [--mb 10] [--data PATH]

The text is Stockmark's Japanese Wikipedia sentences repeated to about --mb megabytes of
UTF-8, scanned as documents of ~200 KB. The baseline, run in the same process, is SudachiPy
(split mode C) tokenising the same text in the same chunks and nothing else: the ratio says
what the rest of the scanner costs on top of the morphological analysis.
"""

from __future__ import annotations

import argparse
import json
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
    started = time.perf_counter()
    for document in documents:
        for start, end, _clean in chunks(document):
            analyse(document[start:end])
    baseline = chars / (time.perf_counter() - started)

    started = time.perf_counter()
    findings = sum(len(scanner.scan_text(document)) for document in documents)
    speed = chars / (time.perf_counter() - started)
    out = sys.stdout
    out.write(f"text: {size * repeats / 1e6:.1f} MB, {chars:,} chars, {repeats} documents\n")
    out.write(f"SudachiPy alone   {baseline:>12,.0f} chars/s\n")
    out.write(f"whole scanner     {speed:>12,.0f} chars/s ({findings} findings)\n")
    out.write(f"ratio scanner/SudachiPy {speed / baseline:.2f}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
