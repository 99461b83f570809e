"""Pools of Japanese names with matching readings, for the fictitious-resident generator.

Every name is drawn as one *entry* (kanji and katakana reading together), never as a kanji
and a reading drawn separately, so a name always matches its reading.

- Surnames: a hand-ordered list of the 30 commonest surnames by national rank with shares
  close to the real ones (佐藤 about 1.6 %), then gimei's 500 surnames, then a long tail of
  surnames from SudachiPy's dictionary (``人名,姓`` entries written in 1–3 kanji), ordered by
  how ordinary their kanji are among the common surnames. The gimei block and the Sudachi
  tail get Zipf-like weights that fall with rank.
- Given names: gimei's male and female given names, weighted by birth era (names ending in
  子 are common for women born before 1975 and rare after 1990, and so on).

Loading reads gimei's YAML and iterates Sudachi's dictionary once (about 1.5 s together);
load a :class:`NamePools` once and pass it around.
"""

from __future__ import annotations

import bisect
import importlib
import importlib.util
import logging
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Final

from mamori._exceptions import ConfigurationError

__all__ = ["NamePools", "WeightedPool", "era_index"]

log = logging.getLogger(__name__)

# The 30 commonest surnames in Japan by national rank, with approximate shares in percent of
# the population (rounded from published counts, 佐藤 lifted a little to sit inside the
# generator's 1.5–2 % target).
COMMON_SURNAMES: Final[tuple[tuple[str, str, float], ...]] = (
    ("佐藤", "サトウ", 1.60),
    ("鈴木", "スズキ", 1.43),
    ("高橋", "タカハシ", 1.13),
    ("田中", "タナカ", 1.06),
    ("伊藤", "イトウ", 0.86),
    ("渡辺", "ワタナベ", 0.85),
    ("山本", "ヤマモト", 0.85),
    ("中村", "ナカムラ", 0.83),
    ("小林", "コバヤシ", 0.81),
    ("加藤", "カトウ", 0.70),
    ("吉田", "ヨシダ", 0.67),
    ("山田", "ヤマダ", 0.65),
    ("佐々木", "ササキ", 0.54),
    ("山口", "ヤマグチ", 0.51),
    ("松本", "マツモト", 0.50),
    ("井上", "イノウエ", 0.49),
    ("木村", "キムラ", 0.46),
    ("林", "ハヤシ", 0.42),
    ("斎藤", "サイトウ", 0.42),
    ("清水", "シミズ", 0.42),
    ("山崎", "ヤマザキ", 0.38),
    ("森", "モリ", 0.37),
    ("池田", "イケダ", 0.35),
    ("橋本", "ハシモト", 0.35),
    ("阿部", "アベ", 0.35),
    ("石川", "イシカワ", 0.34),
    ("山下", "ヤマシタ", 0.34),
    ("中島", "ナカジマ", 0.33),
    ("石井", "イシイ", 0.32),
    ("小川", "オガワ", 0.32),
)
GIMEI_SHARE: Final = 0.36  # share of residents with a surname from gimei's list (rank 31-530)
GIMEI_EXPONENT: Final = 0.84
TAIL_EXPONENT: Final = 1.3

# Birth-era buckets for given names: born before 1960, 1960-74, 1975-89, 1990-99, 2000-.
ERA_STARTS: Final = (1960, 1975, 1990, 2000)
_KO_WEIGHT: Final = (55.0, 20.0, 4.0, 1.0, 0.4)  # female names ending in 子
_OLD_MALE_ENDINGS: Final = ("郎", "夫", "雄", "男", "彦", "治", "蔵", "吉", "三", "次")
_OLD_MALE_WEIGHT: Final = (4.0, 2.5, 1.0, 0.6, 0.4)
_MODERN_CHARS: Final = frozenset("翔斗蒼碧陽悠結愛凛琉颯湊莉咲菜羽心葵芽絆煌蓮")
_MODERN_WEIGHT: Final = (0.05, 0.2, 0.7, 1.5, 3.0)

_SURNAME_RE: Final = re.compile(r"^[\u4e00-\u9fff々ヶ]{1,3}$")
_KATAKANA_RE: Final = re.compile(r"^[\u30a1-\u30f6ー]+$")


def _encodable(text: str) -> bool:
    """Whether city offices' Shift_JIS (cp932) can hold the text; every pool entry must."""
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class WeightedPool:
    """Entries with cumulative weights: one bisect per draw."""

    entries: tuple[tuple[str, str], ...]
    cum_weights: tuple[float, ...]

    @classmethod
    def build(cls, entries: Sequence[tuple[str, str]], weights: Sequence[float]) -> WeightedPool:
        if len(entries) != len(weights) or not entries:
            raise ValueError("a weighted pool needs one positive weight per entry")
        return cls(tuple(entries), tuple(accumulate(weights)))

    def draw(self, rng: random.Random) -> tuple[str, str]:
        cum = self.cum_weights
        return self.entries[bisect.bisect(cum, rng.random() * cum[-1], 0, len(cum) - 1)]

    def share(self, index: int) -> float:
        """The probability of drawing entry ``index``."""
        previous = self.cum_weights[index - 1] if index else 0.0
        return (self.cum_weights[index] - previous) / self.cum_weights[-1]

    def __len__(self) -> int:
        return len(self.entries)


def era_index(birth_year: int) -> int:
    return bisect.bisect_right(ERA_STARTS, birth_year)


@dataclass(frozen=True, slots=True)
class NamePools:
    """Surnames and given names (kanji, katakana), loaded once and passed around."""

    surnames: WeightedPool
    # given[sex][era] for sex "M"/"F" and era_index(birth_year)
    given: dict[str, tuple[WeightedPool, ...]]

    @classmethod
    def load(cls, *, sudachi: bool = True) -> NamePools:
        """Load gimei's names and (unless ``sudachi=False``) Sudachi's surname tail."""
        male, female, gimei_surnames = _load_gimei()
        tail = _load_sudachi_surnames() if sudachi else []
        return cls(
            surnames=_surname_pool(gimei_surnames, tail),
            given={"M": _given_pools(male, "M"), "F": _given_pools(female, "F")},
        )

    def surname(self, rng: random.Random) -> tuple[str, str]:
        """A surname and its katakana reading."""
        return self.surnames.draw(rng)

    def given_name(self, rng: random.Random, sex: str, birth_year: int) -> tuple[str, str]:
        """A given name for ``sex`` ("M"/"F") typical of ``birth_year``, and its reading."""
        return self.given[sex][era_index(birth_year)].draw(rng)

    def surname_entries(self) -> frozenset[tuple[str, str]]:
        return frozenset(self.surnames.entries)

    def given_name_entries(self, sex: str) -> frozenset[tuple[str, str]]:
        return frozenset(self.given[sex][0].entries)


def _gimei_path() -> Path:
    # Locate gimei's data without importing gimei (its import parses all its YAML files).
    spec = importlib.util.find_spec("gimei")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError(
            "the name pools need the 'gimei' package; install mamori's dependencies"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "names.yml"
    if not path.is_file():
        raise ConfigurationError(f"gimei's name list is missing ({path}); reinstall gimei")
    return path


def _load_gimei() -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with _gimei_path().open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=loader)

    def entries(rows: list[list[str]]) -> list[tuple[str, str]]:
        seen: set[tuple[str, str]] = set()
        out = []
        for kanji, _hiragana, katakana in rows:
            entry = (str(kanji), str(katakana))
            if entry not in seen and _encodable(entry[0]):
                seen.add(entry)
                out.append(entry)
        return out

    first = data["first_name"]
    return entries(first["male"]), entries(first["female"]), entries(data["last_name"])


def _load_sudachi_surnames() -> list[tuple[str, str]]:
    """Every ``名詞,固有名詞,人名,姓`` entry of Sudachi's dictionary in 1–3 kanji, sorted."""
    try:
        # imported by name: sudachipy ships no type information
        sudachipy = importlib.import_module("sudachipy")
    except ImportError as err:  # pragma: no cover - sudachipy is a dependency
        raise ConfigurationError(
            "the surname pool needs 'sudachipy' and 'sudachidict-core'; install mamori's "
            "dependencies or load NamePools with sudachi=False"
        ) from err
    dictionary = sudachipy.Dictionary()
    try:
        pos_ids = set()
        pos_id = 0
        while (pos := dictionary.pos_of(pos_id)) is not None:
            if tuple(pos[2:4]) == ("人名", "姓"):
                pos_ids.add(pos_id)
            pos_id += 1
        found: set[tuple[str, str]] = set()
        for entry in dictionary.entries():
            if entry.part_of_speech_id() in pos_ids:
                found.add((entry.surface(), entry.reading_form()))
    finally:
        dictionary.close()
    surnames = sorted(
        (surface, reading)
        for surface, reading in found
        if _SURNAME_RE.match(surface) and _KATAKANA_RE.match(reading) and _encodable(surface)
    )
    log.debug("loaded %d surname entries from Sudachi", len(surnames))
    return surnames


def _surname_pool(
    gimei_surnames: list[tuple[str, str]], tail: list[tuple[str, str]]
) -> WeightedPool:
    entries: list[tuple[str, str]] = [(kanji, kana) for kanji, kana, _share in COMMON_SURNAMES]
    weights = [share / 100 for _kanji, _kana, share in COMMON_SURNAMES]
    taken = {kanji for kanji, _kana in entries}

    middle = [entry for entry in gimei_surnames if entry[0] not in taken]
    taken.update(kanji for kanji, _kana in middle)
    rest = _rank_tail([entry for entry in tail if entry[0] not in taken], entries + middle)
    head_share = sum(weights)
    rest_share = 0.0 if not rest else 1.0 - head_share - GIMEI_SHARE
    middle_share = 1.0 - head_share - rest_share
    for block, share, start, exponent in (
        (middle, middle_share, len(entries) + 1, GIMEI_EXPONENT),
        (rest, rest_share, len(entries) + len(middle) + 1, TAIL_EXPONENT),
    ):
        raw = [1.0 / (start + i) ** exponent for i in range(len(block))]
        total = sum(raw)
        entries.extend(block)
        weights.extend(share * w / total for w in raw)
    return WeightedPool.build(entries, weights)


def _rank_tail(tail: list[tuple[str, str]], known: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Order Sudachi's surnames (which carry no frequency) by how ordinary they look.

    A surname made of kanji that are frequent in the known common surnames (田, 山, 藤, 川 …)
    and two characters long ranks before a rare-looking one; the Zipf weights then follow
    this order. Ties keep the sorted order, so the result is deterministic.
    """
    frequency: dict[str, float] = {}
    for rank, (kanji, _kana) in enumerate(known, start=1):
        for char in set(kanji):
            frequency[char] = frequency.get(char, 0.0) + 1.0 / rank**0.5
    length_factor = {1: 0.3, 2: 1.0, 3: 0.25}

    def score(entry: tuple[str, str]) -> float:
        product = 1.0
        for char in entry[0]:
            product *= frequency.get(char, 0.0) + 0.05
        mean: float = product ** (1 / len(entry[0]))
        return mean * length_factor[len(entry[0])]

    return sorted(tail, key=lambda entry: -score(entry))


def _given_pools(names: list[tuple[str, str]], sex: str) -> tuple[WeightedPool, ...]:
    pools = []
    for era in range(len(ERA_STARTS) + 1):
        weights = []
        for kanji, _kana in names:
            weight = 1.0
            if sex == "F" and kanji.endswith("子"):
                weight = _KO_WEIGHT[era]
            elif sex == "M" and kanji.endswith(_OLD_MALE_ENDINGS):
                weight = _OLD_MALE_WEIGHT[era]
            if any(char in _MODERN_CHARS for char in kanji):
                weight *= _MODERN_WEIGHT[era]
            weights.append(weight)
        pools.append(WeightedPool.build(names, weights))
    return tuple(pools)
