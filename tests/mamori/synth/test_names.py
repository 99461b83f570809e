"""Name pools: entries with matching readings, realistic surname weights, era-aware given names."""

from __future__ import annotations

import random
import re

import pytest

from mamori.synth._names import COMMON_SURNAMES, NamePools, WeightedPool, era_index

KATAKANA = re.compile(r"^[\u30a1-\u30f6ー]+$")
KANJI_SURNAME = re.compile(r"^[\u4e00-\u9fff々ヶ]{1,3}$")


@pytest.fixture(scope="module")
def pools() -> NamePools:
    return NamePools.load()


def test_surname_pool_has_the_sudachi_long_tail(pools: NamePools) -> None:
    assert len(pools.surnames) > 50_000
    small = NamePools.load(sudachi=False)
    assert 490 <= len(small.surnames) <= 530  # the common list plus gimei's 500


def test_every_surname_is_kanji_with_a_katakana_reading_encodable_in_cp932(
    pools: NamePools,
) -> None:
    for kanji, kana in pools.surnames.entries:
        assert KANJI_SURNAME.match(kanji), kanji
        assert KATAKANA.match(kana), (kanji, kana)
        kanji.encode("cp932")


def test_given_names_have_katakana_readings(pools: NamePools) -> None:
    for sex in ("M", "F"):
        entries = pools.given_name_entries(sex)
        assert len(entries) > 2000
        assert all(KATAKANA.match(kana) for _kanji, kana in entries)


def test_common_surnames_come_first_with_real_readings(pools: NamePools) -> None:
    assert pools.surnames.entries[0] == ("佐藤", "サトウ")
    assert pools.surnames.entries[: len(COMMON_SURNAMES)] == tuple(
        (kanji, kana) for kanji, kana, _share in COMMON_SURNAMES
    )
    assert 0.015 <= pools.surnames.share(0) <= 0.02
    # a common surname is never repeated in the tail with another reading
    assert [k for k, _ in pools.surnames.entries].count("中島") == 1


def test_surname_weights_fall_with_rank(pools: NamePools) -> None:
    shares = [pools.surnames.share(i) for i in (0, 29, 100, 1000, 10_000)]
    assert shares == sorted(shares, reverse=True)


def test_female_names_ending_in_ko_are_for_older_women(pools: NamePools) -> None:
    rng = random.Random(5)

    def ko_share(year: int) -> float:
        draws = [pools.given_name(rng, "F", year)[0] for _ in range(4000)]
        return sum(name.endswith("子") for name in draws) / len(draws)

    assert ko_share(1950) > 0.4
    assert ko_share(2010) < 0.05


def test_era_index_buckets() -> None:
    assert era_index(1940) == 0
    assert era_index(1960) == 1
    assert era_index(2020) == 4


def test_weighted_pool_is_deterministic_and_respects_weights() -> None:
    pool = WeightedPool.build([("甲", "コウ"), ("乙", "オツ")], [9.0, 1.0])
    first = [pool.draw(random.Random(1)) for _ in range(3)]
    assert first == [pool.draw(random.Random(1)) for _ in range(3)]
    rng = random.Random(2)
    draws = [pool.draw(rng)[0] for _ in range(10_000)]
    assert 0.88 < draws.count("甲") / len(draws) < 0.92
    with pytest.raises(ValueError):
        WeightedPool.build([("甲", "コウ")], [])
