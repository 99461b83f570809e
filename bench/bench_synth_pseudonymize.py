"""Benchmark: pseudonymise a 680,000-row resident CSV with 6 personal columns.

Target (docs/pseudonymize.md): at most 60 s on a 2-core machine. Not a test: it prints.

    python bench/bench_synth_pseudonymize.py            # 680,000 rows, 堺市 (the 2015 case)
    python bench/bench_synth_pseudonymize.py -n 50000   # quicker

The input comes from the resident generator (``mamori synth residents``, run as a separate
process so that its memory does not count). The baseline, run in this process on the same
file, is the least a pseudonymiser must do: read the CSV, replace each of the 6 cells with a
truncated HMAC hex digest (no format kept, no consistency across kinds, no collision check),
and write the CSV.
"""

from __future__ import annotations

import argparse
import csv
import hmac
import logging
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mamori.synth._pseudonymize import pseudonymize_files

COLUMNS = (
    "氏名:PERSON,氏名カナ:KANA(氏名),住所:ADDRESS,郵便番号:POSTAL_CODE(住所),"
    "電話番号:PHONE,生年月日:DATE_OF_BIRTH"
)
NAMES = ("氏名", "氏名カナ", "住所", "郵便番号", "電話番号", "生年月日")
KEY = bytes(range(32))  # a benchmark key; real keys come from `mamori synth keygen`


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(src: Path, dst: Path) -> int:
    rows = 0
    with (
        src.open(encoding="utf-8-sig", newline="") as fin,
        dst.open("w", encoding="utf-8-sig", newline="") as fout,
    ):
        reader = csv.reader(fin)
        writer = csv.writer(fout, lineterminator="\r\n")
        header = next(reader)
        writer.writerow(header)
        idx = [header.index(n) for n in NAMES]
        for row in reader:
            for i in idx:
                value = row[i]
                if value:
                    row[i] = hmac.digest(KEY, value.encode(), "sha256").hex()[: len(value)]
            writer.writerow(row)
            rows += 1
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=680_000)
    parser.add_argument("--city", default="堺市")
    parser.add_argument("--keep", help="keep the work folder here instead of a temporary one")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        src = work / "residents.csv"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mamori", "synth", "residents", "-n", str(args.n),
             "--city", args.city, "--format", "csv", "-o", str(src)],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        size = src.stat().st_size / 1e6
        print(f"input: {args.n:,} rows, {size:.0f} MB, generated in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip

        t0 = time.perf_counter()
        rows = baseline(src, work / "baseline.csv")
        t_base = time.perf_counter() - t0
        mem_base = peak_mb()

        t0 = time.perf_counter()
        report = pseudonymize_files([src], work / "pseudonymized.csv", COLUMNS, key=KEY)
        t_ours = time.perf_counter() - t0
        mem_ours = peak_mb()
        assert report.rows == rows

    print(f"baseline (HMAC hex per cell): {t_base:6.1f} s  {rows / t_base:9,.0f} rows/s  "
          f"peak RSS {mem_base:,.0f} MB")  # fmt: skip
    print(f"pseudonymize (6 columns):     {t_ours:6.1f} s  {rows / t_ours:9,.0f} rows/s  "
          f"peak RSS {mem_ours:,.0f} MB")  # fmt: skip
    print(f"ratio pseudonymize / baseline: {t_ours / t_base:.2f}x; target <= 60 s: "
          f"{'met' if t_ours <= 60 else 'MISSED'}")  # fmt: skip
    for kind, (distinct, redraws) in sorted(report.distinct.items()):
        print(f"  {kind:14} {distinct:9,} distinct values, {redraws:7,} re-draws after collisions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
