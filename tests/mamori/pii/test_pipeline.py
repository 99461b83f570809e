"""The scanner's stages: resolution, thresholds, types, fail-closed, locations, allowlist."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mamori.pii import (
    Allowlist,
    Candidate,
    Extracted,
    Location,
    Region,
    Registry,
    ScanDocument,
    Scanner,
    Status,
    allowlist_entry,
)
from mamori.pii._resolve import apply_thresholds, resolve_overlaps
from tests.mamori.pii._structured import STRUCTURED, structured_scanner

KEY = b"k" * 32


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return structured_scanner()


def _c(label: str, start: int, end: int, score: float) -> Candidate:
    return Candidate(label=label, start=start, end=end, score=score, detector="t")


PRIORITY = ("CORPORATE_NUMBER", "DRIVERS_LICENSE", "MY_NUMBER", "PHONE")


def test_same_span_keeps_the_more_specific_label() -> None:
    kept = resolve_overlaps([_c("PHONE", 0, 12, 0.9), _c("MY_NUMBER", 0, 12, 0.8)], PRIORITY)
    assert [c.label for c in kept] == ["MY_NUMBER"]


def test_overlaps_keep_the_higher_score_then_the_longer_span() -> None:
    kept = resolve_overlaps([_c("PHONE", 0, 10, 0.6), _c("ADDRESS", 5, 20, 0.9)], PRIORITY)
    assert [c.label for c in kept] == ["ADDRESS"]
    kept = resolve_overlaps([_c("PERSON", 0, 4, 0.8), _c("ADDRESS", 2, 12, 0.8)], PRIORITY)
    assert [c.label for c in kept] == ["ADDRESS"]
    kept = resolve_overlaps([_c("PERSON", 0, 4, 0.8), _c("ADDRESS", 4, 12, 0.7)], PRIORITY)
    assert [c.label for c in kept] == ["PERSON", "ADDRESS"]  # touching is not overlapping


def test_thresholds_are_per_label() -> None:
    limits = {"PHONE": 0.7}
    kept = apply_thresholds(
        [_c("PHONE", 0, 1, 0.69), _c("EMAIL", 2, 3, 0.5)], lambda label: limits.get(label, 0.5)
    )
    assert [c.label for c in kept] == ["EMAIL"]


def test_types_limit_the_scan(scanner: Scanner) -> None:
    text = "個人番号 1234 5678 9018 電話 090-0123-4567"
    limited = Scanner(scanner.registry, types=["PHONE"])
    assert [f.type for f in limited.scan_text(text)] == ["PHONE"]
    assert {f.type for f in scanner.scan_text(text)} == {"MY_NUMBER", "PHONE"}


def test_unscannable_in_is_unscannable_out(scanner: Scanner) -> None:
    result = scanner.scan(
        Extracted(path="a.pdf", text="", status=Status.UNSCANNABLE, error="encrypted")
    )
    assert result.status == Status.UNSCANNABLE
    assert result.to_json()["error"] == "encrypted"


class _Broken:
    detector_id = "jp.broken"
    labels = frozenset({"PHONE"})

    def detect(self, doc: ScanDocument) -> Iterator[Candidate]:
        raise RuntimeError("bug")


def test_a_failing_detector_makes_the_file_unscannable_never_clean() -> None:
    registry = Registry(detectors=(_Broken(),), specs={})
    result = Scanner(registry).scan(Extracted(path="a.txt", text="電話"))
    assert result.status == Status.UNSCANNABLE
    assert "RuntimeError" in (result.error or "")


def test_findings_carry_the_location_of_their_region(scanner: Scanner) -> None:
    text = "氏名\t電話\n山田\t090-0123-4567\n"
    cell = text.index("090")
    regions = (
        Region(0, len(text), Location(sheet="名簿")),
        Region(cell, cell + 13, Location(sheet="名簿", cell="B2"), header="電話"),
    )
    result = scanner.scan(Extracted(path="a.xlsx", text=text, regions=regions))
    (finding,) = result.findings
    assert (finding.location.sheet, finding.location.cell) == ("名簿", "B2")
    assert result.to_json()["findings"][0]["location"] == {
        "page": None,
        "sheet": "名簿",
        "cell": "B2",
    }


def test_offsets_point_into_the_original_text(scanner: Scanner) -> None:
    text = "ﾔﾏﾀﾞ ﾊﾟﾊﾟ　〒１２０－０００５\n電話 ０９０－０１２３－４５６７"
    spans = {f.type: text[f.start : f.end] for f in scanner.scan_text(text)}
    assert spans == {"POSTAL_CODE": "１２０－０００５", "PHONE": "０９０－０１２３－４５６７"}


def test_the_allowlist_drops_a_value_in_any_spelling(scanner: Scanner) -> None:
    allow = Allowlist.of(KEY, [("PHONE", "03-0123-4567")])
    allowed = Scanner(scanner.registry, allowlist=allow)
    assert allowed.scan_text("電話 ０３（０１２３）４５６７") == []
    assert allowed.scan_text("電話 03-0123-4568") != []


def test_allowlist_entries_are_keyed_and_never_the_value() -> None:
    entry = allowlist_entry(KEY, "PHONE", "03-0123-4567")
    assert len(entry) == 64
    assert "0123" not in entry
    assert entry != allowlist_entry(b"x" * 32, "PHONE", "03-0123-4567")
    assert entry != allowlist_entry(KEY, "MY_NUMBER", "03-0123-4567")


def test_every_structured_detector_is_in_the_default_registry(scanner: Scanner) -> None:
    assert {d.detector_id for d in scanner.registry.detectors} == set(STRUCTURED)
