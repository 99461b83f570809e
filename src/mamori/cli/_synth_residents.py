"""`mamori synth residents`: fictitious residents to CSV, XLSX, Parquet or JSON Lines."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from mamori._exceptions import InputError

ENCODINGS = ("utf-8-sig", "utf-8", "cp932")


def register(sub: Any) -> None:
    """Add the `residents` parser to `mamori synth`."""
    parser = sub.add_parser(
        "residents",
        help="fictitious residents in realistic households",
        description="Generate fictitious residents (never real people): real 都道府県・市区町村・"
        "町域 and postal codes, fictitious 番地 (901-999), names with matching readings, and "
        "identifiers with valid check digits. The same seed gives the same file.",
    )
    parser.add_argument("-n", type=int, required=True, metavar="N", help="number of residents")
    parser.add_argument("--seed", default="0", help="random seed (default 0)")
    parser.add_argument(
        "--format",
        dest="fmt",
        choices=("csv", "xlsx", "parquet", "jsonl"),
        help="output format (default: from the file's suffix, else csv)",
    )
    parser.add_argument("-o", "--output", required=True, metavar="PATH", help="output file")
    parser.add_argument("--city", help="draw every address from one municipality, e.g. 堺市北区")
    parser.add_argument(
        "--with-my-number", action="store_true", help="add a 個人番号 (valid check digit)"
    )
    parser.add_argument(
        "--encoding",
        choices=ENCODINGS,
        default="utf-8-sig",
        help="CSV encoding (default utf-8-sig; cp932 is Shift_JIS for office software)",
    )
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the day on which ages are computed (default 2025-04-01)",
    )
    parser.set_defaults(handler=run)


def _format_of(args: argparse.Namespace) -> str:
    if args.fmt:
        return str(args.fmt)
    suffix = Path(args.output).suffix.lower().lstrip(".")
    return {"csv": "csv", "xlsx": "xlsx", "parquet": "parquet", "jsonl": "jsonl"}.get(suffix, "csv")


def _with_progress(
    items: Iterable[Any], total: int, stream: TextIO, *, interval: float = 0.2
) -> Iterator[Any]:
    """Yield ``items`` while drawing a plain progress line on ``stream`` (a terminal)."""
    start = last = time.monotonic()
    for done, item in enumerate(items, start=1):
        yield item
        if done % 1000 == 0 and (now := time.monotonic()) - last >= interval:
            last = now
            rate = done / max(now - start, 1e-9)
            eta = (total - done) / rate
            width = 30
            filled = width * done // total
            stream.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} "
                f"({100 * done // total}%) {rate:,.0f}/s, {eta:,.0f}s left "
            )
            stream.flush()
    stream.write(f"\r{' ' * 78}\r")
    stream.flush()


def run(args: argparse.Namespace) -> int:
    from mamori.synth._residents import DEFAULT_AS_OF, generate_residents
    from mamori.synth._writers import check_output_path, write_residents

    if args.n <= 0:
        raise InputError(f"-n must be at least 1, not {args.n}")
    fmt = _format_of(args)
    if args.encoding != "utf-8-sig" and fmt != "csv":
        raise InputError("--encoding applies to csv only; drop it or use --format csv")
    target = check_output_path(args.output)
    seed: int | str = int(args.seed) if args.seed.lstrip("-").isdigit() else args.seed
    persons: Iterable[Any] = generate_residents(
        args.n,
        seed=seed,
        city=args.city,
        with_my_number=args.with_my_number,
        as_of=args.as_of or DEFAULT_AS_OF,
    )
    if sys.stderr.isatty():
        persons = _with_progress(persons, args.n, sys.stderr)
    started = time.monotonic()
    count = write_residents(
        persons, target, fmt, with_my_number=args.with_my_number, encoding=args.encoding
    )
    elapsed = time.monotonic() - started
    print(f"wrote {count:,} fictitious residents to {target} ({fmt}, {elapsed:.1f}s)")
    return 0
