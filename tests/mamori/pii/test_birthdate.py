"""DATE_OF_BIRTH (jp.date_of_birth): only dates the context says are birth dates."""

from __future__ import annotations

import pytest

from mamori.pii._model import Location, Region
from mamori.pii.detectors.birthdate import BirthDateDetector
from tests.mamori.pii._jp_docs import found, make_doc


@pytest.fixture(scope="module")
def detector() -> BirthDateDetector:
    return BirthDateDetector()


POSITIVE = [
    ("生年月日　昭和58年4月12日", "昭和58年4月12日"),
    ("生年月日：昭和５８年４月１２日", "昭和５８年４月１２日"),
    ("生年月日 S58.4.12", "S58.4.12"),
    ("生年月日 H1.1.8", "H1.1.8"),
    ("生年月日 R2/3/4", "R2/3/4"),
    ("令和元年5月1日生まれの長女", "令和元年5月1日"),
    ("昭和58年4月12日生", "昭和58年4月12日"),
    ("1983年4月12日生", "1983年4月12日"),
    ("誕生日は1983/04/12です", "1983/04/12"),
    ('{"birth_date": "1983-04-12"}', "1983-04-12"),
    ("山田太郎（1983年4月12日生、42歳）", "1983年4月12日"),
    ("長男 平成20年11月22日（17歳）", "平成20年11月22日"),
]

NEGATIVE = [
    ("令和7年4月1日から施行する。", "an enforcement date"),
    ("開催日　令和7年4月7日", "a meeting date"),
    ("入社日 2015/04/01", "a hiring date"),
    ("生年月日の欄は空欄。交付日 令和7年4月1日", "交付日 is nearer to the date than 生年月日"),
    ("生年月日 平成1年1月1日", "平成 began on 8 January 1989: not a real 和暦 date"),
    ("生年月日 1983年2月30日", "not a calendar date"),
    ("改訂日　令和7年4月23日", "a revision date"),
]


@pytest.mark.parametrize(("text", "date"), POSITIVE)
def test_finds_birth_dates(detector: BirthDateDetector, text: str, date: str) -> None:
    assert found(list(detector.detect(make_doc(text))), text) == [date]


@pytest.mark.parametrize(("text", "why"), NEGATIVE)
def test_ignores_other_dates(detector: BirthDateDetector, text: str, why: str) -> None:
    assert found(list(detector.detect(make_doc(text))), text) == [], why


def test_birth_date_column(detector: BirthDateDetector) -> None:
    text = "氏名\t生年月日\t交付日\nほげ\t1990年2月19日\t2025年6月19日\n"
    birth = text.index("1990")
    issued = text.index("2025")
    regions = (
        Region(birth, birth + 10, Location(cell="B2"), header="生年月日"),
        Region(issued, issued + 10, Location(cell="C2"), header="交付日"),
    )
    got = list(detector.detect(make_doc(text, regions)))
    assert [(text[c.start : c.end], c.pattern) for c in got] == [("1990年2月19日", "column")]


def test_text_table_without_regions(detector: BirthDateDetector) -> None:
    text = "児童の氏名  続柄  生年月日  個人番号\nほげ ふが  子  2008/02/02  027294852870\n"
    assert found(list(detector.detect(make_doc(text))), text) == ["2008/02/02"]
