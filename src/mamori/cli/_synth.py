"""`mamori synth …`: fictitious residents, labelled documents, consistent pseudonymisation."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    synth = sub.add_parser(
        "synth",
        help="fictitious residents, labelled documents, pseudonymisation",
        description="Generate fictitious data (never real residents) for tests, manuals and "
        "migrations.",
    )
    synth_sub = synth.add_subparsers(dest="synth_command", metavar="SYNTH_COMMAND")
    synth.set_defaults(handler=lambda args: _help(synth))
    # Each sub-command lives in its own module.
    from mamori.cli import _synth_corpus, _synth_pseudonymize, _synth_residents

    _synth_residents.register(synth_sub)
    _synth_corpus.register(synth_sub)
    _synth_pseudonymize.register(synth_sub)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2
