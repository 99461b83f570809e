"""`mamori synth pseudonymize` and `mamori synth keygen`.

    mamori synth keygen -o secret.key
    mamori synth pseudonymize 住民.csv -o 住民_仮名.csv --key-file secret.key \\
        --columns 氏名:PERSON,氏名カナ:KANA(氏名),住所:ADDRESS,郵便番号:POSTAL_CODE(住所)
    mamori synth pseudonymize 住民.csv 世帯.xlsx -o out/ --key-file secret.key --columns …

See docs/pseudonymize.md.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

COLUMNS_HELP = (
    "COLUMN:KIND items separated by commas (repeatable). Kinds: PERSON, SURNAME, "
    "GIVEN_NAME(surname column), KANA(name, surname or given-name column), "
    "ADDRESS, POSTAL_CODE(address column), PHONE, DATE_OF_BIRTH, EMAIL, MY_NUMBER, "
    "RESIDENT_CODE, HOUSEHOLD, ID, PENSION_NUMBER, DRIVERS_LICENSE, PASSPORT, "
    "HEALTH_INSURANCE, BANK_ACCOUNT. Example: 氏名:PERSON,氏名カナ:KANA(氏名),"
    "住所:ADDRESS,郵便番号:POSTAL_CODE(住所),世帯番号:HOUSEHOLD; with separate columns: "
    "姓:SURNAME,名:GIVEN_NAME(姓),セイ:KANA(姓),メイ:KANA(名)"
)


def register(sub: Any) -> None:
    """Add `pseudonymize` and `keygen` to `mamori synth`."""
    p = sub.add_parser(
        "pseudonymize",
        help="replace real personal data in CSV/XLSX with consistent fictitious values",
        description="Replace each real value of the declared columns with a fictitious one of "
        "the same kind and layout. The same value under the same key always gives the same "
        "pseudonym, so joins between tables still work; different values never share one.",
    )
    p.add_argument("inputs", nargs="+", metavar="IN", help="CSV (UTF-8 or CP932) or XLSX files")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="output file (one input) or folder (several inputs; created if missing)",
    )
    p.add_argument("--columns", action="append", required=True, help=COLUMNS_HELP)
    p.add_argument(
        "--key-file",
        metavar="K",
        help="secret key file (mode 0600); default: the MAMORI_KEY environment variable",
    )
    p.add_argument("--encoding", help="CSV encoding (utf-8, utf-8-sig, cp932); default: detect")
    p.add_argument("--output-encoding", help="CSV output encoding; default: the input's encoding")
    p.add_argument("--sheet", help="XLSX: only this sheet (default: every sheet)")
    p.add_argument(
        "--address-keep",
        choices=("municipality", "prefecture", "none"),
        default="municipality",
        help="what of the real address survives (default: prefecture and municipality)",
    )
    p.add_argument(
        "--date-window",
        type=int,
        default=30,
        metavar="DAYS",
        help="dates of birth move by 1 to DAYS-1 days either way (default 30)",
    )
    p.add_argument(
        "--on-invalid",
        choices=("error", "blank"),
        default="error",
        help="a value that cannot be read as its kind: stop (default) or empty the cell",
    )
    p.set_defaults(handler=_pseudonymize)

    k = sub.add_parser(
        "keygen",
        help="create a secret key file for pseudonymisation (32 random bytes, mode 0600)",
        description="Write a new random key as hex to a new file readable by you only. An "
        "existing file is never overwritten.",
    )
    k.add_argument("-o", "--output", required=True, metavar="K", help="the key file to create")
    k.set_defaults(handler=_keygen)


def _pseudonymize(args: argparse.Namespace) -> int:
    from mamori.synth._pseudonymize import pseudonymize_files

    report = pseudonymize_files(
        args.inputs,
        args.output,
        args.columns,
        key_file=args.key_file,
        encoding=args.encoding,
        output_encoding=args.output_encoding,
        sheet=args.sheet,
        address_keep=args.address_keep,
        date_window_days=args.date_window,
        on_invalid=args.on_invalid,
    )
    outputs = ", ".join(str(p) for p in report.outputs)
    blanked = f", {report.blanked} cells emptied" if report.blanked else ""
    sys.stdout.write(
        f"{report.rows} rows, {report.cells} cells pseudonymised{blanked}: {outputs}\n"
    )
    return 0


def _keygen(args: argparse.Namespace) -> int:
    from mamori._keys import generate_key_file

    path = generate_key_file(args.output)
    sys.stdout.write(f"key written to {path} (mode 0600); keep it secret and backed up.\n")
    return 0
