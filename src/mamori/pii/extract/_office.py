"""Excel (.xlsx, .xlsm) through openpyxl's read-only mode, PowerPoint (.pptx) from its XML,
and the legacy / encrypted Office files that are refused (OLE compound files).

XLSX canonical text (docs/corpus.md): per sheet in workbook order, per row from 1 to the
sheet's last row, the values of columns 1 to the sheet's last column (empty cells as empty
strings, values as `str()`) joined by TAB, plus LF. The extent is what the sheet's XML
holds (as openpyxl's full mode sees it), never the `<dimension>` it declares, so a wrong
declaration cannot hide cells.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from struct import error as struct_error
from typing import Any

from mamori.pii._model import Location, Region
from mamori.pii.extract._archive import open_zip
from mamori.pii.extract._common import Context, Part, Unscannable, human_size, table_regions
from mamori.pii.extract._ooxml import R_ID, Package

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS_MEDIA = "application/vnd.ms-excel"
PPTX_MEDIA = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _precheck(data: bytes, ctx: Context, what: str) -> None:
    """Refuse encrypted members and bombs before a library opens the package."""
    archive = open_zip(data, ctx, what)
    with archive:
        total = 0
        for info in archive.infolist():
            size, packed = info.file_size, max(info.compress_size, 1)
            if size > ctx.limits.ratio_floor_bytes and size / packed > ctx.limits.max_ratio:
                raise Unscannable(
                    f"zip bomb: {what} part {info.filename} expands {size / packed:,.0f} "
                    f"times, more than the {ctx.limits.max_ratio:,.0f}× limit; do not open it"
                )
            total += size
        ctx.budget.uncompressed += total
        if ctx.budget.uncompressed > ctx.limits.max_total_uncompressed:
            raise Unscannable(
                f"zip bomb: {what} expands to {human_size(total)}, more than the "
                f"{human_size(ctx.limits.max_total_uncompressed)} limit; split it"
            )


def extract_xlsx(data: bytes, ctx: Context) -> Part:
    import openpyxl

    what = "Excel workbook"
    _precheck(data, ctx, what)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (KeyError, zipfile.BadZipFile, ET.ParseError, ValueError, TypeError) as err:
        raise Unscannable(
            f"corrupt: {what} cannot be read ({type(err).__name__}: {err}); open and "
            "re-save it in Excel, or scan the original"
        ) from err
    pieces: list[str] = []
    regions: list[Region] = []
    size = 0
    try:
        for sheet in workbook.worksheets:
            text, sheet_regions = _sheet(sheet, ctx, size)
            pieces.append(text)
            regions += sheet_regions
            size += len(text)
            ctx.check_text(size)
    finally:
        workbook.close()
    return Part("".join(pieces), regions, XLSX_MEDIA)


def _sheet(sheet: Any, ctx: Context, base: int) -> tuple[str, list[Region]]:
    sheet.reset_dimensions()  # trust the cells, not the declared <dimension>
    values_rows = (
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    )
    return _table(values_rows, str(sheet.title), ctx, base)


def _table(value_rows: Any, title: str, ctx: Context, base: int) -> tuple[str, list[Region]]:
    """A sheet's rows of cell texts → its canonical text (cells by tab, rows by newline)."""
    rows: list[list[str]] = []
    chars = base
    for values in value_rows:
        chars += sum(map(len, values)) + len(values)
        if chars > ctx.limits.max_text_chars:
            ctx.check_text(chars)
        rows.append(values)
    width = max((len(r) for r in rows), default=0)
    pieces: list[str] = []
    cells: list[list[tuple[int, int, str]]] = []
    pos = base
    for values in rows:
        if len(values) < width:
            values += [""] * (width - len(values))
        line = "\t".join(values) + "\n"
        row_cells: list[tuple[int, int, str]] = []
        for value in values:
            row_cells.append((pos, pos + len(value), value))
            pos += len(value) + 1
        cells.append(row_cells)
        pieces.append(line)
    return "".join(pieces), table_regions(cells, ctx, sheet=title)


# -- Legacy Excel (.xls, BIFF) ------------------------------------------------------------


def _xls_value(cell: Any, datemode: int) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return str(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
        except (ValueError, OverflowError):
            return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return str(int(cell.value))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return ""
    return str(cell.value)


def is_xls(data: bytes, suffix: str) -> bool:
    """An OLE compound file holding an Excel workbook stream (not an encrypted OOXML)."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return False
    has_book = "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data
    return suffix == ".xls" or has_book


def extract_xls(data: bytes, ctx: Context) -> Part:
    """Legacy Excel 97–2003 workbooks, read with xlrd; cells as in XLSX."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.biffh.XLRDError as err:
        if "encrypt" in str(err).lower():
            raise Unscannable(
                "encrypted: the workbook is password-protected; save it without a password "
                "or scan the original"
            ) from err
        raise Unscannable(f"corrupt: the .xls workbook cannot be read ({err})") from err
    except (ValueError, IndexError, KeyError, AssertionError, struct_error) as err:
        raise Unscannable(
            f"corrupt: the .xls workbook cannot be read ({type(err).__name__}: {err})"
        ) from err
    pieces: list[str] = []
    regions: list[Region] = []
    size = 0
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = (
                [_xls_value(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)]
                for r in range(sheet.nrows)
            )
            text, sheet_regions = _table(rows, str(sheet.name), ctx, size)
            pieces.append(text)
            regions += sheet_regions
            size += len(text)
            ctx.check_text(size)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return Part("".join(pieces), regions, XLS_MEDIA)


# -- PowerPoint ----------------------------------------------------------------------------

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _slide_text(root: ET.Element) -> str:
    lines: list[str] = []
    for para in root.iter(_A + "p"):
        parts: list[str] = []
        for el in para.iter():
            if el.tag == _A + "t":
                parts.append(el.text or "")
            elif el.tag == _A + "br":
                parts.append("\n")
        if text := "".join(parts):
            lines.append(text + "\n")
    return "".join(lines)


def extract_pptx(data: bytes, ctx: Context) -> Part:
    what = "PowerPoint presentation"
    archive = open_zip(data, ctx, what)
    with archive:
        pkg = Package(archive, ctx, what)
        main = pkg.main_part("ppt/presentation.xml")
        rels = pkg.rels(main)
        slides = [
            rels[ref.get(R_ID, "")][1]
            for ref in pkg.xml(main).iter(_P + "sldId")
            if ref.get(R_ID, "") in rels
        ]
        pieces: list[str] = []
        regions: list[Region] = []
        size = 0
        for number, slide in enumerate(slides, start=1):
            text = _slide_text(pkg.xml(slide))
            for kind, notes in pkg.rels(slide).values():
                if kind == "notesSlide" and pkg.has(notes):
                    text += _slide_text(pkg.xml(notes))
            regions.append(Region(size, size + len(text), Location(page=number)))
            pieces.append(text)
            size += len(text)
            ctx.check_text(size)
    return Part("".join(pieces), regions, PPTX_MEDIA)


# -- OLE compound files: legacy Office and encrypted OOXML --------------------------------

_LEGACY = {
    ".doc": "legacy .doc is not supported; save it as .docx",
    ".ppt": "legacy .ppt is not supported; save it as .pptx",
    ".msg": "Outlook .msg is not supported; save the message as .eml",
}


def refuse_ole(data: bytes, suffix: str) -> Part:
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise Unscannable(
            "encrypted: the Office file is password-protected; decrypt it (save it without "
            "a password) or scan the original"
        )
    reason = _LEGACY.get(
        suffix, "a legacy Office (OLE) file is not supported; save it in a current format"
    )
    raise Unscannable(f"unsupported: {reason}")
