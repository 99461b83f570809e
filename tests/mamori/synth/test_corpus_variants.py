"""The writing variants of the corpus: each form offices really use."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from mamori.checkdigits import is_valid_corporate_number, is_valid_my_number
from mamori.synth._corpus import _variants
from mamori.synth._corpus._ids import corporate_number, invalid_my_number, my_number


@pytest.mark.parametrize(
    ("n", "kanji"), [(1, "一"), (10, "十"), (15, "十五"), (901, "九百一"), (1234, "千二百三十四")]
)
def test_kanji_numbers(n: int, kanji: str) -> None:
    assert _variants.kanji_number(n) == kanji


@pytest.mark.parametrize(
    ("kana", "roman"),
    [("サトウ", "sato"), ("ショウタ", "shota"), ("キョウコ", "kyoko"), ("イットク", "ittoku"),
     ("ジュンイチ", "junichi"), ("ホンマ", "homma"), ("チヒロ", "chihiro")],
)  # fmt: skip
def test_passport_style_romaji(kana: str, roman: str) -> None:
    assert _variants.romaji(kana) == roman


def test_halfwidth_kana_splits_voiced_marks() -> None:
    assert _variants.halfwidth_kana("ヤマダ　パン") == "ﾔﾏﾀﾞ ﾊﾟﾝ"


def test_fullwidth() -> None:
    assert _variants.fullwidth("090-0123-4567") == "０９０－０１２３－４５６７"


def test_birth_date_styles() -> None:
    rng = random.Random(0)
    day = dt.date(1983, 4, 12)
    assert _variants.birth_date(rng, day, "wareki") == "昭和58年4月12日"
    assert _variants.birth_date(rng, day, "short") == "S58.4.12"
    assert _variants.birth_date(rng, day, "slash") == "1983/04/12"
    assert _variants.birth_date(rng, day, "kanji") == "1983年4月12日"
    assert _variants.birth_date(rng, day, "wareki_fw") == "昭和５８年４月１２日"


def test_phone_keeps_its_digits_and_groups() -> None:
    rng = random.Random(0)
    forms = {_variants.phone(rng, "0790-87-4006") for _ in range(200)}
    assert "0790-87-4006" in forms
    assert "0790(87)4006" in forms
    assert "０７９０－８７－４００６" in forms
    assert {_variants.digits_of(f) for f in forms} == {"0790874006"}


def test_address_block_variants_keep_the_numbers() -> None:
    rng = random.Random(0)
    forms = {_variants.address_block(rng, "1丁目901番5号") for _ in range(200)}
    assert {"1丁目901番5号", "一丁目九百一番五号", "1-901-5", "１丁目９０１番５号"} <= forms


def test_identifiers() -> None:
    rng = random.Random(0)
    for _ in range(50):
        assert is_valid_my_number(my_number(rng))
        assert not is_valid_my_number(invalid_my_number(rng))
        assert is_valid_corporate_number(corporate_number(rng))
