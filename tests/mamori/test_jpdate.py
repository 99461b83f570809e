"""年度 and 和暦 helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from mamori import FiscalYear, InputError, fiscal_year_of, to_wareki
from mamori.jpdate import era_year


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (dt.date(2026, 4, 1), 2026),  # first day of 令和8年度
        (dt.date(2027, 3, 31), 2026),  # last day of 令和8年度
        (dt.date(2026, 3, 31), 2025),
        (dt.date(2026, 11, 23), 2026),
        (dt.datetime(2027, 1, 5, 9, 0), 2026),
    ],
)
def test_fiscal_year_of(day, fiscal_year) -> None:
    assert fiscal_year_of(day) == FiscalYear(fiscal_year)


def test_fiscal_year_bounds_and_membership() -> None:
    fy = FiscalYear(2026)
    assert (fy.start, fy.end) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert dt.date(2027, 3, 31) in fy
    assert dt.date(2027, 4, 1) not in fy
    assert "2026-05-01" not in fy  # not a date
    assert fy.next() == FiscalYear(2027)
    assert fy.previous() == FiscalYear(2025)


def test_fiscal_year_halves() -> None:
    fy = FiscalYear(2026)
    assert fy.half(dt.date(2026, 9, 30)) == 1
    assert fy.half(dt.date(2026, 10, 1)) == 2
    assert fy.half(dt.date(2027, 3, 31)) == 2
    with pytest.raises(InputError):
        fy.half(dt.date(2026, 3, 31))


@pytest.mark.parametrize(
    ("year", "label"),
    [(2026, "令和8年度"), (2019, "平成31年度"), (2020, "令和2年度"), (1989, "平成元年度")],
)
def test_fiscal_year_label_uses_the_era_of_1_april(year, label) -> None:
    # 2019年度 starts on 2019-04-01, still 平成31年; 1989-04-01 is 平成元年.
    assert FiscalYear(year).label() == label
    assert FiscalYear(year).label_western() == f"{year}年度"


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (dt.date(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
        (dt.date(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
        (dt.date(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
        (dt.date(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
        (dt.date(1983, 4, 12), "昭和58年4月12日", "S58.4.12"),
        (dt.date(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
        (dt.date(1926, 12, 24), "大正15年12月24日", "T15.12.24"),
        (dt.date(1912, 7, 29), "明治45年7月29日", "M45.7.29"),
    ],
)
def test_to_wareki_at_era_boundaries(day, long, short) -> None:
    assert to_wareki(day) == long
    assert to_wareki(day, short=True) == short


def test_before_meiji_is_refused_with_advice() -> None:
    with pytest.raises(InputError, match="西暦"):
        era_year(dt.date(1868, 1, 24))
