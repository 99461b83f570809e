"""DOCX: masks inside runs (across runs when a name is split), in tables, headers and
footers; run formatting stays; only the changed XML parts are rewritten."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from mamori.pii import Scanner
from mamori.pii.extract import extract
from mamori.pii.redact import redact_file
from mamori.synth import Person

from .conftest import CORPORATE, OFFICE_PHONE, letter_lines, secrets_of


def _document(path: Path, persons: list[Person]) -> None:
    p, q = persons[0], persons[1]
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = f"〒{q.address.postal_code_display} {q.address.full()}"
    section.footer.paragraphs[0].text = f"緊急連絡先：{q.phone}"
    para = document.add_paragraph("申請者：")
    bold = para.add_run(p.surname)
    bold.bold = True
    italic = para.add_run(f" {p.given_name}")
    italic.italic = True
    para.add_run(" 様")
    for line in letter_lines(p):
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(persons), cols=3)
    for c, title in enumerate(["氏名", "住所", "電話番号"]):
        table.cell(0, c).text = title
    for r, person in enumerate(persons, start=1):
        table.cell(r, 0).text = person.name
        table.cell(r, 1).text = person.address.full()
        table.cell(r, 2).text = person.phone
    document.save(str(path))


@pytest.fixture
def document(tmp_path: Path, persons: list[Person]) -> Path:
    path = tmp_path / "申請書.docx"
    _document(path, persons)
    return path


def test_block_mask_keeps_runs_tables_header_footer(
    document: Path, persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    out = tmp_path / "out.docx"
    report = redact_file(document, out, scanner=scanner)
    text = extract(out).text
    assert len(text) == len(extract(document).text)
    for p in persons:
        for value in (p.name, p.address.full(), p.phone):
            assert value not in text
    assert not any(s in text for s in secrets_of(persons[0]))
    assert OFFICE_PHONE in text
    assert CORPORATE in text
    assert report.counts["PERSON"] >= len(persons) + 1

    result = docx.Document(str(out))
    runs = result.paragraphs[0].runs
    assert [r.text for r in runs] == ["申請者：", "■" * 2, "■" * 3, " 様"]
    assert runs[1].bold
    assert runs[2].italic
    assert not runs[3].bold
    table = result.tables[0]
    assert table.cell(0, 0).text == "氏名"
    assert set(table.cell(1, 0).text) <= {"■"}
    section = result.sections[0]
    assert set(section.footer.paragraphs[0].text.split("：")[1]) == {"■"}
    assert persons[1].address.full() not in section.header.paragraphs[0].text


def test_tag_goes_into_the_first_run(
    document: Path, persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    out = tmp_path / "out.docx"
    redact_file(document, out, scanner=scanner, mask="tag")
    result = docx.Document(str(out))
    runs = result.paragraphs[0].runs
    assert [r.text for r in runs] == ["申請者：", "[氏名]", "", " 様"]
    assert runs[1].bold
    assert result.tables[0].cell(1, 1).text == "[住所]"
    assert "[電話番号]" in result.sections[0].footer.paragraphs[0].text


def test_only_changed_parts_are_rewritten(document: Path, scanner: Scanner, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    redact_file(document, out, scanner=scanner)
    with zipfile.ZipFile(document) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
    assert "word/document.xml" in changed
    assert changed <= {"word/document.xml", "word/header1.xml", "word/footer1.xml"}
    assert "word/styles.xml" not in changed


def test_text_boxes_tracked_changes_and_content_controls(
    persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    p, q, r = persons[0], persons[1], persons[2]
    document = docx.Document()
    document.add_paragraph("本文")
    buffer = io.BytesIO()
    document.save(buffer)
    box = f"<w:p><w:r><w:t>氏名：{r.name} 様</w:t></w:r></w:p>"
    extra = (
        f"<w:p><w:ins><w:r><w:t>電話 {p.phone}</w:t></w:r></w:ins>"
        f"<w:del><w:r><w:delText>氏名：{q.name} 様</w:delText></w:r></w:del></w:p>"
        f"<w:sdt><w:sdtContent><w:p><w:r><w:t>電話：{q.phone}</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        f"{box}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
        f"{box}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>"
        "<w:t>図の後</w:t></w:r></w:p>"
    )
    source = tmp_path / "boxes.docx"
    with zipfile.ZipFile(buffer) as a, zipfile.ZipFile(source, "w") as b:
        for info in a.infolist():
            data = a.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", extra.encode() + b"<w:sectPr", 1)
            b.writestr(info, data)
    out = tmp_path / "out.docx"
    report = redact_file(source, out, scanner=scanner)
    assert report.counts["PHONE"] == 2
    with zipfile.ZipFile(out) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    for value in (p.phone, q.phone, q.name, r.name):  # the Fallback copy included
        assert value not in xml
    assert "図の後" in xml
    docx.Document(str(out))
