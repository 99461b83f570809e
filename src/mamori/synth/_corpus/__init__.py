"""Labelled fictitious documents of the kinds a city produces, with gold annotations.

See docs/corpus.md for the kinds, the formats, the canonical extracted text of each format
and the annotation decisions.
"""

from __future__ import annotations

from mamori.synth._corpus._generate import (
    KINDS,
    CorpusFile,
    CorpusSummary,
    GoldAnnotation,
    build_documents,
    generate_corpus,
)

__all__ = [
    "KINDS",
    "CorpusFile",
    "CorpusSummary",
    "GoldAnnotation",
    "build_documents",
    "generate_corpus",
]
