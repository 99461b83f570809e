from __future__ import annotations

import random
import unicodedata

import pytest

from mamori_web.demo.names import GIVEN_NAMES, SURNAMES, name_combinations, pick_names


def _is_katakana(text: str) -> bool:
    return all(c == " " or unicodedata.name(c).startswith("KATAKANA") for c in text)


def test_lists_have_no_duplicates() -> None:
    assert len({s for s, _k in SURNAMES}) == len(SURNAMES) == 40
    assert len({g for g, _k in GIVEN_NAMES}) == len(GIVEN_NAMES) == 40


def test_combinations_are_unique_in_kanji_and_in_reading() -> None:
    combinations = name_combinations()
    assert len(combinations) == 1600
    assert len({name for name, _kana in combinations}) == 1600
    assert len({kana for _name, kana in combinations}) == 1600


def test_readings_are_katakana() -> None:
    for _name, kana in name_combinations():
        assert _is_katakana(kana), kana


def test_pick_names_is_deterministic_and_unique() -> None:
    first = pick_names(random.Random(7), 300)
    assert first == pick_names(random.Random(7), 300)
    assert first != pick_names(random.Random(8), 300)
    assert len(set(first)) == 300


def test_pick_names_refuses_more_than_available() -> None:
    with pytest.raises(ValueError, match="1600"):
        pick_names(random.Random(7), 1601)
