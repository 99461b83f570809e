"""Options shared by the scanner's commands (`mamori scan`, `mamori redact`)."""

from __future__ import annotations

import argparse
from typing import Any

from mamori._exceptions import ConfigurationError


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """--allowlist, --key and --config, as every command that runs the scanner takes them."""
    parser.add_argument("--allowlist", metavar="FILE", help="allowlist of keyed hashes")
    parser.add_argument(
        "--key", metavar="FILE", help="installation key for the allowlist (default $MAMORI_KEY)"
    )
    parser.add_argument("--config", metavar="PACK", help="rule pack folder or override file")


def parse_types(raw: str | None) -> list[str] | None:
    """--types A,B → labels of spec/pii.md; an unknown label is a usage error."""
    if raw is None:
        return None
    from mamori.pii._model import Label

    names = [t.strip().upper() for t in raw.split(",") if t.strip()]
    known = {label.value for label in Label}
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise ConfigurationError(
            f"--types: unknown labels {unknown or raw!r}; known: {', '.join(sorted(known))}"
        )
    return names


def load_allowlist(args: argparse.Namespace) -> Any:
    """The allowlist named by --allowlist, keyed with --key (or $MAMORI_KEY); None if absent."""
    if args.allowlist is None:
        return None
    from mamori._keys import load_key
    from mamori.pii._allowlist import Allowlist

    return Allowlist.from_file(args.allowlist, load_key(args.key))
