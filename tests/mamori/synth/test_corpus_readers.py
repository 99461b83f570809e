"""Independent readers of the corpus formats, following docs/corpus.md to the letter.

They stand in for the scanner's extractor (which comes with the scanner issue) and check
that the generator's canonical text is what a reader of the file gets. They use only the
file: never the generator's document model.
"""

from __future__ import annotations

import email
import io
from email.message import EmailMessage
from email.policy import default as default_policy
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pypdf

from mamori.synth._corpus import _doc
from mamori.synth._corpus._doc import Doc, Para, Seg, make_table
from mamori.synth._corpus._render_office import render_docx, render_xlsx
from mamori.synth._corpus._render_pdf import render_pdf
from mamori.synth._corpus._render_web import render_eml, render_html

# -- readers -------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOM → utf-8-sig, else UTF-8 if valid, else CP932; CRLF → LF."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data.decode("utf-8-sig"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp932"), "cp932"
    return text.replace("\r\n", "\n"), encoding


_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "ul", "ol",
    "header", "footer", "main", "nav", "section",
}  # fmt: skip


class _BodyText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.in_body = False
        self.skip = 0
        self.first_cell = True

    def _newline(self) -> None:
        text = "".join(self.out)
        if text and not text.endswith("\n"):
            self.out.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        elif tag in ("script", "style"):
            self.skip += 1
        elif tag == "tr":
            self.first_cell = True
        elif tag in ("td", "th") and self.in_body:
            if not self.first_cell:
                self.out.append("\t")
            self.first_cell = False
        elif tag == "br" and self.in_body:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "body":
            self.in_body = False
        elif tag in ("script", "style"):
            self.skip -= 1
        elif tag in _BLOCKS and self.in_body:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.in_body and not self.skip and data.strip():
            self.out.append(data)


def html_text(data: bytes) -> str:
    parser = _BodyText()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return "".join(parser.out)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    out: list[str] = []
    if not section.header.is_linked_to_previous:
        out += [p.text + "\n" for p in section.header.paragraphs]
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            out += ["\t".join(c.text for c in row.cells) + "\n" for row in item.rows]
        else:
            out.append(item.text + "\n")
    if not section.footer.is_linked_to_previous:
        out += [p.text + "\n" for p in section.footer.paragraphs]
    return "".join(out)


def xlsx_text(data: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    out: list[str] = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(
            min_row=1, max_row=sheet.max_row, max_col=sheet.max_column, values_only=True
        ):
            out.append("\t".join("" if v is None else str(v) for v in row) + "\n")
    return "".join(out)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def eml_text(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=default_policy)
    assert isinstance(message, EmailMessage)
    out = f"From: {message['From']}\nTo: {message['To']}\nSubject: {message['Subject']}\n\n"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    out += body.get_content().replace("\r\n", "\n")
    for part in message.iter_attachments():
        raw = part.get_payload(decode=True)
        charset = part.get_content_charset() or "utf-8"
        text = raw.decode({"shift_jis": "cp932", "utf-8": "utf-8-sig"}.get(charset, charset))
        out += "\n" + text.replace("\r\n", "\n")
    return out


def canonical_text(path: Path) -> str:
    data = path.read_bytes()
    suffix = path.suffix.lstrip(".")
    if suffix in ("txt", "md", "csv", "tsv", "json"):
        return decode_text(data)[0]
    reader = {
        "html": html_text,
        "docx": docx_text,
        "xlsx": xlsx_text,
        "pdf": pdf_text,
        "eml": eml_text,
    }[suffix]
    return reader(data)


# -- the readers against hand-built documents ---------------------------------------------


def _sample() -> Doc:
    doc = Doc("manual", "記載例 <テスト> & 見本")
    doc.header.append(Para((Seg("取扱注意"),)))
    doc.para("記載例", style="title")
    doc.para("氏名：", Seg("見守 太郎", "PERSON"), "　様 & <b>")
    doc.para("  先頭の空白と末尾の空白  ")
    doc.table([["氏名", "電話"], [Seg("見守 花子", "PERSON"), Seg("090-0123-4567", "PHONE")]])
    doc.footer.append(Para((Seg("代表 03-0000-0000", trap="OFFICE_PHONE"),)))
    doc.mail_from = (Seg("見守 太郎", "PERSON"), Seg(" <taro@example.jp>"))
    doc.mail_to = (Seg("見守 花子"), Seg(" <hanako@example.jp>"))
    doc.attachment = make_table([["氏名"], [Seg("見守 次郎", "PERSON")]])
    doc.attachment_name = "list.csv"
    return doc


def test_html_reader_follows_the_rules() -> None:
    rendered = render_html(_sample(), _rng())
    assert html_text(rendered.data) == rendered.text
    assert "記載例\n氏名：見守 太郎　様 & <b>\n" in rendered.text
    assert "見守 花子\t090-0123-4567\n" in rendered.text


def test_docx_reader_follows_the_rules() -> None:
    rendered = render_docx(_sample(), _rng())
    assert docx_text(rendered.data) == rendered.text
    assert rendered.text.startswith("取扱注意\n記載例\n")
    assert rendered.text.endswith("代表 03-0000-0000\n")


def test_xlsx_reader_follows_the_rules() -> None:
    rendered = render_xlsx(_sample(), _rng())
    assert xlsx_text(rendered.data) == rendered.text
    assert rendered.text.startswith("記載例\t\n")


def test_pdf_reader_follows_the_rules() -> None:
    rendered = render_pdf(_sample(), _rng())
    assert pdf_text(rendered.data) == rendered.text
    assert "見守 花子  090-0123-4567\n" in rendered.text


def test_eml_reader_follows_the_rules() -> None:
    rendered = render_eml(_sample(), _rng(), message_id="t1")
    assert eml_text(rendered.data) == rendered.text
    assert rendered.text.startswith("From: 見守 太郎 <taro@example.jp>\nTo: 見守 花子")
    assert rendered.text.endswith("\n氏名\n見守 次郎\n")


def test_gold_of_the_sample_matches_in_every_format() -> None:
    for render in (render_html, render_docx, render_xlsx, render_pdf):
        rendered = render(_sample(), _rng())
        assert [s.text for s in rendered.gold][:1] == ["見守 太郎"]
        for span in rendered.gold:
            assert rendered.text[span.start : span.end] == span.text


def test_column_letters() -> None:
    assert [_doc.column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip


def _rng():  # type: ignore[no-untyped-def]
    import random

    return random.Random(1)
