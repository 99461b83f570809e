"""`mamori redact IN -o OUT`: a masked copy of a file, in the same format (docs/redaction.md).

Exit status: 0 the copy was written (with or without masks), 2 usage or configuration
error, 3 the input is unscannable or not redactable (PDF …), or a finding could not be
masked or was still found in the copy (then nothing is written).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mamori._exceptions import ConfigurationError
from mamori.cli._pii_options import add_rule_options, load_allowlist, parse_types

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FAILED = 3

_MASKS = {"■": "■", "block": "■", "tag": "tag"}


def register(sub: Any) -> None:
    """Add the `redact` parser."""
    parser = sub.add_parser(
        "redact",
        help="write a masked copy of a file in the same format (exit 3 if it cannot be done)",
        description="Write a copy of IN to OUT in the same format with every finding masked: "
        "■ per character (lengths and table widths stay) or a type tag such as [氏名]. "
        "TXT, MD, CSV, TSV, JSON, HTML, DOCX and XLSX; PDF is refused (redact the source "
        "document and export again). 法人番号 (CORPORATE_NUMBER, public) is kept unless "
        "named in --types. The copy is extracted and scanned again before it is put in "
        "place. Exit status: 0 written, 2 usage or configuration error, 3 unscannable, not "
        "redactable, or a finding could not be masked (nothing written).",
    )
    parser.add_argument("input", metavar="IN", help="the file to redact")
    parser.add_argument("-o", "--out", required=True, metavar="OUT", help="the masked copy")
    parser.add_argument(
        "--mask",
        default="■",
        metavar="■|tag",
        help="■ (one per character, default; 'block' also works) or tag ([氏名], [住所] …)",
    )
    parser.add_argument(
        "--types",
        default=None,
        help="comma-separated labels to mask (default: all but CORPORATE_NUMBER)",
    )
    add_rule_options(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.set_defaults(handler=_run)


def _scanner(args: argparse.Namespace) -> Any:
    from mamori.pii import Registry, Scanner

    allowlist = load_allowlist(args)
    # Every detector runs (法人番号 must be told from 個人番号); --types only chooses masks.
    return Scanner(Registry.from_config(args.config), allowlist=allowlist)


def _text_report(report: Any) -> Iterator[str]:
    counts = ", ".join(f"{k} {v}" for k, v in report.counts.items()) or "なし"
    yield f"{report.path} → {report.out_path} ({report.format}, マスク {report.mask})\n"
    yield f"マスクした件数: {len(report.masked)} ({counts})\n"
    for item in report.masked:
        yield f"  {item.type}\t{item.where}\n"
    if report.kept:
        kept = ", ".join(f"{k} {v}" for k, v in sorted(report.kept.items()))
        yield f"残した種類 (--types の対象外): {kept}\n"
    for note in report.notes:
        yield f"注記: {note}\n"


def _write(text: str) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _run(args: argparse.Namespace) -> int:
    from mamori.pii.redact import RedactionError, redact_file

    try:
        mask = _MASKS.get(args.mask)
        if mask is None:
            raise ConfigurationError(f"--mask must be ■ (or block) or tag, not {args.mask!r}")
        source = Path(args.input)
        if not source.is_file():
            raise ConfigurationError(f"{args.input} does not exist or is not a file")
        if Path(args.out).exists() and not args.force:
            raise ConfigurationError(f"{args.out} exists; use --force to replace it")
        scanner = _scanner(args)
        report = redact_file(
            source, args.out, scanner=scanner, mask=mask, types=parse_types(args.types)
        )
    except ConfigurationError as err:
        sys.stderr.write(f"mamori: error: {err}\n")
        return EXIT_USAGE
    except RedactionError as err:
        sys.stderr.write(f"mamori: redact: {err}\n")
        return EXIT_FAILED
    if args.format == "json":
        _write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        _write("".join(_text_report(report)))
    return EXIT_OK
