"""REAL_RESIDENT: a primary field and a corroborating field of the same real record; never
one field alone. Fictitious datasets: a document whose personal data are all registered."""

from __future__ import annotations

from mamori.jpdate import to_wareki
from mamori.pii import Extracted, Scanner
from mamori.pii.edm import EdmMatcher, EdmSummary
from mamori.synth import Person

from .conftest import World


def _scan(scanner: Scanner, text: str) -> tuple[list[tuple[str, ...]], EdmSummary]:
    result = scanner.scan(Extracted(path="doc.txt", text=text))
    assert result.ok, result.error
    real = [f.matched_fields for f in result.findings if f.type == "REAL_RESIDENT"]
    assert result.summary.edm is not None
    return real, result.summary.edm


def _address(p: Person) -> str:
    return p.address.full()


def test_name_and_birth_date_of_one_record_match(world: World, scanner: Scanner) -> None:
    p = world.real[0]
    text = f"記入例：{p.name}様（{to_wareki(p.birth_date)}生）の申請を受け付けました。"
    real, edm = _scan(scanner, text)
    assert real == [("name", "birth_date")]
    assert edm.real_persons == 1
    assert edm.real_households == 1


def test_every_matched_field_is_named(world: World, scanner: Scanner) -> None:
    p = world.real[1]
    text = (
        f"氏名：{p.name}（{p.name_kana}）\n生年月日：{p.birth_date:%Y/%m/%d}\n"
        f"住所：{_address(p)}\n個人番号：{p.my_number}\n"
    )
    real, _ = _scan(scanner, text)
    assert len(real) == 1
    assert {"name", "kana", "birth_date", "address", "my_number"} <= set(real[0])


def test_a_name_alone_is_never_a_match(world: World, scanner: Scanner) -> None:
    real, edm = _scan(scanner, f"担当：{world.real[2].name}様")
    assert real == []
    assert edm.real_persons == 0


def test_a_birth_date_alone_is_never_a_match(world: World, scanner: Scanner) -> None:
    real, _ = _scan(scanner, f"生年月日 {to_wareki(world.real[3].birth_date)}")
    assert real == []


def test_a_name_with_its_own_reading_is_not_enough(world: World, scanner: Scanner) -> None:
    # The reading follows from the name; it does not tell one 佐藤洋子 from another.
    p = world.real[4]
    real, _ = _scan(scanner, f"{p.name}（{p.name_kana}）")
    assert real == []


def test_fields_of_two_different_records_do_not_combine(world: World, scanner: Scanner) -> None:
    a, b = world.real[5], world.real[6]
    assert a.birth_date != b.birth_date
    real, _ = _scan(scanner, f"{a.name}様 生年月日 {to_wareki(b.birth_date)}")
    assert real == []


def test_fields_farther_apart_than_the_window_do_not_combine(
    world: World, scanner: Scanner
) -> None:
    p = world.real[7]
    filler = "本市の窓口は平日に開いています。" * 40  # 640 characters > the 300 window
    real, _ = _scan(scanner, f"{p.name}様\n{filler}\n生年月日 {to_wareki(p.birth_date)}")
    assert real == []


def test_a_household_counts_its_members_once(world: World, scanner: Scanner) -> None:
    household = next(
        [p for p in world.real if p.household_id == h]
        for h in dict.fromkeys(p.household_id for p in world.real)
        if sum(p.household_id == h for p in world.real) >= 2
    )
    lines = [f"{p.name} {p.birth_date:%Y-%m-%d} {p.phone or ''}" for p in household[:2]]
    real, edm = _scan(scanner, "\n".join(lines))
    assert len(real) == 2
    assert edm.real_persons == 2
    assert edm.real_households == 1


def test_fictitious_records_are_not_real_and_are_recognised(world: World, scanner: Scanner) -> None:
    p = world.fict[0]
    text = f"記入例\n氏名：{p.name}\n生年月日：{to_wareki(p.birth_date)}\n住所：{_address(p)}\n"
    real, edm = _scan(scanner, text)
    assert real == []
    assert edm.all_fictitious
    assert edm.fictitious_datasets == ("架空-1",)


def test_unregistered_personal_data_is_not_called_fictitious(scanner: Scanner) -> None:
    _, edm = _scan(scanner, "氏名：架空 次郎\n生年月日：昭和50年1月2日\n")
    assert not edm.all_fictitious


def test_a_document_with_a_real_resident_is_not_all_fictitious(
    world: World, scanner: Scanner
) -> None:
    f, r = world.fict[1], world.real[8]
    text = (
        f"{f.name} {to_wareki(f.birth_date)}生\n"
        + "。" * 400
        + f"\n{r.name} {to_wareki(r.birth_date)}生\n"
    )
    real, edm = _scan(scanner, text)
    assert len(real) == 1
    assert not edm.all_fictitious


def test_without_an_index_the_summary_has_no_edm(world: World, registry: object) -> None:
    from mamori.pii import Registry

    assert isinstance(registry, Registry)
    result = Scanner(registry).scan(Extracted(path="x", text=world.real[0].name))
    assert result.summary.edm is None
    assert "edm" not in result.summary.to_json()


def test_the_json_names_the_matched_fields(world: World, scanner: Scanner) -> None:
    p = world.real[9]
    result = scanner.scan(Extracted(path="x", text=f"{p.name} {p.birth_date:%Y年%m月%d日}生"))
    entry = result.to_json()
    real = [f for f in entry["findings"] if f["type"] == "REAL_RESIDENT"]
    assert real[0]["matched_fields"] == ["name", "birth_date"]
    assert real[0]["detector"] == "jp.edm"
    assert entry["summary"]["edm"]["real_persons"] == 1


def test_matcher_open_reads_the_key_from_the_environment(world: World, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("MAMORI_EDM_KEY", world.key.hex())
    matcher = EdmMatcher.open([world.real_index])
    assert matcher.real
    assert not matcher.fictitious
    matcher.close()


def test_names_are_found_without_the_person_detector(world: World, registry: object) -> None:
    # --types without PERSON: no name candidates and no morphemes; the matcher still finds
    # the name next to the matching birth date (one the detector saw as a birth date) from
    # the kanji/kana runs around it.
    from mamori.pii import Registry

    assert isinstance(registry, Registry)
    edm = EdmMatcher.open([world.real_index], secret=world.key)
    scanner = Scanner(registry, types=["DATE_OF_BIRTH", "REAL_RESIDENT"], edm=edm)
    p = world.real[11]
    text = f"受付 {p.surname}{p.given_name} 生年月日 {p.birth_date:%Y/%m/%d}"
    real, edm_summary = _scan(scanner, text)
    assert real == [("name", "birth_date")]
    assert edm_summary.real_persons == 1


def test_name_spans_around_a_person_candidate_cover_cut_and_titled_names() -> None:
    from mamori.pii.edm._match import _extensions

    text = "申請者 藤久 賢次様（平成14年4月12日生）"
    start = text.index("賢次")
    spans = {text[s:e] for s, e in _extensions(text, None, start, start + 2)}
    assert "藤久 賢次" in spans  # the detector saw only the given name
    start = text.index("藤久")
    spans = {text[s:e] for s, e in _extensions(text, None, start, text.index("（"))}
    assert "藤久 賢次" in spans  # the detector kept the title 様
    assert "（" not in "".join(spans)
