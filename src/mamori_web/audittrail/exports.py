"""CSV and Excel exports of a filtered audit trail, with Japanese column headers.

Both formats neutralise cells that a spreadsheet would run as a formula (a value that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe): an audit record quotes user input such as object names, and an export must
not turn that into a formula on the security office's machine.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from mamori_web.audittrail.models import AuditRecord

# (field, header). The headers have their own context so that another app's translation
# of a common word (e.g. "address") cannot change the export's columns.
COLUMNS = (
    ("at", pgettext_lazy("audit export", "When")),
    ("actor_name", pgettext_lazy("audit export", "User name")),
    ("action", pgettext_lazy("audit export", "Action")),
    ("object_type", pgettext_lazy("audit export", "Object type")),
    ("object_id", pgettext_lazy("audit export", "Object id")),
    ("object_repr", pgettext_lazy("audit export", "Object")),
    ("department", pgettext_lazy("audit export", "Department")),
    ("ip_address", pgettext_lazy("audit export", "Client address")),
    ("detail", pgettext_lazy("audit export", "Detail")),
)
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_CHUNK = 2000


def headers() -> list[str]:
    """Column headers in the active language."""
    return [str(header) for _field, header in COLUMNS]


def _safe(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_PREFIXES) else value


def row(record: AuditRecord) -> list[str]:
    """One record as text cells; the time is shown in JST."""
    return [
        _safe(cell)
        for cell in (
            timezone.localtime(record.at).strftime("%Y-%m-%d %H:%M:%S"),
            record.actor_name,
            record.action,
            record.object_type,
            record.object_id,
            record.object_repr,
            record.department.name if record.department is not None else "",
            record.ip_address or "",
            json.dumps(record.detail, ensure_ascii=False, sort_keys=True) if record.detail else "",
        )
    ]


def _rows(records: QuerySet[AuditRecord]) -> Iterator[list[str]]:
    for record in records.select_related("department").iterator(chunk_size=_CHUNK):
        yield row(record)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(records: QuerySet[AuditRecord]) -> Iterator[str]:
    """The CSV as lines, starting with a UTF-8 BOM so that Excel reads the Japanese."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers())
    for cells in _rows(records):
        yield writer.writerow(cells)


def xlsx_bytes(records: QuerySet[AuditRecord], *, sheet_title: str) -> bytes:
    """The records as an .xlsx workbook (written in streaming mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    header_cells: list[Any] = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for cells in _rows(records):
        sheet.append(_as_text_cells(sheet, cells))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _as_text_cells(sheet: Any, cells: Iterable[str]) -> list[Any]:
    out = []
    for value in cells:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula, whatever the text looks like
        out.append(cell)
    return out
