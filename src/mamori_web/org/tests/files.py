"""Building import files in tests (fictitious names only)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook, load_workbook

Rows = Sequence[Sequence[Any]]

STAFF_HEADER = [
    "staff_id",
    "name",
    "name_kana",
    "dept",
    "dept_name",
    "employment",
    "start",
    "end",
    "company",
]
STAFF_HEADER_JA = [
    "職員番号",
    "氏名",
    "氏名カナ",
    "所属",
    "所属名",
    "雇用区分",
    "任用開始日",
    "任用終了日",
    "委託事業者名",
]
DEPT_HEADER = ["code", "name", "parent_code", "level"]
DEPT_HEADER_JA = ["所属コード", "所属名", "上位所属コード", "区分"]


def csv_bytes(header: Sequence[str], rows: Rows, *, encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(header: Sequence[str], rows: Rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_rows(data: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]
