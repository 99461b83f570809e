"""The context stage, and the text geometry detectors share (lines, table column headers).

Context words raise or lower a candidate's score when they occur in the same line within
``before``/``after`` characters of it, or in its column header. A detector whose context is
``required`` loses every candidate without a context word here.

Column headers come from the extractor's regions (``Region.header``) when it knows them,
else from the text itself: for a row of a table written as TAB-, comma-, ``|``- or
two-space-separated cells, the header is the cell in the same column of the nearest line
above with the same number of cells and no digits in it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment, Candidate
from mamori.pii._normalize import to_normalized
from mamori.pii._packs import ContextSpec

__all__ = ["ContextRule", "apply_context", "column_header", "line_span", "near"]

_LINES = "mamori.lines"
_HEADERS = "mamori.headers"
_SHAPES = "mamori.line_shapes"
_REGION_HEADERS = "mamori.region_headers"
_MAX_HEADER_DISTANCE = 400  # lines
_DOUBLE_SPACE = re.compile(r" {2,}")
_DIGIT = re.compile(r"[0-9]")
_RULE = re.compile(r"^[\s|:\-]*$")


def _newlines(doc: ScanDocument) -> list[int]:
    found: list[int] | None = doc.cache.get(_LINES)
    if found is None:
        text = doc.normalized.text
        found = [m.start() for m in re.finditer("\n", text)]
        doc.cache[_LINES] = found
    return found


def line_span(doc: ScanDocument, position: int) -> tuple[int, int, int]:
    """(line index, start, end) of the normalised line holding ``position``."""
    newlines = _newlines(doc)
    index = bisect.bisect_left(newlines, position)
    start = newlines[index - 1] + 1 if index > 0 else 0
    end = newlines[index] if index < len(newlines) else len(doc.normalized.text)
    return index, start, end


def near(doc: ScanDocument, start: int, end: int, before: int, after: int) -> str:
    """The text of the same line within ``before`` chars before and ``after`` after a span."""
    _, line_start, line_end = line_span(doc, start)
    text = doc.normalized.text
    return (
        text[max(line_start, start - before) : start]
        + "\x00"
        + text[end : min(line_end, end + after)]
    )


def _cells(line: str) -> tuple[str, list[str]] | None:
    if "\t" in line:
        return "\t", line.split("\t")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 3:
        return "|", stripped.strip("|").split("|")
    if "," in line:
        return ",", line.split(",")
    if "  " in line.strip():
        return "  ", _DOUBLE_SPACE.split(line.strip())
    return None


def _column(line: str, sep: str, offset: int) -> int:
    head = line[:offset]
    if sep == "  ":
        return len(_DOUBLE_SPACE.findall(head.lstrip()))
    if sep == "|":
        return head.count("|") - 1
    return head.count(sep)


def _region_header(doc: ScanDocument, position: int) -> str | None:
    regions = doc.extracted.regions
    if not regions:
        return None
    table = doc.cache.get(_REGION_HEADERS)
    if table is None:
        ordered = sorted((r for r in regions if r.header), key=lambda r: r.start)
        table = ([r.start for r in ordered], ordered)
        doc.cache[_REGION_HEADERS] = table
    starts, ordered = table
    original = doc.normalized.to_original(position, position + 1)[0]
    index = bisect.bisect_right(starts, original) - 1
    if index >= 0 and ordered[index].start <= original < ordered[index].end:
        header: str | None = ordered[index].header
        return header
    return None


@dataclass(frozen=True, slots=True)
class Header:
    cell: str  # the header cell of the column
    line: str  # the whole header line


def column_header(doc: ScanDocument, position: int) -> Header | None:
    """The column header of the table cell at normalised ``position``, if any."""
    found_in_text = _text_header(doc, position)
    if found_in_text is not None:
        return found_in_text
    from_region = _region_header(doc, position)
    return Header(from_region, from_region) if from_region is not None else None


def _text_header(doc: ScanDocument, position: int) -> Header | None:
    index, line_start, line_end = line_span(doc, position)
    line = doc.normalized.text[line_start:line_end]
    shapes: dict[int, tuple[str, list[str]] | None] = doc.cache.setdefault(_SHAPES, {})
    if index not in shapes:
        shapes[index] = _cells(line)
    shape = shapes[index]
    if shape is None:
        return None
    sep, cells = shape
    column = _column(line, sep, position - line_start)
    memo: dict[tuple[int, str, int], tuple[str, list[str]] | None] = doc.cache.setdefault(
        _HEADERS, {}
    )
    key = (index, sep, len(cells))
    if key not in memo:
        memo[key] = _find_header(doc, index, sep, len(cells), memo)
    found = memo[key]
    if found is None or column >= len(found[1]):
        return None
    return Header(found[1][column].strip(), found[0])


def _find_header(
    doc: ScanDocument,
    index: int,
    sep: str,
    count: int,
    memo: dict[tuple[int, str, int], tuple[str, list[str]] | None],
) -> tuple[str, list[str]] | None:
    newlines = _newlines(doc)
    text = doc.normalized.text
    for above in range(index - 1, max(-1, index - _MAX_HEADER_DISTANCE), -1):
        known = memo.get((above, sep, count))
        if known is not None:
            return known
        start = newlines[above - 1] + 1 if above > 0 else 0
        line = text[start : newlines[above]]
        shape = _cells(line)
        if shape is None or shape[0] != sep or len(shape[1]) != count:
            if line.strip():
                continue
            continue
        if _RULE.match(line):
            continue
        if not _DIGIT.search(line):
            return line, shape[1]
    return None


@dataclass(frozen=True, slots=True)
class ContextRule:
    """A detector's context, compiled."""

    spec: ContextSpec
    words: re.Pattern[str] | None
    negative: re.Pattern[str] | None

    @classmethod
    def build(cls, spec: ContextSpec) -> ContextRule:
        def alternation(words: tuple[str, ...]) -> re.Pattern[str] | None:
            if not words:
                return None
            return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))

        return cls(spec, alternation(spec.words), alternation(spec.negative))


def _context_of(doc: ScanDocument, candidate: Candidate, rule: ContextRule) -> Candidate | None:
    spec = rule.spec
    start, end = to_normalized(doc.normalized, candidate.start, candidate.end)
    window = near(doc, start, end, spec.before, spec.after)
    header: Header | None = None
    header_looked = False

    def header_cell() -> str:
        nonlocal header, header_looked
        if not header_looked:
            header_looked = True
            header = column_header(doc, start) if spec.headers else None
        return header.cell if header is not None else ""

    adjustments: list[Adjustment] = []
    found = False
    for pattern, is_positive in ((rule.words, True), (rule.negative, False)):
        if pattern is None:
            continue
        hit = pattern.search(window)
        place = "nearby"
        if hit is None and spec.headers:
            hit = pattern.search(header_cell())
            place = "column header"
        if hit is None:
            continue
        if is_positive:
            found = True
            adjustments.append(Adjustment(f"context '{hit.group()}' {place}", spec.boost))
        else:
            adjustments.append(
                Adjustment(f"negative context '{hit.group()}' {place}", -spec.penalty)
            )
    if spec.required and not found:
        return None
    if not adjustments:
        return candidate
    score = candidate.score + sum(a.delta for a in adjustments)
    return replace(
        candidate,
        score=min(1.0, max(0.0, score)),
        adjustments=candidate.adjustments + tuple(adjustments),
    )


def apply_context(
    doc: ScanDocument,
    candidates: Iterable[Candidate],
    rules: Mapping[str, ContextRule],
) -> list[Candidate]:
    """Adjust each candidate by its detector's context rule; drop those missing required context."""
    out: list[Candidate] = []
    for candidate in candidates:
        rule = rules.get(candidate.detector)
        if rule is None or (
            rule.words is None and rule.negative is None and not rule.spec.required
        ):
            out.append(candidate)
            continue
        adjusted = _context_of(doc, candidate, rule)
        if adjusted is not None:
            out.append(adjusted)
    return out
