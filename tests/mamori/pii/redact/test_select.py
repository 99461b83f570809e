"""``select``: mask only the findings a reviewer chose, verified as strictly as a full
redaction (the chosen ones are gone from the written copy, the others are left as they are)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mamori.pii import Finding, Scanner
from mamori.pii.redact import RedactionError, _mask, _text, redact_file
from mamori.synth import Person

from .conftest import OFFICE_PHONE


@pytest.fixture
def notice(tmp_path: Path, persons: list[Person]) -> Path:
    """Two residents' names and phones, and the office's contact (published on purpose)."""
    a, b = persons[0], persons[1]
    path = tmp_path / "in" / "notice.txt"
    path.parent.mkdir()
    path.write_text(
        f"申請者：{a.name} 様\n電話：{a.phone}\n"
        f"代理人：{b.name} 様\n電話：{b.phone}\n"
        f"担当：市民課 {OFFICE_PHONE}\n",
        encoding="utf-8",
    )
    return path


def test_only_chosen_findings_are_masked(
    notice: Path, persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    a, b = persons[0], persons[1]
    out = tmp_path / "notice.txt"
    seen: list[str] = []

    def choose(f: Finding) -> bool:
        seen.append(f.type)
        return f.text in (a.name, a.phone)

    report = redact_file(notice, out, scanner=scanner, select=choose)
    text = out.read_text(encoding="utf-8")
    assert a.name not in text
    assert a.phone not in text
    assert b.name in text
    assert b.phone in text
    assert report.counts == {"PERSON": 1, "PHONE": 1}
    assert report.kept.get("PERSON") == 1
    assert report.kept.get("PHONE", 0) >= 1
    assert "PERSON" in seen


def test_select_nothing_writes_the_text_unchanged(
    notice: Path, scanner: Scanner, tmp_path: Path
) -> None:
    out = tmp_path / "notice.txt"
    report = redact_file(notice, out, scanner=scanner, select=lambda f: False)
    assert out.read_bytes() == notice.read_bytes()
    assert report.masked == ()
    assert sum(report.kept.values()) >= 4


def test_select_everything_equals_the_full_redaction(
    notice: Path, scanner: Scanner, tmp_path: Path
) -> None:
    (tmp_path / "all").mkdir()
    (tmp_path / "chosen").mkdir()
    full = redact_file(notice, tmp_path / "all" / "n.txt", scanner=scanner)
    chosen = redact_file(notice, tmp_path / "chosen" / "n.txt", scanner=scanner, select=bool)
    assert (tmp_path / "all" / "n.txt").read_bytes() == (tmp_path / "chosen" / "n.txt").read_bytes()
    assert full.counts == chosen.counts


def test_a_chosen_finding_the_mapper_skips_is_caught_by_the_rescan(
    notice: Path, persons: list[Person], scanner: Scanner, tmp_path: Path, monkeypatch: Any
) -> None:
    a = persons[0]
    real = _mask.plan_masks

    def skip_phones(
        text: str, slots: Sequence[_mask.Slot], findings: Iterable[Finding], mask: str, **kw: Any
    ) -> _mask.Plan:
        return real(text, slots, [f for f in findings if f.type != "PHONE"], mask, **kw)

    monkeypatch.setattr(_text, "plan_masks", skip_phones)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(RedactionError, match="still found") as caught:
        redact_file(
            notice,
            out_dir / "notice.txt",
            scanner=scanner,
            select=lambda f: f.text in (a.name, a.phone),
        )
    assert caught.value.failures == ("PHONE at line 2",)  # the chosen phone, not the others
    assert a.phone not in str(caught.value)
    assert list(out_dir.iterdir()) == []


def test_unchosen_findings_are_never_given_to_the_masker(
    notice: Path, persons: list[Person], scanner: Scanner, tmp_path: Path, monkeypatch: Any
) -> None:
    # why this must pass: a finding the reviewer chose to publish is not a leak
    a = persons[0]
    real = _mask.plan_masks

    def skip_phones(
        text: str, slots: Sequence[_mask.Slot], findings: Iterable[Finding], mask: str, **kw: Any
    ) -> _mask.Plan:
        assert all(f.type != "PHONE" for f in findings)  # never even asked to mask one
        return real(text, slots, list(findings), mask, **kw)

    monkeypatch.setattr(_text, "plan_masks", skip_phones)
    out = tmp_path / "notice.txt"
    report = redact_file(notice, out, scanner=scanner, select=lambda f: f.text == a.name)
    assert report.counts == {"PERSON": 1}
    assert a.phone in out.read_text(encoding="utf-8")


def test_select_in_a_spreadsheet_masks_one_cell(
    persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    a, b = persons[0], persons[1]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名簿"
    sheet.append(["氏名", "電話番号"])
    sheet.append([a.name, a.phone])
    sheet.append([b.name, b.phone])
    source = tmp_path / "名簿.xlsx"
    book.save(source)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "名簿.xlsx"

    def choose(f: Finding) -> bool:
        return f.location.cell == "A2"

    report = redact_file(source, out, scanner=scanner, select=choose)
    masked = openpyxl.load_workbook(out)["名簿"]
    assert masked["A2"].value != a.name
    assert "■" in str(masked["A2"].value)
    assert masked["B2"].value == a.phone
    assert masked["A3"].value == b.name
    assert report.counts == {"PERSON": 1}
