"""The tag table, the mapping of findings onto slots, and what counts as a leak."""

from __future__ import annotations

from mamori.pii import Explanation, Finding, Label, Location
from mamori.pii.redact import DEFAULT_TYPES, TAGS
from mamori.pii.redact._mask import Masks, Slot, is_mask_only, plan_masks, where

_EXPLANATION = Explanation("test", None, 1.0, (), None)


def _finding(text: str, value: str, label: str = "PERSON", **location: object) -> Finding:
    start = text.index(value)
    return Finding(
        label, start, start + len(value), value, 1.0, "test", _EXPLANATION, Location(**location)
    )  # type: ignore[arg-type]


def test_every_label_has_a_japanese_tag_and_corporate_numbers_are_kept() -> None:
    assert set(TAGS) == {label.value for label in Label}
    assert len(set(TAGS.values())) == len(TAGS)
    assert all(t.startswith("[") and t.endswith("]") for t in TAGS.values())
    assert TAGS["PERSON"] == "[氏名]"
    assert TAGS["MY_NUMBER"] == "[個人番号]"
    assert "CORPORATE_NUMBER" not in DEFAULT_TYPES
    assert {label.value for label in Label} - {"CORPORATE_NUMBER"} == DEFAULT_TYPES


def test_a_finding_across_slots_is_masked_in_each() -> None:
    # Three runs: 申請者： | 山田 | 太郎様 ; the extractor adds nothing between runs.
    text = "申請者：山田太郎様\n"
    slots = [Slot(0, "申請者："), Slot(4, "山田"), Slot(6, "太郎様")]
    finding = _finding(text, "山田太郎")
    block = plan_masks(text, slots, [finding], "■")
    assert [block.new_text(i, s) for i, s in enumerate(slots)] == [None, "■■", "■■様"]
    tag = plan_masks(text, slots, [finding], "tag")
    assert [tag.new_text(i, s) for i, s in enumerate(slots)] == [None, "[氏名]", "様"]
    assert tag.apply(text, slots) == "申請者：[氏名]様\n"


def test_separators_between_slots_and_protected_characters_stay() -> None:
    text = '"山田","太郎"\n'
    slots = [Slot(0, text)]
    finding = _finding(text, '山田","太郎')  # a name over two CSV fields
    plan = plan_masks(text, slots, [finding], "■", protect='\n\r,"')
    assert plan.apply(text, slots) == '"■■","■■"\n'
    plan = plan_masks(text, slots, [finding], "tag", protect='\n\r,"')
    assert plan.apply(text, slots) == '"[氏名]",""\n'


def test_a_letter_outside_every_slot_is_unmapped() -> None:
    text = "電話 090-0123-4567\n"
    slots = [Slot(0, "電話 090-")]  # the rest of the number is not editable
    finding = _finding(text, "090-0123-4567", "PHONE")
    plan = plan_masks(text, slots, [finding], "■")
    assert plan.unmapped == [finding]
    assert not plan.replacements
    # Structure between slots (a TAB) is not a letter: the finding is still mapped.
    text = "山田\t太郎\n"
    slots = [Slot(0, "山田"), Slot(3, "太郎")]
    plan = plan_masks(text, slots, [_finding(text, "山田\t太郎")], "■")
    assert plan.apply(text, slots) == "■■\t■■\n"


def test_mask_only_and_leaks() -> None:
    assert is_mask_only("■■ ■■")
    assert is_mask_only("[氏名]")
    assert not is_mask_only("■■太郎")
    text = '{"name": "[氏名]", "memo": "■■太郎", "tel": "090-0123-4567"}'
    masks = Masks(text)
    # A detector reading the tag as a column header and taking the key along: masked.
    assert not masks.is_leak(_finding(text, '"name": "[氏名]"'))
    # Half a name left beside a mask: a leak.
    assert masks.is_leak(_finding(text, "■■太郎"))
    # A finding clear of every mask: a leak.
    assert masks.is_leak(_finding(text, "090-0123-4567", "PHONE"))


def test_where_names_the_place_never_the_value() -> None:
    text = "a\nb\n山田太郎\n"
    assert where(_finding(text, "山田太郎"), text) == "line 3"
    assert where(_finding(text, "山田太郎", sheet="名簿", cell="B3"), text) == (
        "sheet 名簿, cell B3"
    )
    assert where(_finding(text, "山田太郎", page=2), text) == "page 2"
