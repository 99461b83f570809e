"""Excel exports of the staff register (職員一覧) and the department tree (組織一覧).

The headers and values are those the import accepts (`importing.STAFF_HEADERS_JA`,
`importing.DEPARTMENT_HEADERS_JA`), so an exported file imports back unchanged. They are
the exchange format, not interface text, and therefore fixed Japanese rather than gettext.

The functions take querysets that the caller has already scoped (`access.staff_visible`,
`access.departments_visible`); nothing here widens or checks scope.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mamori_web.org.importing import (
    DEPARTMENT_HEADERS_JA,
    EMPLOYMENT_JA,
    LEVEL_JA,
    STAFF_HEADERS_JA,
)
from mamori_web.org.models import Department, DepartmentLevel, Employment, Staff

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAFF_SHEET = "職員一覧"
DEPARTMENT_SHEET = "組織一覧"
_DATE_FORMAT = "yyyy-mm-dd"
_TEXT_FORMAT = "@"

# (field, width in characters, text column?)
_STAFF_LAYOUT = (
    ("staff_id", 12, True),
    ("name", 20, False),
    ("name_kana", 24, False),
    ("dept", 12, True),
    ("dept_name", 24, False),
    ("employment", 18, False),
    ("start", 12, False),
    ("end", 12, False),
    ("company", 28, False),
)
_DEPARTMENT_LAYOUT = (
    ("code", 12, True),
    ("name", 30, False),
    ("parent_code", 14, True),
    ("level", 8, False),
)


def staff_workbook(staff: Iterable[Staff]) -> bytes:
    """The staff register as .xlsx bytes. Pass a scoped queryset."""
    sheet, workbook = _sheet(STAFF_SHEET, STAFF_HEADERS_JA, _STAFF_LAYOUT)
    for s in staff:
        sheet.append(
            [
                s.staff_id,
                s.name,
                s.name_kana,
                s.department.code,
                s.department.name,
                EMPLOYMENT_JA[Employment(s.employment)],
                s.start,
                s.end,
                s.company.name if s.company_id and s.company else "",
            ]
        )
    _finish(sheet, _STAFF_LAYOUT, date_columns=("start", "end"))
    return _bytes(workbook)


def department_workbook(departments: Iterable[Department]) -> bytes:
    """The department tree (in path order, parents first) as .xlsx bytes."""
    sheet, workbook = _sheet(DEPARTMENT_SHEET, DEPARTMENT_HEADERS_JA, _DEPARTMENT_LAYOUT)
    for d in departments:
        sheet.append(
            [
                d.code,
                d.name,
                d.parent.code if d.parent_id and d.parent else "",
                LEVEL_JA[DepartmentLevel(d.level)],
            ]
        )
        # The name is indented by depth so that the tree reads as one in Excel.
        sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(indent=d.depth * 2)
    _finish(sheet, _DEPARTMENT_LAYOUT, date_columns=())
    return _bytes(workbook)


def _sheet(
    title: str, headers: dict[str, str], layout: Sequence[tuple[str, int, bool]]
) -> tuple[Worksheet, Workbook]:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = title
    sheet.append([headers[name] for name, _w, _t in layout])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
    return sheet, workbook


def _finish(
    sheet: Worksheet, layout: Sequence[tuple[str, int, bool]], *, date_columns: Sequence[str]
) -> None:
    for index, (name, width, is_text) in enumerate(layout, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        number_format = _TEXT_FORMAT if is_text else _DATE_FORMAT if name in date_columns else None
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(layout))
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"


def _bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def content_disposition(filename: str) -> str:
    """A header value that carries a Japanese file name (RFC 6266 / 5987)."""
    return f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
