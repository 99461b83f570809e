"""A small, fixed list of invented Japanese staff names for the demo city.

The surnames are common ones and the given names ordinary ones; the *combinations* are drawn
at random and are fictitious. Any likeness to a real person is coincidental: no name here was
taken from a real record. Readings are katakana, as in a personnel system.

This is a stop-gap: issue "mamori.synth" brings the full generator of fictitious residents
and staff (names, readings, addresses, households) to the library, and the demo city will
draw its staff from it then.
"""

from __future__ import annotations

import random
from typing import Final

# (kanji, katakana reading). Kept four to a line, as a table.
# fmt: off
SURNAMES: Final[tuple[tuple[str, str], ...]] = (
    ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
    ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"),
    ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山田", "ヤマダ"),
    ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"), ("井上", "イノウエ"),
    ("木村", "キムラ"), ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ"),
    ("山崎", "ヤマザキ"), ("森", "モリ"), ("池田", "イケダ"), ("橋本", "ハシモト"),
    ("阿部", "アベ"), ("石川", "イシカワ"), ("山下", "ヤマシタ"), ("中島", "ナカジマ"),
    ("石井", "イシイ"), ("小川", "オガワ"), ("前田", "マエダ"), ("岡田", "オカダ"),
    ("長谷川", "ハセガワ"), ("藤田", "フジタ"), ("後藤", "ゴトウ"), ("近藤", "コンドウ"),
    ("村上", "ムラカミ"), ("遠藤", "エンドウ"), ("青木", "アオキ"), ("坂本", "サカモト"),
)

GIVEN_NAMES: Final[tuple[tuple[str, str], ...]] = (
    ("翔太", "ショウタ"), ("健一", "ケンイチ"), ("大輔", "ダイスケ"), ("誠", "マコト"),
    ("拓海", "タクミ"), ("直樹", "ナオキ"), ("浩二", "コウジ"), ("隆", "タカシ"),
    ("和也", "カズヤ"), ("亮", "リョウ"), ("智之", "トモユキ"), ("雅人", "マサト"),
    ("俊彦", "トシヒコ"), ("修", "オサム"), ("康弘", "ヤスヒロ"), ("悠斗", "ユウト"),
    ("陽介", "ヨウスケ"), ("健太", "ケンタ"), ("正樹", "マサキ"), ("賢治", "ケンジ"),
    ("美咲", "ミサキ"), ("陽子", "ヨウコ"), ("恵子", "ケイコ"), ("裕子", "ユウコ"),
    ("由美", "ユミ"), ("直美", "ナオミ"), ("真由美", "マユミ"), ("恵美", "エミ"),
    ("明美", "アケミ"), ("香織", "カオリ"), ("彩", "アヤ"), ("奈々", "ナナ"),
    ("沙織", "サオリ"), ("千尋", "チヒロ"), ("美穂", "ミホ"), ("麻衣", "マイ"),
    ("里美", "サトミ"), ("綾香", "アヤカ"), ("友美", "トモミ"), ("理恵", "リエ"),
)
# fmt: on


def name_combinations() -> list[tuple[str, str]]:
    """Every (name, reading) pair in a fixed order, e.g. ``("佐藤 翔太", "サトウ ショウタ")``."""
    return [
        (f"{surname} {given}", f"{surname_kana} {given_kana}")
        for surname, surname_kana in SURNAMES
        for given, given_kana in GIVEN_NAMES
    ]


def pick_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` different (name, reading) pairs drawn with `rng` (same state, same names)."""
    combinations = name_combinations()
    if count > len(combinations):
        raise ValueError(f"only {len(combinations)} names are available, {count} asked for")
    return [combinations[i] for i in rng.sample(range(len(combinations)), count)]
