"""Per-file summary: counts by type, persons and households (spec/pii.md)."""

from __future__ import annotations

from mamori.pii import Explanation, Finding, Summary
from mamori.pii._summary import address_key, summarize


def _f(kind: str, text: str) -> Finding:
    explanation = Explanation(
        detector="t", pattern=None, base_score=0.9, adjustments=(), validated=None
    )
    return Finding(
        type=kind, start=0, end=len(text), text=text, score=0.9, detector="t",
        explanation=explanation,
    )  # fmt: skip


def test_four_households_seven_persons() -> None:
    names = [
        "山田 太郎", "山田　花子", "ヤマダ タロウ", "山田太郎", "佐藤 一郎", "佐藤",
        "鈴木 次郎", "鈴木 三郎", "高橋 四郎", "田中 五郎",
    ]  # fmt: skip
    addresses = [
        "千葉県市川市八幡一丁目一番一号",
        "市川市八幡1-1-1 ハイツ 101号室",
        "市川市八幡2丁目3番4号",
        "真庭市若代九百七十六番地十",
        "真庭市若代976-10",
        "大田区東六郷3丁目943番14号　マモリコート 1303号室",
    ]
    findings = [_f("PERSON", n) for n in names] + [_f("ADDRESS", a) for a in addresses]
    findings.append(_f("PHONE", "090-0123-4567"))
    summary = summarize(findings)
    assert (summary.households, summary.persons) == (4, 7)
    assert summary.describe() == "4世帯7人分"
    assert summary.by_type == {"ADDRESS": 6, "PERSON": 10, "PHONE": 1}


def test_a_surname_alone_without_a_full_name_is_a_person() -> None:
    summary = summarize([_f("PERSON", "佐藤"), _f("PERSON", "山田 太郎")])
    assert (summary.persons, summary.households) == (2, 1)  # 1 household when no address


def test_kana_only_names_count_when_there_is_no_kanji() -> None:
    assert summarize([_f("PERSON", "ﾔﾏﾀﾞ ﾀﾛｳ"), _f("PERSON", "ヤマダ タロウ")]).persons == 1


def test_nothing_found_is_zero() -> None:
    assert summarize([]) == Summary(persons=0, households=0, by_type={})


def test_address_keys() -> None:
    assert address_key("福島県白河市北裏９２９番地２６エクセル守の森 207号室") == "白河市北裏929-26"
    assert address_key("北海道旭川市春光6条1丁目991番9号") == "旭川市春光6条1-991-9"
