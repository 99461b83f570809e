"""XLSX: values masked inside their cells; styles, widths, merged cells, rich text runs and
formulas stay; a number holding a finding becomes masked text and is noted."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font, PatternFill

from mamori.pii import Scanner
from mamori.pii.extract import extract
from mamori.pii.redact import redact_file
from mamori.synth import Person

from .conftest import CORPORATE, OFFICE_PHONE, secrets_of

FILL = "FFFFE699"


def _workbook(path: Path, persons: list[Person]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名簿"
    ws["A1"] = "公用車運転者名簿"
    ws.merge_cells("A1:F1")
    header = ["氏名", "生年月日", "住所", "携帯電話", "個人番号", "備考"]
    for c, name in enumerate(header, start=1):
        cell = ws.cell(row=2, column=c, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=FILL)
    for r, p in enumerate(persons, start=3):
        ws.cell(row=r, column=1, value=p.name).font = Font(bold=True)
        ws.cell(row=r, column=2, value=f"{p.birth_date:%Y年%-m月%-d日}")
        ws.cell(row=r, column=3, value=p.address.full())
        ws.cell(row=r, column=4, value=p.phone).fill = PatternFill("solid", fgColor=FILL)
        ws.cell(row=r, column=5, value=int(p.my_number))  # a number, as Excel often keeps it
        ws.cell(row=r, column=6, value=f"代表 {OFFICE_PHONE}")
    last = 3 + len(persons)
    ws.cell(row=last, column=1, value=f'="法人番号 "&"{CORPORATE}"')
    ws.cell(row=last, column=2, value="=COUNTA(A3:A6)")
    ws.column_dimensions["A"].width = 18.5
    ws.column_dimensions["C"].width = 44
    ws.cell(row=last + 1, column=1).value = CellRichText(
        ["連絡者：", TextBlock(InlineFont(b=True), persons[0].name), " 様"]
    )
    second = wb.create_sheet("集計")
    second["A1"] = "件数"
    second["B1"] = len(persons)
    wb.save(path)


@pytest.fixture
def workbook(tmp_path: Path, persons: list[Person]) -> Path:
    path = tmp_path / "名簿.xlsx"
    _workbook(path, persons)
    return path


def test_values_go_formatting_stays(
    workbook: Path, persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    out = tmp_path / "out.xlsx"
    report = redact_file(workbook, out, scanner=scanner)
    text = extract(out).text
    for p in persons:
        for value in (p.name, p.address.full(), p.phone, p.my_number):
            assert value not in text
    assert OFFICE_PHONE in text
    assert CORPORATE in text  # 法人番号 is public: kept by default
    assert report.counts["PERSON"] >= len(persons)
    assert any("cell E3" in note and "int value" in note for note in report.notes)

    wb = openpyxl.load_workbook(out, rich_text=True)
    ws = wb["名簿"]
    assert ws["A3"].value == "■" * len(persons[0].name)
    assert ws["A3"].font.b
    assert ws["D3"].fill.fgColor.rgb == FILL
    assert ws["A2"].font.b
    assert ws["A2"].fill.fgColor.rgb == FILL
    assert ws.column_dimensions["A"].width == 18.5
    assert ws.column_dimensions["C"].width == 44
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:F1"]
    last = 3 + len(persons)
    assert ws.cell(row=last, column=1).data_type == "f"
    assert ws.cell(row=last, column=2).value == "=COUNTA(A3:A6)"
    rich = ws.cell(row=last + 1, column=1).value
    assert isinstance(rich, CellRichText)
    bold = [b for b in rich if isinstance(b, TextBlock)]
    assert bold
    assert bold[0].font.b
    assert set(bold[0].text) == {"■"}
    assert wb["集計"]["B1"].value == len(persons)


def test_tags_and_formula_literals(
    workbook: Path, persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    out = tmp_path / "out.xlsx"
    report = redact_file(workbook, out, scanner=scanner, mask="tag", types=None)
    ws = openpyxl.load_workbook(out)["名簿"]
    assert ws["A3"].value == "[氏名]"
    assert ws["C3"].value == "[住所]"
    assert ws["D3"].value == "[電話番号]"
    assert ws["E3"].value == "[個人番号]"
    text = extract(out).text
    assert not any(s in text for p in persons for s in secrets_of(p) if s in extract(workbook).text)
    # Asked for, the 法人番号 inside a formula's string literal is masked there and the
    # cell stays a formula.
    out2 = tmp_path / "out2.xlsx"
    report = redact_file(workbook, out2, scanner=scanner, mask="tag", types=["CORPORATE_NUMBER"])
    last = 3 + len(persons)
    cell = openpyxl.load_workbook(out2)["名簿"].cell(row=last, column=1)
    assert cell.data_type == "f"
    assert cell.value == '="法人番号 "&"[法人番号]"'
    assert report.counts == {"CORPORATE_NUMBER": 1}
    assert any("inside the formula" in note for note in report.notes)
