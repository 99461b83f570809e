"""What the structured detectors share: one pass over the digit runs, and two small bases.

``numeric_runs(doc)`` finds every run of digits (with single spaces, hyphens and
parentheses between groups) in the normalised text once per document and indexes the runs
by their digit count; each number detector then looks only at the lengths it cares about
and matches the run's *shape* (``9999-9999-9999``: every digit written as 9) against the
patterns of its YAML spec. ``RegexDetector`` runs the spec's regular expressions, whose
named groups ``value``/``value2`` are the spans reported.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, NamedTuple

from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment, Candidate
from mamori.pii._packs import DetectorSpec
from mamori.pii.detectors._jp import _cells_from_text, column_cells

__all__ = [
    "NumberDetector",
    "NumberRun",
    "RegexDetector",
    "column_cells_near",
    "in_column_cell",
    "make_candidate",
    "numeric_runs",
]

_RUNS = "mamori.numeric_runs"
# A digit run not glued to a word, an address or a path: ``(?<![0-9A-Za-z_.@/])\(?[0-9]+…``
# with the look-behind after the first character, so the scan skips to digits and brackets.
_RUN = re.compile(
    r"(?:\((?<![0-9A-Za-z_.@/].)[0-9]|[0-9](?<![0-9A-Za-z_.@/].))"
    r"[0-9]*(?:(?:[ \-(]|\)[ \-]?)[0-9]+)*\)?"
)
_SHAPE = str.maketrans("0123456789", "9999999999")
_NOT_DIGIT = re.compile(r"[^0-9]")
_MIN_DIGITS = 4
_NINES = ["9" * n for n in range(32)]


class NumberRun(NamedTuple):
    start: int  # normalised offsets
    end: int
    text: str
    digits: str
    shape: str


def numeric_runs(doc: ScanDocument) -> dict[int, list[NumberRun]]:
    """Digit runs (at least 4 digits) of the normalised text by digit count, once per document."""
    runs: dict[int, list[NumberRun]] | None = doc.cache.get(_RUNS)
    if runs is None:
        runs = {}
        for match in _RUN.finditer(doc.normalized.text):
            text = match.group()
            if len(text) < _MIN_DIGITS:
                continue
            start, end = match.span()
            if text.isdigit():
                runs.setdefault(len(text), []).append(
                    NumberRun(
                        start,
                        end,
                        text,
                        text,
                        _NINES[len(text)] if len(text) < 32 else text.translate(_SHAPE),
                    )
                )
                continue
            if (
                text.startswith("(")
                and text.endswith(")")
                and text.count("(") == 1 == text.count(")")
            ):
                text, start, end = text[1:-1], start + 1, end - 1  # (number) in brackets
            if text.endswith(")") and "(" not in text:
                text, end = text[:-1], end - 1
            if text.startswith("(") and ")" not in text:
                text, start = text[1:], start + 1
            digits = _NOT_DIGIT.sub("", text)
            if len(digits) < _MIN_DIGITS:
                continue
            runs.setdefault(len(digits), []).append(
                NumberRun(start, end, text, digits, text.translate(_SHAPE))
            )
        doc.cache[_RUNS] = runs
    return runs


_Cells = list[tuple[int, int]]
_MAX_TABLE_LINES = 200


def _may_split(line: str) -> bool:
    return "\t" in line or "|" in line or "," in line or "  " in line


def column_cells_near(
    doc: ScanDocument,
    matches: Callable[[str], bool],
    start: int,
    end: int,
    cache: dict[int, _Cells],
) -> _Cells:
    """The cells of ``column_cells(doc, matches)`` that may hold [start, end), cheaply.

    A text table's cells lie inside one line, and the table state is reset by every line
    that holds no separator; so the cells of a one-line span need only the run of separator
    lines that ends with its line. Anything else (regions, a span over lines, a long
    table) falls back to the whole document's cells, computed once into ``cache``.
    """
    regions = doc.extracted.regions
    text = doc.normalized.text
    if (regions and any(r.header for r in regions)) or "\n" in text[start:end]:
        return _all_cells(doc, matches, cache)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    if not _may_split(text[line_start:line_end]):
        return []
    block_start = line_start
    for _ in range(_MAX_TABLE_LINES):
        if block_start == 0:
            break
        previous = text.rfind("\n", 0, block_start - 1) + 1
        if not _may_split(text[previous : block_start - 1]):
            break
        block_start = previous
    else:
        return _all_cells(doc, matches, cache)
    return [
        (block_start + cell_start, block_start + cell_end)
        for cell_start, cell_end in _cells_from_text(text[block_start:line_end], matches)
    ]


def in_column_cell(
    doc: ScanDocument,
    matches: Callable[[str], bool],
    start: int,
    end: int,
    cache: dict[int, Any],
) -> bool:
    """Whether [start, end) lies inside one cell of ``column_cells_near``.

    For the whole document's cells (a spreadsheet of 5,000 rows has tens of thousands) the
    answer is a binary search over the cells sorted by start, with the largest end among
    those that start at or before each one: a span is inside a cell exactly when some cell
    starting at or before it ends at or after it.
    """
    cells = column_cells_near(doc, matches, start, end, cache)
    if cells is not cache.get(-1):
        return any(cs <= start and end <= ce for cs, ce in cells)
    index = cache.get(-2)
    if index is None:
        ordered = sorted(cells)
        reach: list[int] = []
        furthest = -1
        for _cs, ce in ordered:
            furthest = max(furthest, ce)
            reach.append(furthest)
        index = cache[-2] = ([cs for cs, _ce in ordered], reach)
    starts, reach = index
    at = bisect_right(starts, start) - 1
    return at >= 0 and reach[at] >= end


def _all_cells(
    doc: ScanDocument, matches: Callable[[str], bool], cache: dict[int, _Cells]
) -> _Cells:
    cells = cache.get(-1)
    if cells is None:
        cells = cache[-1] = column_cells(doc, matches)
    return cells


def make_candidate(
    doc: ScanDocument,
    spec: DetectorSpec,
    start: int,
    end: int,
    *,
    pattern: str | None,
    validated: bool | None = None,
    adjustments: tuple[Adjustment, ...] = (),
    label: str | None = None,
) -> Candidate:
    """A candidate at the normalised span [start, end), in original offsets."""
    original_start, original_end = doc.normalized.to_original(start, end)
    score = spec.score + sum(a.delta for a in adjustments)
    return Candidate(
        label=label or spec.label,
        start=original_start,
        end=original_end,
        score=min(1.0, max(0.0, score)),
        detector=spec.id,
        pattern=pattern,
        validated=validated,
        adjustments=adjustments,
    )


class NumberDetector:
    """A detector of digit runs: lengths and shapes from the spec, ``validate`` in code.

    Spec options: ``digits`` (the digit counts to look at). Patterns match the shape.
    """

    detector_id: ClassVar[str]
    labels: frozenset[str]

    def __init__(self, spec: DetectorSpec) -> None:
        if spec.id != self.detector_id:
            raise ValueError(f"{type(self).__name__} is {self.detector_id}, not {spec.id}")
        self.spec = spec
        self.labels = frozenset({spec.label})
        self.patterns = spec.compiled()
        self.lengths = tuple(int(n) for n in spec.option("digits", ()))

    @classmethod
    def from_spec(cls, spec: DetectorSpec) -> NumberDetector:
        return cls(spec)

    def validate(self, digits: str) -> bool | None:
        """True/False for a check digit that passes/fails; None when there is none."""
        return None

    def accept(self, doc: ScanDocument, run: NumberRun) -> tuple[Adjustment, ...] | None:
        """Extra checks beyond the check digit; None rejects. Default: accept as is."""
        return ()

    def _shape_pattern(self, shape: str) -> str | None:
        for name, pattern in self.patterns.items():
            if pattern.fullmatch(shape):
                return name
        return None

    def detect(self, doc: ScanDocument) -> Iterator[Candidate]:
        runs = numeric_runs(doc)
        for length in self.lengths:
            for run in runs.get(length, ()):
                name = self._shape_pattern(run.shape)
                if name is None:
                    continue
                validated = self.validate(run.digits)
                if validated is False:
                    continue
                extra = self.accept(doc, run)
                if extra is None:
                    continue
                yield make_candidate(
                    doc,
                    self.spec,
                    run.start,
                    run.end,
                    pattern=name,
                    validated=validated,
                    adjustments=extra,
                )


class RegexDetector:
    """A detector of the spec's regular expressions over the normalised text.

    A pattern's named group ``value`` (and ``value2`` … for a second span, as a grade after
    a certificate number) is what is reported; without one the whole match is.
    """

    detector_id: ClassVar[str]
    labels: frozenset[str]
    span_groups: ClassVar[tuple[str, ...]] = ("value", "value2")

    def __init__(self, spec: DetectorSpec) -> None:
        if spec.id != self.detector_id:
            raise ValueError(f"{type(self).__name__} is {self.detector_id}, not {spec.id}")
        self.spec = spec
        self.labels = frozenset({spec.label})
        self.patterns = spec.compiled()

    @classmethod
    def from_spec(cls, spec: DetectorSpec) -> RegexDetector:
        return cls(spec)

    def prefilter(self, text: str) -> bool:
        """Cheap test whether the text can match at all (default: always try)."""
        return True

    def validate(self, value: str) -> bool | None:
        return None

    def accept(self, doc: ScanDocument, match: re.Match[str]) -> tuple[Adjustment, ...] | None:
        return ()

    def detect(self, doc: ScanDocument) -> Iterable[Candidate]:
        text = doc.normalized.text
        if not self.prefilter(text):
            return
        for name, pattern in self.patterns.items():
            groups = [g for g in self.span_groups if g in pattern.groupindex]
            for match in pattern.finditer(text):
                extra = self.accept(doc, match)
                if extra is None:
                    continue
                spans = [match.span(g) for g in groups if match.group(g) is not None] or [
                    match.span()
                ]
                for start, end in spans:
                    validated = self.validate(text[start:end])
                    if validated is False:
                        continue
                    yield make_candidate(
                        doc,
                        self.spec,
                        start,
                        end,
                        pattern=name,
                        validated=validated,
                        adjustments=extra,
                    )
