from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from mamori import __version__
from mamori._exceptions import MamoriError
from mamori.cli import _edm, _extract, _redact, _scan, _sweep, _synth, _web

EXIT_OK = 0
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mamori",
        description="mamori (守り): protects residents' personal data in a Japanese city hall.",
    )
    parser.add_argument("--version", action="version", version=f"mamori {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _web.register(sub)
    _synth.register(sub)
    _extract.register(sub)
    _scan.register(sub)
    _redact.register(sub)
    _edm.register(sub)
    _sweep.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        result: int = args.handler(args)
    except MamoriError as err:
        sys.stderr.write(f"mamori: error: {err}\n")
        return EXIT_USAGE
    return result
