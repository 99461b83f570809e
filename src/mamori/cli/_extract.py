"""`mamori extract PATH`: the text the scanner sees (offsets of findings point into it)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_UNSCANNABLE = 1


def register(sub: Any) -> None:
    """Add the `extract` parser."""
    parser = sub.add_parser(
        "extract",
        help="print the text the scanner sees in a file (or its regions)",
        description="Print the extracted text of PATH exactly as the scanner sees it (the "
        "offsets of scan findings count characters of this text). A file that cannot be "
        "read completely is reported on stderr with the reason and exit status 1.",
    )
    parser.add_argument("path", metavar="PATH", help="the file (docx, xlsx, pdf, eml, zip …)")
    parser.add_argument(
        "--regions",
        action="store_true",
        help="print the regions (table cells, pages, attachments) as JSON lines instead",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from mamori.pii._model import Status
    from mamori.pii.extract import extract

    result = extract(args.path)
    if result.status is not Status.OK:
        sys.stderr.write(f"mamori: unscannable: {args.path}: {result.error}\n")
        return EXIT_UNSCANNABLE
    if args.regions:
        lines = []
        for region in result.regions:
            record = {
                "start": region.start,
                "end": region.end,
                "page": region.location.page,
                "sheet": region.location.sheet,
                "cell": region.location.cell,
                "part": region.location.part,
                "header": region.header,
            }
            lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        _write("".join(lines))
    else:
        _write(result.text)
    return 0


def _write(text: str) -> None:
    """UTF-8 bytes as they are: no newline translation, whatever the console encoding."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
