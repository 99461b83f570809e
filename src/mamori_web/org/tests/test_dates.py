"""parse_date: the date forms city offices write (org/dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from mamori_web.org.dates import DateParseError, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-01", D(2024, 4, 1)),
        ("2024/4/1", D(2024, 4, 1)),
        ("2024.4.1", D(2024, 4, 1)),
        ("20240401", D(2024, 4, 1)),
        ("2024年4月1日", D(2024, 4, 1)),
        ("２０２４／４／１", D(2024, 4, 1)),  # full-width digits, as typed with an IME
        ("令和6年4月1日", D(2024, 4, 1)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("令和 6年 4月 1日", D(2024, 4, 1)),
        ("R6.4.1", D(2024, 4, 1)),
        ("r6/4/1", D(2024, 4, 1)),
        ("H31.4.30", D(2019, 4, 30)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("S50.10.1", D(1975, 10, 1)),
        (" 2024-04-01 ", D(2024, 4, 1)),
    ],
)
def test_parse_date_accepts(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_parse_date_passes_real_dates_through() -> None:
    assert parse_date(D(2024, 4, 1)) == D(2024, 4, 1)
    assert parse_date(dt.datetime(2024, 4, 1, 0, 0)) == D(2024, 4, 1)


@pytest.mark.parametrize(
    "text",
    [
        "",  # empty is "no date", which the caller decides about
        "2024-02-30",  # no such day
        "2024-13-01",  # no such month
        "平成31年5月1日",  # 令和 began that day: 平成31年5月 never existed
        "令和1年4月30日",  # still 平成 then
        "R0.4.1",  # there is no year 0 in an era
        "X6.4.1",  # unknown era letter
        "4/1",  # no year: ambiguous
        "昨日",  # not a date
        "2024-04-01T10:00",  # a timestamp is not a date column value
    ],
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(text)


def test_parse_date_rejects_non_text() -> None:
    # A number in a date column (an Excel serial without date format) must not be guessed.
    with pytest.raises(DateParseError):
        parse_date(45383)
