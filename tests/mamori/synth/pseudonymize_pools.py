"""Small fictitious pools for the pseudonymisation tests (fast, and small enough to collide)."""

from __future__ import annotations

from mamori.synth._addresses import AddressPool, Town
from mamori.synth._names import NamePools, WeightedPool
from mamori.synth._pseudonymize import Pools

SURNAMES = (("見守", "ミマモリ"), ("守山", "モリヤマ"), ("守田", "モリタ"), ("真森", "マモリ"))
MALE = (("守男", "モリオ"), ("護", "マモル"), ("守太郎", "モリタロウ"), ("衛", "マモル"))
FEMALE = (("守子", "モリコ"), ("まもり", "マモリ"), ("守美", "モリミ"))


def _pool(entries: tuple[tuple[str, str], ...]) -> WeightedPool:
    return WeightedPool.build(entries, [1.0] * len(entries))


def _town(code: str, pref: str, city: str, town: str, chome: bool) -> Town:
    return Town(code, pref, city, town, "", "", "", chome)


TOWNS = (
    _town("1000001", "東京都", "千代田区", "千代田", False),
    _town("1010021", "東京都", "千代田区", "外神田", True),
    _town("1020072", "東京都", "千代田区", "飯田橋", True),
    _town("5918025", "大阪府", "堺市北区", "長曽根町", False),
    _town("5918032", "大阪府", "堺市北区", "百舌鳥梅町", True),
    _town("2720021", "千葉県", "市川市", "八幡", True),
)


def small_pools() -> Pools:
    names = NamePools(
        surnames=_pool(SURNAMES),
        given={"M": (_pool(MALE),) * 5, "F": (_pool(FEMALE),) * 5},
    )
    return Pools(names=names, addresses=AddressPool.from_towns(TOWNS))
