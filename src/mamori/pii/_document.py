"""What a detector sees: the extracted file, its normalised text with the offset map back.

`Detector` is the protocol every detector implements (a small class with a permanent
`detector_id`, STYLE.md). Detectors look at `doc.normalized.text` (NFKC, half-width digits,
one kind of hyphen …) and report candidates in ORIGINAL offsets via
`doc.normalized.to_original(start, end)`. Work that several detectors share (SudachiPy
tokens, for one) is kept in `doc.cache` under a key named after the producer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from mamori.pii._model import Candidate, Extracted


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalised text plus, for every normalised character, the original offset.

    `starts[i]` is the original offset where normalised character i begins and `ends[i]`
    where it ends (exclusive), so a normalised span [s, e) maps to the original span
    [starts[s], ends[e - 1]).
    """

    text: str
    starts: tuple[int, ...] | Any  # a sequence of int (array('l') in practice)
    ends: tuple[int, ...] | Any

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            position = self.starts[start] if start < len(self.starts) else self._tail()
            return position, position
        return int(self.starts[start]), int(self.ends[end - 1])

    def _tail(self) -> int:
        return int(self.ends[-1]) if len(self.ends) else 0


@dataclass(slots=True)
class ScanDocument:
    extracted: Extracted
    normalized: NormalizedText
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The original extracted text."""
        return self.extracted.text


@runtime_checkable
class Detector(Protocol):
    """A detector: permanent id, the labels it may emit, and `detect`."""

    detector_id: str
    labels: frozenset[str]

    def detect(self, doc: ScanDocument) -> Iterable[Candidate]: ...
