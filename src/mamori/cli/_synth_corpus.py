"""`mamori synth corpus`: labelled fictitious documents with gold annotations."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    """Add the `corpus` parser to `mamori synth`."""
    parser = sub.add_parser(
        "corpus",
        help="labelled fictitious documents (docx, xlsx, pdf, html, eml, csv …) with gold",
        description="Write fictitious documents of the kinds a city produces (counter manuals "
        "with worked examples, council minutes, press releases, notices, rosters, e-mails …) "
        "into DIR/documents, with gold.jsonl (the personal data in each, as offsets into the "
        "extracted text), traps.jsonl (look-alikes that are not personal data) and "
        "corpus.jsonl (one line per file). See docs/corpus.md.",
    )
    parser.add_argument(
        "-n", "--count", type=int, default=300, metavar="N", help="documents (default 300)"
    )
    parser.add_argument("--seed", type=int, default=0, help="same seed, same bytes (default 0)")
    parser.add_argument("-o", "--out", required=True, metavar="DIR", help="output directory")
    parser.add_argument("--city", help="draw residents of one municipality (e.g. 市川市)")
    parser.add_argument(
        "--force", action="store_true", help="replace the contents of a non-empty DIR"
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from mamori.synth._corpus import generate_corpus

    progress = _progress if sys.stderr.isatty() else None
    summary = generate_corpus(
        args.out,
        n=args.count,
        seed=args.seed,
        city=args.city,
        force=args.force,
        progress=progress,
    )
    if progress is not None:
        sys.stderr.write("\n")
    out = sys.stdout
    out.write(f"{len(summary.files)} documents in {summary.out_dir}\n")
    out.write("kinds: " + ", ".join(f"{k} {v}" for k, v in summary.by_kind.items()) + "\n")
    out.write("formats: " + ", ".join(f"{k} {v}" for k, v in summary.by_format.items()) + "\n")
    total = sum(summary.by_type.values())
    out.write(
        f"annotations: {total} ("
        + ", ".join(f"{k} {v}" for k, v in summary.by_type.items())
        + ")\n"
    )
    out.write(f"traps: {sum(summary.traps_by_kind.values())}\n")
    return 0


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rmamori synth corpus: {done}/{total} documents")
    sys.stderr.flush()
