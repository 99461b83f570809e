"""Reading the dates that city offices write in their staff spreadsheets.

Accepted (full-width digits and letters are normalised first):

- ``2024-04-01``, ``2024/4/1``, ``2024.4.1``, ``20240401``
- 和暦: ``令和6年4月1日``, ``令和元年5月1日``, ``R6.4.1``, ``R6/4/1``, ``r6-4-1``
- `datetime.date` and `datetime.datetime` values (Excel cells that are real dates)

A 和暦 date must lie inside its era: ``平成31年5月1日`` does not exist (令和 began that day)
and is refused rather than silently converted.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from mamori.jpdate import ERAS

_ERA_BY_TOKEN: dict[str, tuple[int, dt.date, dt.date | None]] = {}
for _index, (_name, _abbr, _first) in enumerate(ERAS):
    # ERAS is newest first: the era after ERAS[i] is ERAS[i - 1].
    _next_first = ERAS[_index - 1][2] if _index > 0 else None
    _ERA_BY_TOKEN[_name] = (_index, _first, _next_first)
    _ERA_BY_TOKEN[_abbr.lower()] = (_index, _first, _next_first)

_WESTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ERA_NAMES = "|".join(re.escape(name) for name, _a, _f in ERAS)
_ERA_ABBRS = "".join(abbr.lower() for _n, abbr, _f in ERAS)
_WAREKI = re.compile(
    rf"^(?P<era>{_ERA_NAMES}|[{_ERA_ABBRS}])\s*(?P<year>\d{{1,2}}|元)\s*[-/.年]\s*"
    r"(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?$"
)


class DateParseError(ValueError):
    """The text is not a date in any of the accepted forms."""


def parse_date(value: object) -> dt.date:
    """The date written as `value`; raises `DateParseError` when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise DateParseError(f"not a date: {value!r}")
    text = unicodedata.normalize("NFKC", value).strip().lower()
    if not text:
        raise DateParseError("empty date")
    if match := _WESTERN.match(text) or _COMPACT.match(text):
        return _make(int(match[1]), int(match[2]), int(match[3]), value)
    if match := _WAREKI.match(text):
        _index, first, next_first = _ERA_BY_TOKEN[match["era"]]
        year_in_era = 1 if match["year"] == "元" else int(match["year"])
        if year_in_era < 1:
            raise DateParseError(f"no year 0 in an era: {value!r}")
        day = _make(first.year + year_in_era - 1, int(match["month"]), int(match["day"]), value)
        if day < first or (next_first is not None and day >= next_first):
            raise DateParseError(f"outside its era: {value!r}")
        return day
    raise DateParseError(f"not a date: {value!r}")


def _make(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        raise DateParseError(f"no such day: {original!r}") from err
