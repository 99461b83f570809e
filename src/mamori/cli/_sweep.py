"""`mamori sweep MIRROR | --manifest FILE`: personal data on the published website.

    mamori sweep mirror/www.city.example.lg.jp --departments departments.yaml
    mamori sweep --manifest downloaded.csv --format json -o sweep.json --xlsx sweep.xlsx
    mamori sweep mirror/ --edm 住民.edm --edm-key /secure/edm.key --jobs 4

Everything is read from disk (nothing is fetched). Each distinct file is scanned once in
worker processes, as `mamori scan` does (--jobs, --timeout, --config, --allowlist, --types,
--edm); the report (mamori.pii.sweep) goes to stdout or ``-o``, the Excel workbook to
``--xlsx``. Exit status as `mamori scan`: 0 nothing found, 1 findings, 2 usage or
configuration error, 3 some file unscannable (3 wins over 1).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from pathlib import Path
from typing import Any

from mamori._exceptions import ConfigurationError, InputError
from mamori.cli._pii_options import add_rule_options, load_allowlist, parse_types
from mamori.cli._scan import (
    DEFAULT_TIMEOUT,
    EXIT_USAGE,
    _edm_spec,
    _make_scanner,
    _Progress,
    _unscannable_reason,
)

_STATUS = {"clean": "検出なし", "findings": "検出あり", "unscannable": "読めません"}


def _hash_key(args: argparse.Namespace) -> bytes | None:
    """The installation key for the previews' keyed hashes: --key or $MAMORI_KEY, if any."""
    from mamori._keys import DEFAULT_KEY_ENV_VAR, load_key

    if args.key is None and not os.environ.get(DEFAULT_KEY_ENV_VAR):
        return None
    return load_key(args.key)


def register(sub: Any) -> None:
    """Add the `sweep` parser."""
    parser = sub.add_parser(
        "sweep",
        help="scan a downloaded copy of the public website; report per page and department",
        description="Scan a folder mirror of the public website, or the files of a manifest "
        "(url,path), for personal data. Identical files are scanned once and reported under "
        "every URL and every page that links them; departments come from URL prefixes "
        "(--departments) or the page footer. Exit status: 0 nothing found, 1 findings, "
        "2 usage or configuration error, 3 some file unscannable.",
    )
    parser.add_argument("mirror", nargs="?", metavar="MIRROR", help="the mirror's folder")
    parser.add_argument("--manifest", metavar="FILE", help="CSV/TSV or JSON Lines of url,path")
    parser.add_argument(
        "--departments", metavar="YAML", help="URL path prefixes → departments (longest wins)"
    )
    parser.add_argument(
        "--base-url", metavar="URL", help="the site's address (e.g. https://www.city.example.jp/)"
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="report format on stdout"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report here")
    parser.add_argument("--xlsx", metavar="FILE", help="also write an Excel workbook")
    parser.add_argument(
        "--jobs", "-j", type=int, default=None, help="worker processes (default: CPU count)"
    )
    parser.add_argument("--types", default=None, help="comma-separated labels (default all)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per file (default {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    parser.add_argument(
        "--all-files",
        action="store_true",
        help="scan layout files too (CSS, scripts, fonts, images); default: count them skipped",
    )
    add_rule_options(parser)
    parser.add_argument(
        "--edm",
        action="append",
        metavar="INDEX",
        help="EDM index of the resident register (real residents) or of a fictitious "
        "dataset; repeatable (docs/edm.md)",
    )
    parser.add_argument(
        "--edm-key",
        "--key-file",
        dest="edm_key",
        metavar="FILE",
        help="the EDM indexes' key (default $MAMORI_EDM_KEY)",
    )
    parser.set_defaults(handler=_run)


def _site(args: argparse.Namespace) -> Any:
    from mamori.pii.sweep import site_from_manifest, site_from_mirror

    if bool(args.mirror) == bool(args.manifest):
        raise ConfigurationError("give either a MIRROR folder or --manifest FILE (one of them)")
    if args.manifest:
        return site_from_manifest(args.manifest, base_url=args.base_url)
    return site_from_mirror(args.mirror, base_url=args.base_url)


def _run(args: argparse.Namespace) -> int:
    from mamori.pii.sweep import DepartmentMap, sweep, write_xlsx

    try:
        types = parse_types(args.types)
        site = _site(args)
        departments = DepartmentMap.from_file(args.departments) if args.departments else None
        jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
        if jobs < 1:
            raise ConfigurationError("--jobs must be at least 1")
        if args.timeout < 0:
            raise ConfigurationError("--timeout must be 0 (no limit) or a number of seconds")
        timeout = args.timeout or None
        edm = _edm_spec(args)
        init = functools.partial(_make_scanner, args.config, types, load_allowlist(args), edm)
        bars: list[_Progress] = []  # made at the first file, when the total is known

        def step(done: int, total: int) -> None:
            if not bars:
                bars.append(_Progress(total, sys.stderr))
            bars[0].step(done)

        report = sweep(
            site,
            init=init,
            departments=departments,
            jobs=jobs,
            timeout=timeout,
            edm=edm is not None,
            all_files=args.all_files,
            progress=step,
            failure_reason=functools.partial(_failure_reason, timeout=timeout),
            hash_key=_hash_key(args),
        )
        for bar in bars:
            bar.close()
    except (ConfigurationError, InputError) as err:
        sys.stderr.write(f"mamori: error: {err}\n")
        return EXIT_USAGE
    if args.format == "json":
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_text(report)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if args.xlsx:
        write_xlsx(report, args.xlsx)
    return int(report.exit_status)


def _failure_reason(failure: Any, *, timeout: float | None) -> str:
    return _unscannable_reason(failure, timeout)


def _real(value: int, edm: bool) -> str:
    return str(value) if edm else "-"


def render_text(report: Any) -> str:
    """The Japanese summary: a table per department, then the files that need action."""
    edm = report.edm
    lines = ["所属\tページ\tファイル\t検出あり\t読めない\t件数\t人数\t世帯\t実在住民"]
    for d in report.departments():
        t = d.totals
        lines.append(
            f"{d.department.name}\t{d.pages}\t{t.files}\t{t.with_findings}\t{t.unscannable}\t"
            f"{t.findings}\t{t.persons}\t{t.households}\t{_real(t.real_persons, edm)}"
        )
    flagged = [f for f in report.files if f.status != "clean"]
    if flagged:
        lines += ["", "要対応のファイル:"]
        for f in sorted(flagged, key=lambda f: (f.department.name, f.urls[0])):
            o = f.outcome
            kinds = ", ".join(f"{k} {v}" for k, v in o.by_type.items())
            detail = o.error if o.status == "unscannable" else kinds
            real = f" 実在住民 {o.real_persons}人" if o.real_persons else ""
            lines.append(
                f"{_STATUS[o.status]}\t{f.department.name}\t{f.urls[0]}\t件数 {o.findings}\t"
                f"{o.households}世帯{o.persons}人{real}\t{detail}"
            )
            for url in f.urls[1:]:
                lines.append(f"  同じファイル: {url}")
            for page in f.pages if not f.is_page else ():
                lines.append(f"  掲載ページ: {page}")
            if not f.pages:
                lines.append("  掲載ページ: なし (どのページからもリンクされていません)")
    t = report.totals()
    lines += [
        "",
        f"{t.files} ファイル (重複を除く): 検出あり {t.with_findings}, 読めない {t.unscannable}, "
        f"件数 {t.findings}, 延べ {t.households}世帯{t.persons}人"
        + (f", 実在住民 延べ {t.real_persons}人" if edm else ""),
    ]
    if report.skipped:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items()))
        lines.append(f"点検対象外 (レイアウト用ファイル, --all-files で点検): {kinds}")
    return "\n".join(lines) + "\n"
