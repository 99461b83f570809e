"""ADDRESS (jp.address): prefecture or municipality down to the block and the room."""

from __future__ import annotations

import pytest

from mamori.pii._model import Location, Region
from mamori.pii.detectors.address import AddressDetector, Gazetteer
from tests.mamori.pii._jp_docs import found, make_doc


@pytest.fixture(scope="module")
def detector() -> AddressDetector:
    return AddressDetector()


POSITIVE = [
    # (text, the address that must be found)
    (
        "住所：東京都台東区竜泉２丁目９９１番１０号サンハイツ見守 110号室",
        "東京都台東区竜泉２丁目９９１番１０号サンハイツ見守 110号室",
    ),
    ("真庭市若代九百七十六番地十\n三上大翔 様", "真庭市若代九百七十六番地十"),
    (
        "〒939-1834　富山県南砺市上原944番地14グランマモリ 1009号室",
        "富山県南砺市上原944番地14グランマモリ 1009号室",
    ),
    (
        "住所：愛知県江南市河野町管竹953－30 マモリコート 111号室",
        "愛知県江南市河野町管竹953－30 マモリコート 111号室",
    ),
    ("夷隅郡御宿町須賀1-2-3", "夷隅郡御宿町須賀1-2-3"),
    ("御宿町須賀100番地", "御宿町須賀100番地"),  # the 郡 left out
    ("ご住所は横浜市中区山下町1番地です", "横浜市中区山下町1番地"),
    ("現住所 大阪府大阪市北区梅田3丁目1番3号 5階", "大阪府大阪市北区梅田3丁目1番3号 5階"),
    # A named building with a bare room number, as many forms write it.
    ("住所 横浜市中区山下町1番地 コーポ守 305", "横浜市中区山下町1番地 コーポ守 305"),
    # ... but a phone number after the address is not a room (rooms do not start with 0).
    ("横浜市中区山下町1番地 TEL 090 0123 4567", "横浜市中区山下町1番地"),
]

NEGATIVE = [
    # (text, why nothing may be found)
    (
        "中野区では、3番目の事例として報告した。",
        "a bare ward name in running text; 3番目 is an ordinal",
    ),
    ("宮崎県の事例では予算額は79,424,000円です。", "a prefecture in running text"),
    ("電話番号 090-0808-6692", "a phone number: no municipality before it"),
    ("総務第461号", "a document number"),
    ("久喜市　総務第461号", "a city in a letterhead, then a document number (第 before it)"),
    ("令和7年4月1日から施行する。", "a date"),
    ("山形市総務課　代表 03-0246-3502", "an office's phone number after a city name"),
]


@pytest.mark.parametrize(("text", "address"), POSITIVE)
def test_finds_addresses(detector: AddressDetector, text: str, address: str) -> None:
    assert found(list(detector.detect(make_doc(text))), text) == [address]


@pytest.mark.parametrize(("text", "why"), NEGATIVE)
def test_ignores_non_addresses(detector: AddressDetector, text: str, why: str) -> None:
    assert found(list(detector.detect(make_doc(text))), text) == [], why


def test_known_town_scores_higher(detector: AddressDetector) -> None:
    text = "東京都台東区竜泉2丁目1番1号と東京都台東区ほげほげ2丁目1番1号"
    by_text = {text[c.start : c.end]: c for c in detector.detect(make_doc(text))}
    assert by_text["東京都台東区竜泉2丁目1番1号"].pattern == "municipality_town_block"
    assert by_text["東京都台東区ほげほげ2丁目1番1号"].pattern == "municipality_block"
    known = by_text["東京都台東区竜泉2丁目1番1号"].score
    assert known > by_text["東京都台東区ほげほげ2丁目1番1号"].score


def test_address_column_is_boosted(detector: AddressDetector) -> None:
    text = "氏名\t住所\nほげ\t中野区中野4丁目8番1号\n"
    start = text.index("中野区")
    regions = (Region(start, len(text) - 1, Location(cell="B2"), header="住所"),)
    (candidate,) = detector.detect(make_doc(text, regions))
    assert text[candidate.start : candidate.end] == "中野区中野4丁目8番1号"
    assert any(a.reason == "column header" for a in candidate.adjustments)


def test_gazetteer_from_rows() -> None:
    gazetteer = Gazetteer(
        [("千葉県", "夷隅郡御宿町", "須賀"), ("神奈川県", "横浜市中区", "山下町")]
    )
    assert gazetteer.municipality_at("千葉県夷隅郡御宿町須賀", 0) == "千葉県夷隅郡御宿町"
    assert gazetteer.municipality_at("御宿町須賀", 0) == "御宿町"
    assert gazetteer.municipality_at("横浜市で", 0) == "横浜市"
    assert gazetteer.towns["横浜市中区"] == {"山下町"}
