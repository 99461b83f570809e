"""DATE_OF_BIRTH: dates that the context says are someone's birth date.

Date forms (on the normalised text: half-width digits, '-' between digits):

- `wareki`: 昭和58年4月12日, 令和元年5月1日, 平成２０年１１月２２日;
- `wareki_short`: S58.4.12, H1.1.8, R2/3/4 (one-letter era);
- `seireki`: 1983年4月12日, 1983/04/12, 1983-04-12, 1983.4.12.

Every date must exist in the calendar (and in its era). A date is a birth date only with
context (the `pattern` says which): a birth word shortly before it on the same line
(生年月日, 誕生日, 生まれ …: `context_before`), 生/生まれ/(45歳) right after it
(`context_after`), a table column headed 生年月日 (`column`), or a record key such as
"birth_date" (`record_key`). A date with a non-birth word closer to it than the birth word
(施行日, 開催日, 入社日, 交付日 …) is not reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from mamori.jpdate import ERAS
from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment, Candidate, Label
from mamori.pii._packs import DetectorSpec
from mamori.pii.detectors._base import in_column_cell
from mamori.pii.detectors._jp import Spans, alternation, load_keywords, words

__all__ = ["BirthDateDetector", "parse_date"]

_ERA_NAMES: Final = {name: start for name, _letter, start in ERAS}
_ERA_LETTERS: Final = {letter: start for _name, letter, start in ERAS}
_DATE: Final = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"(?P<era>明治|大正|昭和|平成|令和) ?(?P<ey>元|[0-9]{1,2}) ?年 ?(?P<em>[0-9]{1,2}) ?月"
    r" ?(?P<ed>[0-9]{1,2}) ?日"
    r"|(?P<letter>[MTSHRmtshr]) ?(?P<ly>[0-9]{1,2})(?P<lsep>[./-])(?P<lm>[0-9]{1,2})"
    r"(?P=lsep)(?P<ld>[0-9]{1,2})"
    r"|(?P<y>(?:18|19|20)[0-9]{2})(?:年(?P<m1>[0-9]{1,2})月(?P<d1>[0-9]{1,2})日"
    r"|(?P<sep>[./-])(?P<m2>[0-9]{1,2})(?P=sep)(?P<d2>[0-9]{1,2}))"
    r")(?![0-9])"
)

# Every `_DATE` match holds 年 or a separator followed by a digit, and is at most 17
# characters long: the regex runs only in windows around these anchors (a match can neither
# start before nor cross a window's edge, and never reads past it).
_ANCHOR: Final = re.compile(r"[年./-] ?[0-9]")
_MARGIN: Final = 24


def date_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_DATE` in `text`, as `_DATE.finditer(text)` but faster."""
    window_start = window_end = -1
    for anchor in _ANCHOR.finditer(text):
        position = anchor.start()
        if position - _MARGIN > window_end:
            if window_end >= 0:
                yield from _DATE.finditer(text, window_start, window_end)
            window_start = max(0, position - _MARGIN)
        window_end = min(len(text), position + _MARGIN)
    if window_end >= 0:
        yield from _DATE.finditer(text, window_start, window_end)


def parse_date(match: re.Match[str]) -> dt.date | None:
    """The calendar date of a `_DATE` match, or None if it does not exist."""
    try:
        if match.group("era"):
            era_start = _ERA_NAMES[match.group("era")]
            raw = match.group("ey")
            year = era_start.year + (0 if raw == "元" else int(raw) - 1)
            day = dt.date(year, int(match.group("em")), int(match.group("ed")))
        elif match.group("letter"):
            era_start = _ERA_LETTERS[match.group("letter").upper()]
            year = era_start.year + int(match.group("ly")) - 1
            day = dt.date(year, int(match.group("lm")), int(match.group("ld")))
        else:
            month = match.group("m1") or match.group("m2")
            date = match.group("d1") or match.group("d2")
            return dt.date(int(match.group("y")), int(month), int(date))
    except ValueError:
        return None
    if day < era_start:
        return None  # 平成1年1月1日 is still 昭和
    return day


class BirthDateDetector:
    """Birth dates (detector id `jp.date_of_birth`, label DATE_OF_BIRTH)."""

    detector_id = "jp.date_of_birth"
    labels = frozenset({Label.DATE_OF_BIRTH.value})

    def __init__(self, *, options: Mapping[str, Any] | None = None) -> None:
        data = (
            dict(options) if options is not None else load_keywords(self.detector_id, "birthdate")
        )
        self.window = int(data.get("window", 16))
        before = alternation(words(data, "before"))
        negative = alternation(words(data, "negative"))
        self._before = re.compile(rf"(?:{before})")
        self._negative = re.compile(rf"(?:{negative})")
        self._after = re.compile(rf"^ ?(?:{alternation(words(data, 'after'))})")
        self._age = re.compile(r"^ ?[(（] ?[0-9]{1,3} ?歳")
        keys = alternation(words(data, "record_keys"))
        self._record_key = re.compile(rf'"(?:{keys})" ?: ?"$', re.IGNORECASE)
        headers = words(data, "headers")

        def header_matches(header: str) -> bool:
            return any(h in header for h in headers)

        self._header_matches = header_matches

    @classmethod
    def from_spec(cls, spec: DetectorSpec) -> BirthDateDetector:
        """Built by the registry from the rule pack's entry (its `options`)."""
        return cls(options=spec.options)

    def detect(self, doc: ScanDocument) -> Iterable[Candidate]:
        text = doc.normalized.text
        spans = Spans(Label.DATE_OF_BIRTH.value, self.detector_id)
        dates = [m for m in date_matches(text) if parse_date(m) is not None]
        if not dates:
            return []
        cells: dict[int, Any] = {}
        for match in dates:
            start, end = match.span()
            line_start = text.rfind("\n", 0, start) + 1
            if in_column_cell(doc, self._header_matches, start, end, cells):
                spans.add(start, end, 0.95, "column", (Adjustment("column header", 0.3),))
                continue
            before = text[max(line_start, start - self.window) : start]
            after = text[end : end + 8]
            if self._record_key.search(text, max(line_start, start - 24), start):
                spans.add(start, end, 0.9, "record_key")
                continue
            if self._after.match(after) or self._age.match(after):
                spans.add(start, end, 0.9, "context_after", (Adjustment("生 after", 0.3),))
                continue
            births = [m.start() for m in self._before.finditer(before)]
            if not births:
                continue
            negatives = [m.start() for m in self._negative.finditer(before)]
            if negatives and negatives[-1] > births[-1]:
                continue  # 生年月日 … 交付日 令和7年4月1日: the nearer word wins
            spans.add(start, end, 0.9, "context_before", (Adjustment("birth word", 0.3),))
        return spans.candidates(doc)
