"""The normaliser: what it changes, and that offsets always lead back to the original."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mamori.pii import Scanner
from mamori.pii._normalize import _STABLE, kanji_number, normalize, to_normalized
from tests.mamori.pii._structured import structured_scanner


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("０９０－０１２３－４５６７", "090-0123-4567"),
        ("090ー0479ー0275", "090-0479-0275"),
        ("0776−00−5353 1‐901‐5 2―3 4–5 6—7 8‒9 0‑1", "0776-00-5353 1-901-5 2-3 4-5 6-7 8-9 0-1"),
        ("〒１２３－４５６７", "〒123-4567"),
        ("山田　太郎", "山田 太郎"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
        ("ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ", "ABC@example.jp"),
        ("㈱ミモリ", "(株)ミモリ"),
        ("カ\u3099", "ガ"),
        # kanji numerals only in address blocks
        ("一丁目九百一番五号", "1丁目901番5号"),
        ("若代九百七十六番地十", "若代976番地10"),
        ("三丁目九百八十七番十七号", "3丁目987番17号"),
        ("第一小学校で一番大事なこと", "第一小学校で一番大事なこと"),
        # a long vowel mark next to one digit only stays (センター1)
        ("センター1", "センター1"),
    ],
)
def test_normalises(text: str, normal: str) -> None:
    assert normalize(text).text == normal


def test_kanji_numbers() -> None:
    assert [kanji_number(k) for k in ("九百一", "二十六", "十", "千二百", "一〇二")] == [
        901,
        26,
        10,
        1200,
        102,
    ]


def test_unchanged_lengths_need_no_offset_arrays() -> None:
    normal = normalize("個人番号　１２３４　５６７８　９０１８")
    assert isinstance(normal.starts, range)
    assert normal.to_original(5, 9) == (5, 9)


def test_offsets_map_a_shortened_span_back() -> None:
    text = "ﾊﾟﾊﾟ 若代九百七十六番地十 090"
    normal = normalize(text)
    start = normal.text.index("976")
    s, e = normal.to_original(start, start + 3)
    assert text[s:e] == "九百七十六"
    assert to_normalized(normal, s, e) == (start, start + 3)


def test_the_stable_set_is_stable() -> None:
    # Every character the normaliser skips must be one NFKC leaves alone.
    stable = re.compile(f"[{_STABLE}]")
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or not stable.match(char):
            continue
        assert unicodedata.normalize("NFKC", char) == char, hex(code)
        assert unicodedata.combining(char) == 0, hex(code)


_NOISE = st.text(
    alphabet=st.sampled_from(
        list("あいうアイウ山田市番地丁目号一二三十百abcXYZ -,.\t")
        + list("ｱｲｳﾊﾟﾊﾞﾞﾟ㈱①②℡…ｰ－　：〒")
        + ["\u3099", "\u0301", "\u2212", "\u2015", "\uff10", "\uff19"]
    ),
    max_size=40,
)

_IDENTIFIERS = [
    ("MY_NUMBER", "個人番号 ", "１２３４　５６７８　９０１８"),
    ("MY_NUMBER", "個人番号 ", "1234-5678-9018"),
    ("PHONE", "電話 ", "０９０－０１２３－４５６７"),
    ("PHONE", "電話 ", "090ー0479ー0275"),
    ("CORPORATE_NUMBER", "法人番号 ", "7969864922506"),
    ("EMAIL", "", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
]


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return structured_scanner()


@settings(max_examples=150, deadline=None)
@given(before=_NOISE, after=_NOISE, which=st.integers(0, len(_IDENTIFIERS) - 1))
def test_findings_point_at_the_identifier_in_random_text(
    scanner: Scanner, before: str, after: str, which: int
) -> None:
    label, lead, identifier = _IDENTIFIERS[which]
    text = f"{before}\n{lead}{identifier}\n{after}"
    spans = [text[f.start : f.end] for f in scanner.scan_text(text) if f.type == label]
    assert any(identifier in span for span in spans), (text, spans)


@settings(max_examples=200, deadline=None)
@given(text=_NOISE)
def test_offset_maps_are_monotonic_and_in_bounds(text: str) -> None:
    normal = normalize(text)
    assert len(normal.starts) == len(normal.ends) == len(normal.text)
    previous = 0
    for i in range(len(normal.text)):
        start, end = normal.starts[i], normal.ends[i]
        assert previous <= start < end <= len(text)
        previous = start
