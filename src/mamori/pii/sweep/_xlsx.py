"""The sweep report as an Excel workbook: one sheet per view (所属別, ページ別, ファイル別).

Text cells are always written as text (xlsxwriter with ``strings_to_formulas`` and
``strings_to_urls`` off): a URL or a title that starts with ``=`` stays a string on the
security office's machine.
"""

from __future__ import annotations

import importlib
import io
from pathlib import Path
from typing import IO, Any

from mamori.pii.sweep._report import (
    CLEAN,
    FINDINGS,
    NO_PAGE,
    UNSCANNABLE,
    SweepReport,
    Totals,
)

__all__ = ["STATUS_LABELS", "write_xlsx", "xlsx_bytes"]

STATUS_LABELS = {CLEAN: "検出なし", FINDINGS: "検出あり", UNSCANNABLE: "読めません"}
NO_PAGE_LABEL = "(リンク元なし)"
_TOTAL_HEADERS = [
    "ファイル数", "検出あり", "読めない", "件数", "人数", "世帯", "実在住民", "実在世帯",
]  # fmt: skip


def _totals(t: Totals, edm: bool) -> list[Any]:
    real: list[Any] = [t.real_persons, t.real_households] if edm else ["", ""]
    return [t.files, t.with_findings, t.unscannable, t.findings, t.persons, t.households, *real]


def _kinds(by_type: Any) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(by_type.items()))


def write_xlsx(report: SweepReport, target: str | Path | IO[bytes]) -> None:
    """Write ``report`` to ``target`` (a path or a binary file object)."""
    # imported by name: xlsxwriter ships no type information (as in mamori.synth._writers)
    xlsxwriter: Any = importlib.import_module("xlsxwriter")
    workbook = xlsxwriter.Workbook(
        target if not isinstance(target, Path) else str(target),
        {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True},
    )
    bold = workbook.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1})
    edm = report.edm

    def sheet(name: str, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
        ws = workbook.add_worksheet(name)
        ws.write_row(0, 0, headers, bold)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, value)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)

    departments = report.departments()
    sheet(
        "所属別",
        ["所属", "所属コード", "ページ数", *_TOTAL_HEADERS, "状態", "種類"],
        [
            [
                d.department.name,
                d.department.code or "",
                d.pages,
                *_totals(d.totals, edm),
                STATUS_LABELS[d.totals.status],
                _kinds(d.totals.by_type),
            ]
            for d in departments
        ],
        [18, 10, 8, 8, 8, 8, 8, 8, 8, 8, 8, 10, 40],
    )
    sheet(
        "ページ別",
        ["所属", "ページ", "タイトル", *_TOTAL_HEADERS, "状態", "種類"],
        [
            [
                p.department.name,
                p.url if p.url != NO_PAGE else NO_PAGE_LABEL,
                p.title or "",
                *_totals(p.totals, edm),
                STATUS_LABELS[p.totals.status],
                _kinds(p.totals.by_type),
            ]
            for p in report.pages()
        ],
        [18, 50, 30, 8, 8, 8, 8, 8, 8, 8, 8, 10, 40],
    )
    rows: list[list[Any]] = []
    for f in sorted(report.files, key=lambda f: (f.department.name, f.urls[0])):
        o = f.outcome
        real: list[Any] = [o.real_persons or 0, o.real_households or 0] if edm else ["", ""]
        rows.append(
            [
                f.department.name,
                "\n".join(f.pages) if f.pages else NO_PAGE_LABEL,
                f.urls[0],
                "\n".join(f.urls[1:]),
                STATUS_LABELS[o.status],
                o.findings,
                o.persons,
                o.households,
                *real,
                _kinds(o.by_type),
                o.error or "",
                " / ".join(f"{p.type}: {p.preview}" for p in o.previews),
                f.sha256,
            ]
        )
    sheet(
        "ファイル別",
        [
            "所属",
            "ページ",
            "ファイル",
            "他の公開URL",
            "状態",
            "件数",
            "人数",
            "世帯",
            "実在住民",
            "実在世帯",
            "種類",
            "理由",
            "検出例 (マスク済み)",
            "SHA-256",
        ],
        rows,
        [18, 45, 50, 30, 10, 8, 8, 8, 8, 8, 30, 30, 50, 20],
    )
    workbook.close()


def xlsx_bytes(report: SweepReport) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(report, buffer)
    return buffer.getvalue()
