"""Building ScanDocuments for the language-detector tests (normalised by the engine)."""

from __future__ import annotations

from mamori.pii._document import ScanDocument
from mamori.pii._model import Candidate, Extracted, Region
from mamori.pii._normalize import normalize


def make_doc(text: str, regions: tuple[Region, ...] = ()) -> ScanDocument:
    return ScanDocument(Extracted(path="test.txt", text=text, regions=regions), normalize(text))


def found(candidates: object, text: str, threshold: float = 0.5) -> list[str]:
    """The texts of the candidates at or above the threshold, in order."""
    assert isinstance(candidates, list | tuple)
    out: list[str] = []
    for candidate in candidates:
        assert isinstance(candidate, Candidate)
        if candidate.score >= threshold:
            out.append(text[candidate.start : candidate.end])
    return out
