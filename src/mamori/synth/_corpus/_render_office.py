"""Word (.docx) and Excel (.xlsx), written byte-for-byte reproducibly.

Both are ZIP packages whose members carry dates; `normalize_zip` rewrites every member with
one fixed timestamp, and the document properties carry fixed dates too.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile

import docx
import xlsxwriter  # type: ignore[import-untyped]
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from mamori.synth._corpus._doc import Cell, Doc, Line, Para, Table, TextBuilder, column_letter
from mamori.synth._corpus._render_text import Rendered

FIXED_TIME = dt.datetime(2025, 4, 1, 9, 0, 0)
_ZIP_TIME = (2025, 4, 1, 9, 0, 0)
AUTHOR = "mamori synth corpus"


def normalize_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _runs(paragraph: Paragraph, segs: Line, b: TextBuilder) -> None:
    for s in segs:
        paragraph.add_run(s.text)
        b.seg(s)
    b.add("\n")


def _docx_paragraphs(target: list[Paragraph], paras: list[Para], b: TextBuilder) -> None:
    for para, paragraph in zip(paras, target, strict=True):
        _runs(paragraph, para.segs, b)


def render_docx(doc: Doc, rng: random.Random) -> Rendered:
    """Canonical text: header paragraphs, body paragraphs and tables in order, footer."""
    del rng
    document: DocxDocument = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    props.title = doc.title
    b = TextBuilder()
    section = document.sections[0]
    if doc.header:
        header = section.header
        targets = [header.paragraphs[0]] + [header.add_paragraph() for _ in doc.header[1:]]
        _docx_paragraphs(targets, doc.header, b)
    for block in doc.blocks:
        if isinstance(block, Para):
            style = {"title": "Title", "heading": "Heading 1"}.get(block.style)
            _runs(document.add_paragraph(style=style), block.segs, b)
            continue
        table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(block.rows):
            for c, value in enumerate(row):
                b.add("\t" if c else "")
                b.cell = f"{column_letter(c)}{r + 1}"
                paragraph = table.cell(r, c).paragraphs[0]
                for s in value:
                    paragraph.add_run(s.text)
                    b.seg(s)
            b.cell = None
            b.add("\n")
    if doc.footer:
        footer = section.footer
        targets = [footer.paragraphs[0]] + [footer.add_paragraph() for _ in doc.footer[1:]]
        _docx_paragraphs(targets, doc.footer, b)
    out = io.BytesIO()
    document.save(out)
    return Rendered(normalize_zip(out.getvalue()), b.text, b.gold, b.traps)


def _sheets(doc: Doc) -> list[tuple[str, list[tuple[Cell, ...]]]]:
    """Paragraphs go into the sheet of the table that follows them (one-cell rows)."""
    sheets: list[tuple[str, list[tuple[Cell, ...]]]] = []
    pending: list[tuple[Cell, ...]] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            if block.segs:
                pending.append((block.segs,))
        elif isinstance(block, Table):
            sheets.append((block.name, [*pending, *block.rows]))
            pending = []
    if pending:
        sheets.append(("Sheet1", pending))
    return sheets


def render_xlsx(doc: Doc, rng: random.Random) -> Rendered:
    """Canonical text: per sheet in order, each row of `max_column` cells joined by TAB
    and ended by LF; every value is a string."""
    del rng
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    workbook.set_properties({"title": doc.title, "author": AUTHOR, "created": FIXED_TIME})
    b = TextBuilder()
    for name, rows in _sheets(doc):
        sheet = workbook.add_worksheet(name)
        width = max(len(r) for r in rows)
        b.sheet = name
        for r, row in enumerate(rows):
            for c in range(width):
                value = row[c] if c < len(row) else ()
                b.add("\t" if c else "")
                b.cell = f"{column_letter(c)}{r + 1}"
                if value:
                    sheet.write_string(r, c, "".join(s.text for s in value))
                for s in value:
                    b.seg(s)
            b.cell = None
            b.add("\n")
        sheet.set_column(0, width - 1, 16)
    b.sheet = None
    workbook.close()
    return Rendered(normalize_zip(out.getvalue()), b.text, b.gold, b.traps)
