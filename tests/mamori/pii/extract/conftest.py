"""Fixtures: the labelled corpus (generated once per session) and small real files."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
import xlsxwriter  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from mamori.synth import generate_corpus


@dataclass(frozen=True)
class Corpus:
    root: Path
    files: list[dict[str, object]]
    gold: dict[str, list[dict[str, object]]]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("extract-corpus") / "out"
    generate_corpus(root, n=120, seed=3)
    files = [json.loads(line) for line in (root / "corpus.jsonl").read_text().splitlines()]
    gold: dict[str, list[dict[str, object]]] = {str(f["file"]): [] for f in files}
    for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold[record["file"]].append(record)
    return Corpus(root, files, gold)


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    return out.getvalue()


def make_pdf(pages: list[list[str]]) -> bytes:
    if "HeiseiMin-W3" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    for lines in pages:
        y = 800.0
        for text in lines:
            pdf.setFont("HeiseiMin-W3", 10)
            pdf.drawString(50, y, text)
            y -= 16
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture(scope="session")
def samples() -> dict[str, bytes]:
    """One small real file per binary format, for truncation and fuzzing."""
    return {
        "sample.docx": make_docx(["見守 太郎 様", "電話 090-0123-4567"], [["氏名"], ["見守 花子"]]),
        "sample.xlsx": make_xlsx({"名簿": [["氏名", "電話"], ["見守 太郎", "090-0123-4567"]]}),
        "sample.pdf": make_pdf([["見守 太郎 様"], ["二頁目"]]),
    }
