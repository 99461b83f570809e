"""DOCX, XLSX, PPTX and the Office files that are refused."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl

from mamori.pii._model import Status
from mamori.pii.extract import extract_bytes
from tests.mamori.pii.extract.conftest import make_docx, make_xlsx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _replace_member(data: bytes, name: str, edit) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            dst.writestr(info, edit(content) if info.filename == name else content)
    return out.getvalue()


def test_docx_header_body_table_footer_in_order() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "取扱注意"
    document.add_paragraph("記載例")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "氏名", (0, 1): "電話", (1, 0): "見守 花子"}.items():
        table.cell(r, c).text = value
    table.cell(1, 1).text = "090-0123-4567"
    section.footer.paragraphs[0].text = "代表 03-0000-0000"
    out = io.BytesIO()
    document.save(out)
    result = extract_bytes(out.getvalue(), "doc.docx")
    assert result.status is Status.OK
    assert result.text == (
        "取扱注意\n記載例\n氏名\t電話\n見守 花子\t090-0123-4567\n代表 03-0000-0000\n"
    )
    cells = {r.location.cell: (result.text[r.start : r.end], r.header) for r in result.regions}
    assert cells["B2"] == ("090-0123-4567", "電話")


def test_docx_comments_text_boxes_tracked_changes_and_content_controls_are_read() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("本文")
    document.add_comment(paragraph.runs, text="見守 太郎さんに確認済み", author="職員")
    out = io.BytesIO()
    document.save(out)
    extra = (
        "<w:p><w:ins><w:r><w:t>挿入 090-1111-2222</w:t></w:r></w:ins>"
        "<w:del><w:r><w:delText>削除 見守 次郎</w:delText></w:r></w:del></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>入力欄 見守 三郎</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        "<w:p><w:r><w:t>枠内 見守 四郎</w:t></w:r></w:p></w:txbxContent></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>枠内 見守 四郎</w:t>"
        "</w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>"
        "<w:t>図の後</w:t></w:r></w:p>"
    )
    data = _replace_member(
        out.getvalue(),
        "word/document.xml",
        lambda xml: xml.replace(b"<w:sectPr", extra.encode() + b"<w:sectPr", 1),
    )
    result = extract_bytes(data, "doc.docx")
    assert result.status is Status.OK, result.error
    text = result.text
    assert "挿入 090-1111-2222削除 見守 次郎\n" in text
    assert "入力欄 見守 三郎\n" in text
    assert "図の後\n枠内 見守 四郎\n" in text
    assert text.count("枠内 見守 四郎") == 1  # the Fallback copy is not read twice
    assert text.endswith("見守 太郎さんに確認済み\n")  # the comment, after the body


def test_docx_nested_table_text_is_kept() -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "見守 太郎"
    inner.cell(0, 1).text = "090-0123-4567"
    out = io.BytesIO()
    document.save(out)
    text = extract_bytes(out.getvalue(), "n.docx").text
    assert "見守 太郎\t090-0123-4567" in text


def test_docx_without_body_is_corrupt() -> None:
    data = _replace_member(
        make_docx(["x"]),
        "word/document.xml",
        lambda _: f"<w:document {W_NS}></w:document>".encode(),
    )
    result = extract_bytes(data, "x.docx")
    assert result.status is Status.UNSCANNABLE
    assert "corrupt" in (result.error or "")


def test_docx_with_broken_xml_is_corrupt() -> None:
    data = _replace_member(make_docx(["x"]), "word/document.xml", lambda xml: xml[:-40])
    result = extract_bytes(data, "x.docx")
    assert result.status is Status.UNSCANNABLE
    assert "not well-formed XML" in (result.error or "")


def test_xlsx_sheets_rows_and_cells() -> None:
    data = make_xlsx(
        {
            "名簿": [["職員名簿"], ["氏名", "電話", "年齢"], ["見守 太郎", "090-0123-4567", 41]],
            "集計": [[None, "合計"], [None, 3]],
        }
    )
    result = extract_bytes(data, "roster.xlsx")
    assert result.status is Status.OK
    assert result.text == (
        "職員名簿\t\t\n氏名\t電話\t年齢\n見守 太郎\t090-0123-4567\t41\n\t合計\n\t3\n"
    )
    cells = {
        (r.location.sheet, r.location.cell): (result.text[r.start : r.end], r.header)
        for r in result.regions
    }
    assert cells[("名簿", "B3")] == ("090-0123-4567", "電話")
    assert cells[("名簿", "A1")] == ("職員名簿", None)
    assert cells[("集計", "B2")] == ("3", "合計")


def test_xlsx_cells_beyond_a_wrong_dimension_are_still_read() -> None:
    data = _replace_member(
        make_xlsx({"S": [["a"], [None, None, "見守 太郎"]]}),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1"/>'),
    )
    assert b'ref="A1"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert extract_bytes(data, "s.xlsx").text == "a\t\t\n\t\t見守 太郎\n"


def test_xlsm_and_openpyxl_written_workbooks() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "氏名"
    sheet["A2"] = "見守 太郎"
    out = io.BytesIO()
    workbook.save(out)
    assert extract_bytes(out.getvalue(), "macro.xlsm").text == "氏名\n見守 太郎\n"


def _pptx(slides: list[list[str]], notes: dict[int, str]) -> bytes:
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    p = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="ppt/presentation.xml"/></Relationships>',
        )
        ids = "".join(f'<p:sldId id="{256 + i}" r:id="rId{i + 1}"/>' for i in range(len(slides)))
        # slide order comes from sldIdLst, not from file names: list them reversed
        z.writestr("ppt/presentation.xml", f"<p:presentation {p} {r}><p:sldIdLst>{ids}"
                   "</p:sldIdLst></p:presentation>")  # fmt: skip
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{rel}/slide" '
            f'Target="slides/slide{len(slides) - i}.xml"/>'
            for i in range(len(slides))
        )
        z.writestr("ppt/_rels/presentation.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships">{rels}</Relationships>')  # fmt: skip
        for i, lines in enumerate(slides):
            number = len(slides) - i
            paras = "".join(f"<a:p><a:r><a:t>{t}</a:t></a:r></a:p>" for t in lines)
            z.writestr(f"ppt/slides/slide{number}.xml", f"<p:sld {a} {p}>{paras}</p:sld>")
            if i in notes:
                z.writestr(
                    f"ppt/slides/_rels/slide{number}.xml.rels",
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    f'relationships"><Relationship Id="rId9" Type="{rel}/notesSlide" '
                    f'Target="../notesSlides/notesSlide{number}.xml"/></Relationships>',
                )
                z.writestr(
                    f"ppt/notesSlides/notesSlide{number}.xml",
                    f"<p:notes {a} {p}><a:p><a:r><a:t>{notes[i]}</a:t></a:r></a:p></p:notes>",
                )
    return out.getvalue()


def test_pptx_slides_in_presentation_order_with_notes_and_page_regions() -> None:
    data = _pptx([["説明会", "講師 見守 太郎"], ["連絡先 090-0123-4567"]], {0: "見守 花子に確認"})
    result = extract_bytes(data, "deck.pptx")
    assert result.status is Status.OK, result.error
    assert result.text == "説明会\n講師 見守 太郎\n見守 花子に確認\n連絡先 090-0123-4567\n"
    pages = [(r.location.page, result.text[r.start : r.end]) for r in result.regions]
    assert pages[1] == (2, "連絡先 090-0123-4567\n")


def test_encrypted_office_file_is_unscannable() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    data = ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    result = extract_bytes(data, "secret.xlsx")
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("encrypted:")


def test_an_ole_header_without_a_workbook_is_corrupt_not_clean() -> None:
    # The OLE signature alone, then zeros: xlrd cannot read it; it must not pass as empty.
    result = extract_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls")
    assert result.status is Status.UNSCANNABLE
    assert "corrupt" in (result.error or "")


def test_opendocument_is_unsupported() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<x/>")
    result = extract_bytes(out.getvalue(), "a.odt")
    assert result.status is Status.UNSCANNABLE
    assert "OpenDocument" in (result.error or "")


def test_content_decides_over_suffix() -> None:
    # a workbook renamed .docx, and a Word document renamed .txt
    assert extract_bytes(make_xlsx({"S": [["見守"]]}), "x.docx").text == "見守\n"
    assert extract_bytes(make_docx(["見守"]), "x.txt").text == "見守\n"


def test_xml_entity_bomb_in_a_docx_is_refused_quickly() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lolololololololololol">'
        + b"".join(
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'.encode()
            for i in range(1, 10)
        )
        + b"]><w:document "
        + W_NS.encode()
        + b"><w:body><w:p><w:r><w:t>&lol9;</w:t>"
        b"</w:r></w:p></w:body></w:document>"
    )
    data = _replace_member(make_docx(["x"]), "word/document.xml", lambda _: laughs)
    result = extract_bytes(data, "lol.docx")
    assert result.status is Status.UNSCANNABLE
    assert "not well-formed XML" in (result.error or "")
