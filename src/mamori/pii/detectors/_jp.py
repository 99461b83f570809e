"""Helpers shared by the Japanese language detectors (person, address, date of birth).

- `load_keywords(name)`: a detector's keyword lists from `packs/default/<name>.yaml`, or from
  a city's own copy of the file.
- `column_cells(doc, matches)`: the table cells whose column header satisfies `matches`,
  in normalised offsets. Cells come from the extractor's regions (`Region.header`); when a
  file has no regions (plain text, a table pasted into a memo or a PDF), the text itself is
  read as a table: a header line of cells separated by TAB, comma or two spaces, and the
  lines below it with the same number of cells.
- `Spans`: collects a detector's candidates in normalised offsets, keeps the best of
  overlapping ones, and maps them back to the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

from mamori._exceptions import ConfigurationError
from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment, Candidate

__all__ = ["Spans", "column_cells", "load_keywords", "to_normalized"]

DEFAULT_PACK: Final = Path(__file__).resolve().parents[1] / "packs" / "default"
_SEPARATORS: Final = (
    re.compile(r"\t"),
    re.compile(r" ?\| ?"),
    re.compile(r","),
    re.compile(r" {2,}"),
)


def load_keywords(detector_id: str, name: str, path: Path | None = None) -> dict[str, Any]:
    """The `options` of a detector in a rule pack (default: `packs/default/<name>.yaml`)."""
    from mamori.pii._packs import load_pack

    pack = load_pack([path or DEFAULT_PACK / f"20_{name}.yaml"])
    for spec in pack.detectors:
        if spec.id == detector_id:
            return dict(spec.options)
    raise ConfigurationError(f"the rule pack has no detector {detector_id}")


def words(data: dict[str, Any], key: str) -> tuple[str, ...]:
    """A list of words from a pack, longest first (for alternations)."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigurationError(f"keyword pack entry {key!r} must be a list of strings")
    return tuple(sorted({v for v in value if v}, key=lambda v: (-len(v), v)))


def alternation(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(item) for item in items)


def to_normalized(doc: ScanDocument, start: int, end: int) -> tuple[int, int]:
    """Normalised offsets of an original span (the first/last normalised chars inside it)."""
    cache = doc.cache.get("jp.original_to_normalized")
    if cache is None:
        starts = doc.normalized.starts
        cache = {}
        for i in range(len(starts) - 1, -1, -1):
            cache[int(starts[i])] = i
        doc.cache["jp.original_to_normalized"] = cache
    n = len(doc.normalized.text)
    s = start
    while s < end and s not in cache:
        s += 1
    ns = cache.get(s, n)
    ne = ns
    while ne < n and int(doc.normalized.starts[ne]) < end:
        ne += 1
    return ns, ne


def _cells_from_regions(
    doc: ScanDocument, matches: Callable[[str], bool]
) -> Iterator[tuple[int, int]]:
    for region in doc.extracted.regions:
        if region.header and matches(region.header.strip()):
            yield to_normalized(doc, region.start, region.end)


def _split(line: str) -> tuple[re.Pattern[str], list[str]] | None:
    for separator in _SEPARATORS:
        parts = separator.split(line)
        if len(parts) >= 2:
            return separator, parts
    return None


def _cells_from_text(text: str, matches: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
    """Cells of text tables: a header line, then lines with as many cells as the header."""
    if "\t" not in text and "," not in text and "  " not in text and "|" not in text:
        return
    offset = 0
    columns: list[int] = []
    separator: re.Pattern[str] | None = None
    width = 0
    for line in text.split("\n"):
        split = _split(line) if line else None
        if split is not None:
            sep, parts = split
            if columns and sep is separator and len(parts) == width:
                position = offset
                boundaries = [m.span() for m in sep.finditer(line)]
                cell_start = 0
                for index, part in enumerate(parts):
                    if index in columns and part.strip():
                        lead = len(part) - len(part.lstrip())
                        yield (
                            position + cell_start + lead,
                            position + cell_start + len(part.rstrip()),
                        )
                    if index < len(boundaries):
                        cell_start = boundaries[index][1]
            elif not columns or sep is not separator or len(parts) != width:
                header = [i for i, part in enumerate(parts) if matches(part.strip())]
                filled = sum(1 for part in parts if part.strip())
                if (
                    header
                    and filled >= 2
                    and all(len(parts[i].strip()) <= 16 for i in header)
                    and not _label_and_value(parts, header)
                ):
                    columns, separator, width = header, sep, len(parts)
                else:
                    columns = []
        else:
            columns = []
        offset += len(line) + 1


_VALUE: Final = re.compile(r"[0-9]| ")


def _label_and_value(parts: list[str], header: list[int]) -> bool:
    """A form line (氏名　　鳰川 幸洋), not a table header: beside the label stands a value.

    The other cells of a header row are labels too (番号, 住所, 電話); a cell with a digit or
    a space inside (a spaced name, a date, a number) is a filled-in value.
    """
    others = [p.strip() for i, p in enumerate(parts) if i not in header and p.strip()]
    return any(_VALUE.search(cell) for cell in others)


def column_cells(doc: ScanDocument, matches: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Normalised spans of the table cells whose column header `matches`."""
    if doc.extracted.regions and any(r.header for r in doc.extracted.regions):
        return list(_cells_from_regions(doc, matches))
    return list(_cells_from_text(doc.normalized.text, matches))


class Spans:
    """A detector's candidates in normalised offsets; overlapping ones keep the best."""

    def __init__(self, label: str, detector: str) -> None:
        self.label = label
        self.detector = detector
        self._items: dict[tuple[int, int], tuple[float, str, tuple[Adjustment, ...]]] = {}
        self._resolved: list[tuple[int, int, float, str, tuple[Adjustment, ...]]] | None = None

    def add(
        self,
        start: int,
        end: int,
        score: float,
        pattern: str,
        adjustments: tuple[Adjustment, ...] = (),
    ) -> None:
        if end <= start:
            return
        score = round(score, 4)  # sums of context weights: 0.35 + 0.1 + 0.05 is 0.5, not 0.4999…
        self._resolved = None
        old = self._items.get((start, end))
        if old is None or old[0] < score:
            self._items[(start, end)] = (score, pattern, adjustments)

    def drop_below(self, score: float) -> None:
        """Forget every candidate scored below `score` (a later stage decides them)."""
        self._items = {k: v for k, v in self._items.items() if v[0] >= score}
        self._resolved = None

    def spans(self) -> list[tuple[int, int, float, str, tuple[Adjustment, ...]]]:
        """Non-overlapping spans: the higher score wins, then the longer span."""
        if self._resolved is not None:
            return self._resolved
        ranked = sorted(
            self._items.items(), key=lambda kv: (-kv[1][0], -(kv[0][1] - kv[0][0]), kv[0][0])
        )
        starts: list[int] = []  # the spans taken so far, sorted and disjoint
        ends: list[int] = []
        out: list[tuple[int, int, float, str, tuple[Adjustment, ...]]] = []
        for (start, end), (score, pattern, adjustments) in ranked:
            at = bisect_left(starts, end)
            if at and ends[at - 1] > start:
                continue  # overlaps the taken span that starts last before `end`
            starts.insert(at, start)
            ends.insert(at, end)
            out.append((start, end, score, pattern, adjustments))
        out.sort()
        self._resolved = out
        return out

    def candidates(self, doc: ScanDocument) -> list[Candidate]:
        out: list[Candidate] = []
        for start, end, score, pattern, adjustments in self.spans():
            s, e = doc.normalized.to_original(start, end)
            out.append(
                Candidate(
                    label=self.label,
                    start=s,
                    end=e,
                    score=round(min(score, 1.0), 3),
                    detector=self.detector,
                    pattern=pattern,
                    adjustments=adjustments,
                )
            )
        return out
