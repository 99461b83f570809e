"""Legacy Excel (.xls) via xlrd: cells as in XLSX, regions with headers, fail closed."""

from __future__ import annotations

import datetime as dt
import io

import xlwt

from mamori.pii._model import Status
from mamori.pii.extract import extract_bytes


def _xls(rows_by_sheet: dict[str, list[list[object]]]) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in rows_by_sheet.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_cells_rows_and_sheets_like_xlsx() -> None:
    data = _xls(
        {
            "名簿": [
                ["氏名", "生年月日", "番号"],
                ["見本 花子", dt.date(1983, 4, 12), 123],
            ],
            "集計": [["件数", 1]],
        }
    )
    result = extract_bytes(data, "meibo.xls")
    assert result.status == Status.OK, result.error
    assert result.text == ("氏名\t生年月日\t番号\n見本 花子\t1983-04-12 00:00:00\t123\n件数\t1\n")
    cell = next(r for r in result.regions if result.text[r.start : r.end] == "見本 花子")
    assert (cell.location.sheet, cell.location.cell, cell.header) == ("名簿", "A2", "氏名")


def test_truncated_xls_is_unscannable_not_empty() -> None:
    data = _xls({"s": [["氏名"], ["見本 太郎"]]})
    result = extract_bytes(data[: len(data) // 2], "cut.xls")
    assert result.status == Status.UNSCANNABLE
    assert result.error
