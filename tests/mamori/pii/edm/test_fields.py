"""The one normalisation per field, shared by the build and the scan: equivalences that must
hold, and values that must not normalise (each with the reason)."""

from __future__ import annotations

import datetime as dt

import pytest

from mamori.pii.edm import normalize_field


@pytest.mark.parametrize(
    ("field", "a", "b"),
    [
        ("name", "髙橋 一郎", "高橋一郎"),
        ("name", "山﨑　花子", "山崎花子"),
        ("name", "渡邊 誠", "渡辺誠"),
        ("name", "ＳＭＩＴＨ　ＪＯＨＮ", "SMITHJOHN"),
        ("kana", "たかはし いちろう", "タカハシイチロウ"),
        ("kana", "ﾀｶﾊｼ ｲﾁﾛｳ", "タカハシ　イチロウ"),
        ("kana", "キッカワ", "キツカワ"),  # small and large kana are written either way
        ("birth_date", "昭和58年4月12日", "1983-04-12"),
        ("birth_date", "S58.4.12", "1983/4/12"),
        ("birth_date", "１９８３年４月１２日", "19830412"),
        ("birth_date", "令和元年5月1日", "2019-05-01"),
        ("birth_date", "平成元年1月8日", dt.date(1989, 1, 8)),
        ("address", "東京都千代田区千代田一丁目九〇一番五号", "千代田区千代田1-901-5"),
        ("address", "宮城県気仙沼市下八瀬956番地2 メゾン守 203号室", "気仙沼市下八瀬９５６－２"),
        ("phone", "０９０－０１２３－４５６７", "090-0123-4567"),
        ("phone", "+81 90-0123-4567", "09001234567"),
        ("my_number", "1234 5678 9018", "123456789018"),
        ("email", "Taro@Example.JP", "taro@example.jp"),
        ("postal_code", "〒100-0001", "1000001"),
    ],
)
def test_equivalent_writings_share_one_key(field: str, a: object, b: object) -> None:
    key = normalize_field(field, a)
    assert key is not None
    assert key == normalize_field(field, b)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "山"),  # one character says nothing about a person
        ("name", "   "),  # empty
        ("kana", "山田"),  # kanji is not a reading
        ("birth_date", "平成1年1月1日"),  # 平成 began on 1月8日: that day was still 昭和
        ("birth_date", "1983-02-30"),  # no such day
        ("birth_date", "来週の火曜日"),  # not a date
        ("address", "千代田区千代田"),  # a town without a block number is thousands of homes
        ("phone", "123-4567"),  # too short for a Japanese number
        ("my_number", "1234 5678 901"),  # 11 digits
        ("email", "taro at example.jp"),  # no @
    ],
)
def test_values_that_do_not_normalise_are_not_indexed(field: str, value: str) -> None:
    assert normalize_field(field, value) is None


def test_different_dates_and_names_stay_different() -> None:
    assert normalize_field("birth_date", "昭和58年4月12日") != normalize_field(
        "birth_date", "平成58年4月12日"
    )
    assert normalize_field("name", "高橋一郎") != normalize_field("name", "高橋二郎")


def test_the_address_key_is_the_scanners_household_key() -> None:
    from mamori.pii._summary import address_key
    from mamori.synth import generate_residents

    for person in generate_residents(300, seed="edm-address"):
        for written in (person.address.full(), person.address.full(with_building=False)):
            assert normalize_field("address", written) == address_key(written).replace(" ", "")
    written = "東京都千代田区千代田一丁目九〇一番五号 コーポ守 305"
    assert normalize_field("address", written) == address_key(written).replace(" ", "")
