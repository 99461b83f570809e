"""Japanese calendar helpers: the fiscal year (年度) and the era calendar (和暦).

Everything in mamori that speaks of 年度 or prints a 和暦 date goes through this module.

- A fiscal year (年度) runs from 1 April to 31 March; 令和8年度 is 2026-04-01 … 2027-03-31.
- Era boundaries follow the proclamations: 明治 from 1868-01-25 (the first day the
  Gregorian calendar applies in practice is 1873-01-01; earlier dates are shown in 明治
  anyway), 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01.
  The first year of an era is written 元年.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from mamori._exceptions import InputError

# (name, one-letter abbreviation, first day), newest first.
ERAS: Final[tuple[tuple[str, str, dt.date], ...]] = (
    ("令和", "R", dt.date(2019, 5, 1)),
    ("平成", "H", dt.date(1989, 1, 8)),
    ("昭和", "S", dt.date(1926, 12, 25)),
    ("大正", "T", dt.date(1912, 7, 30)),
    ("明治", "M", dt.date(1868, 1, 25)),
)

FISCAL_YEAR_START_MONTH: Final = 4


@dataclass(frozen=True, order=True)
class FiscalYear:
    """A 年度, named by the calendar year in which it starts (2026 → 2026-04-01…2027-03-31)."""

    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, FISCAL_YEAR_START_MONTH, 1)

    @property
    def end(self) -> dt.date:
        """The last day (31 March of the following year)."""
        return dt.date(self.year + 1, FISCAL_YEAR_START_MONTH, 1) - dt.timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        if isinstance(day, dt.datetime):
            day = day.date()
        if not isinstance(day, dt.date):
            return False
        return self.start <= day <= self.end

    def next(self) -> FiscalYear:
        return FiscalYear(self.year + 1)

    def previous(self) -> FiscalYear:
        return FiscalYear(self.year - 1)

    def half(self, day: dt.date) -> int:
        """1 for 上半期 (April–September), 2 for 下半期 (October–March)."""
        if day not in self:
            raise InputError(f"{day.isoformat()} is not in {self.label()}.")
        return 1 if FISCAL_YEAR_START_MONTH <= day.month < FISCAL_YEAR_START_MONTH + 6 else 2

    def label(self) -> str:
        """The 和暦 name, e.g. 令和8年度 (the era of 1 April)."""
        era, year = era_year(self.start)
        return f"{era}{_year_text(year)}年度"

    def label_western(self) -> str:
        return f"{self.year}年度"

    def __str__(self) -> str:
        return self.label()


def fiscal_year_of(day: dt.date | dt.datetime) -> FiscalYear:
    """The 年度 that contains `day`."""
    if isinstance(day, dt.datetime):
        day = day.date()
    year = day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1
    return FiscalYear(year)


def era_year(day: dt.date | dt.datetime) -> tuple[str, int]:
    """(era name, year in era) for a date, e.g. (令和, 8) for 2026-11-23."""
    if isinstance(day, dt.datetime):
        day = day.date()
    for name, _abbr, first in ERAS:
        if day >= first:
            return name, day.year - first.year + 1
    raise InputError(f"{day.isoformat()} is before 明治 (1868-01-25); write such dates in 西暦.")


def _year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


def to_wareki(day: dt.date | dt.datetime, *, short: bool = False) -> str:
    """Format a date in 和暦: 令和8年11月23日, or R8.11.23 with `short=True`."""
    if isinstance(day, dt.datetime):
        day = day.date()
    name, year = era_year(day)
    if short:
        abbr = next(a for n, a, _f in ERAS if n == name)
        return f"{abbr}{year}.{day.month}.{day.day}"
    return f"{name}{_year_text(year)}年{day.month}月{day.day}日"
