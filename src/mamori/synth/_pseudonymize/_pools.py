"""The replacement values: the resident generator's name and address pools, indexed for
keyed choices and for reading the prefecture and municipality of an original address."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from itertools import accumulate

from mamori.synth._addresses import CHOME_WEIGHT, AddressPool, Town
from mamori.synth._names import NamePools, WeightedPool, era_index

__all__ = ["Pools"]

_TWO64 = float(2**64)
# Given names are drawn from the generator's pool for people born 1975-1989: a middle era, so
# that neither 子 names nor the newest names dominate (the original's age is not used).
GIVEN_NAME_BIRTH_YEAR = 1980


class _Weighted:
    """Indices into a sequence with cumulative weights; a keyed 64-bit number picks one."""

    __slots__ = ("cum", "indices")

    def __init__(self, indices: Sequence[int], weights: Sequence[float]) -> None:
        self.indices = tuple(indices)
        self.cum = tuple(accumulate(weights))

    def pick(self, u: int) -> int:
        cum = self.cum
        return self.indices[bisect.bisect(cum, u / _TWO64 * cum[-1], 0, len(cum) - 1)]


def _from_pool(pool: WeightedPool) -> _Weighted:
    weights = [b - a for a, b in zip((0.0, *pool.cum_weights[:-1]), pool.cum_weights, strict=True)]
    return _Weighted(range(len(pool.entries)), weights)


class Pools:
    """Surnames, given names and towns to draw pseudonyms from.

    Build it from the generator's pools (``Pools.load()`` reads them: about two seconds), or
    from small pools in tests: ``Pools(names=NamePools(...), addresses=AddressPool(...))``.
    """

    def __init__(self, *, names: NamePools, addresses: AddressPool) -> None:
        self.names = names
        self.addresses = addresses
        self.surnames: tuple[tuple[str, str], ...] = names.surnames.entries
        self.surname_pick = _from_pool(names.surnames)
        era = era_index(GIVEN_NAME_BIRTH_YEAR)
        self.given: dict[str, tuple[tuple[str, str], ...]] = {}
        self.given_pick: dict[str, _Weighted] = {}
        for sex in ("M", "F"):
            pools = names.given[sex]
            pool = pools[min(era, len(pools) - 1)]
            self.given[sex] = pool.entries
            self.given_pick[sex] = _from_pool(pool)
        male = {kanji for kanji, _kana in self.given["M"]}
        female = {kanji for kanji, _kana in self.given["F"]}
        self.sex_of: dict[str, str] = dict.fromkeys(male - female, "M")
        self.sex_of.update(dict.fromkeys(female - male, "F"))
        self.surname_set = frozenset(kanji for kanji, _kana in self.surnames)
        self.surname_max = max((len(s) for s in self.surname_set), default=1)

        towns = addresses.towns
        self.towns: tuple[Town, ...] = towns
        weight = [CHOME_WEIGHT if t.chome else 1.0 for t in towns]
        by_city: dict[tuple[str, str], list[int]] = defaultdict(list)
        by_pref: dict[str, list[int]] = defaultdict(list)
        by_code: dict[str, int] = {}
        codes_by_pref: dict[str, list[str]] = defaultdict(list)
        for i, town in enumerate(towns):
            by_city[town.municipality].append(i)
            by_pref[town.prefecture].append(i)
            if town.postal_code not in by_code:
                by_code[town.postal_code] = i
                codes_by_pref[town.prefecture].append(town.postal_code)
        self.town_by_code = by_code
        self.codes_by_pref = {p: tuple(c) for p, c in codes_by_pref.items()}
        self.all_codes = tuple(by_code)
        self._all = _Weighted(range(len(towns)), weight)
        self._by_city = {m: _Weighted(ix, [weight[i] for i in ix]) for m, ix in by_city.items()}
        self._by_pref = {p: _Weighted(ix, [weight[i] for i in ix]) for p, ix in by_pref.items()}
        self.prefectures = tuple(sorted(by_pref, key=len, reverse=True))
        self._pref3 = {p: p for p in by_pref if len(p) == 3}
        self._pref4 = {p: p for p in by_pref if len(p) == 4}
        # City names as written in addresses: 西多摩郡瑞穂町 also as 瑞穂町; indexed by the first
        # two characters so that reading an address is a few comparisons.
        self._city_index: dict[str | None, dict[str, list[tuple[str, tuple[str, str]]]]] = {}
        for pref, city in by_city:
            names_ = {city}
            if "郡" in city[1:-1]:
                names_.add(city.split("郡", 1)[1])
            for name in names_:
                for scope in (pref, None):
                    index = self._city_index.setdefault(scope, {})
                    index.setdefault(name[:2], []).append((name, (pref, city)))
        for index in self._city_index.values():
            for entries in index.values():
                entries.sort(key=lambda e: (-len(e[0]), e[1]))

    @classmethod
    def load(cls) -> Pools:
        """The generator's full pools: every usable town of Japan and all name entries."""
        return cls(names=NamePools.load(), addresses=AddressPool.load())

    # --- names ---------------------------------------------------------------------------

    def split_name(self, name: str) -> tuple[str, str]:
        """(surname, given name) of a name written without a space: the longest known
        surname that leaves a given name; else 2 characters (1 for names of 2 or 3)."""
        if len(name) <= 1:
            return name, ""
        if len(name) == 2 and name in self.surname_set:
            return name, ""
        for n in range(min(self.surname_max, len(name) - 1), 0, -1):
            if name[:n] in self.surname_set:
                return name[:n], name[n:]
        return (name[:2], name[2:]) if len(name) >= 4 else (name[:1], name[1:])

    # --- addresses -----------------------------------------------------------------------

    def read_region(self, address: str) -> tuple[str | None, tuple[str, str] | None, int]:
        """(prefecture written, municipality, end of the municipality in `address`).

        `address` is NFKC without spaces. The municipality is found after the prefecture,
        or on its own when the prefecture is left out (the first in postal-code order when
        the name exists in several prefectures, e.g. 府中市)."""
        pref = self._pref3.get(address[:3])
        if pref is None:
            pref = self._pref4.get(address[:4])
        start = len(pref) if pref else 0
        index = self._city_index.get(pref)
        if index is not None:
            for name, municipality in index.get(address[start : start + 2], ()):
                if address.startswith(name, start):
                    return pref, municipality, start + len(name)
        return pref, None, start

    def pick_town(self, u: int, pref: str | None, municipality: tuple[str, str] | None) -> int:
        if municipality is not None and municipality in self._by_city:
            return self._by_city[municipality].pick(u)
        if pref is not None and pref in self._by_pref:
            return self._by_pref[pref].pick(u)
        return self._all.pick(u)
