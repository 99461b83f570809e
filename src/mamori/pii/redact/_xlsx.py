"""Excel workbooks (.xlsx, .xlsm): masks inside cell values through openpyxl (full mode).

The sheets are walked as the extractor walks them (each sheet in workbook order, rows 1 to
the last, columns 1 to the last, values as ``str()``), and the text rebuilt from the walk
must equal the extracted text before anything is changed. A finding is masked inside its
cell's value; styles, fills, column widths, merged cells and other cells stay. Rich text
keeps its runs. A number or date that holds a finding becomes masked text (noted). A
formula is kept as a formula when the finding lies inside its string literals; otherwise
the cell is replaced by the masked formula text as plain text (noted).

openpyxl does not keep the cached values of formulas (Excel recalculates them on
opening) nor charts; the report notes a workbook with charts.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from mamori.pii._model import Extracted, Finding
from mamori.pii.redact._errors import RedactionError
from mamori.pii.redact._mask import Plan, Redacted, Slot, plan_masks
from mamori.pii.redact._residue import package_residue

__all__ = ["redact_xlsx"]

# The text the extractor reads: cells (values, formulas, inline strings), shared strings.
_SHOWN = re.compile(r"<(\w+:)?(c|si)(\s[^>]*)?>.*?</\1\2>", re.DOTALL)


def _load(data: bytes, name: str) -> Any:
    import openpyxl

    keep_vba = name.lower().endswith(".xlsm")
    try:
        return openpyxl.load_workbook(
            io.BytesIO(data), data_only=False, rich_text=True, keep_vba=keep_vba, keep_links=True
        )
    except Exception as err:  # the extractor read it; openpyxl's full mode must too
        raise RedactionError(
            f"the workbook cannot be opened for writing ({type(err).__name__}: {err})"
        ) from err


def _walk(workbook: Any) -> tuple[str, list[Slot]]:
    from openpyxl.cell.rich_text import CellRichText

    pieces: list[str] = []
    slots: list[Slot] = []
    size = 0
    for sheet in workbook.worksheets:
        if not sheet._cells:  # an empty sheet has no rows (openpyxl still says 1 × 1)
            continue
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column):
            for c, cell in enumerate(row):
                if c:
                    pieces.append("\t")
                    size += 1
                value = cell.value
                if value is None:
                    continue
                if isinstance(value, CellRichText):
                    for b, block in enumerate(value):
                        block_text = block if isinstance(block, str) else block.text
                        slots.append(Slot(size, block_text, (cell, b)))
                        pieces.append(block_text)
                        size += len(block_text)
                    continue
                text = str(value)
                slots.append(Slot(size, text, (cell, None)))
                pieces.append(text)
                size += len(text)
            pieces.append("\n")
            size += 1
    return "".join(pieces), slots


def _string_literals(formula: str) -> list[bool]:
    """For each character of a formula, whether it lies inside a "string literal"."""
    inside = [False] * len(formula)
    in_string = False
    i = 0
    while i < len(formula):
        ch = formula[i]
        if ch == '"':
            if in_string and i + 1 < len(formula) and formula[i + 1] == '"':
                inside[i] = inside[i + 1] = True
                i += 2
                continue
            in_string = not in_string
        elif in_string:
            inside[i] = True
        i += 1
    return inside


def _apply(slots: list[Slot], plan: Plan) -> list[str]:
    from openpyxl.cell.rich_text import CellRichText, TextBlock

    notes: list[str] = []
    rich: dict[int, tuple[Any, list[str]]] = {}
    for index, slot in enumerate(slots):
        new = plan.new_text(index, slot)
        if new is None:
            continue
        handle: tuple[Any, int | None] = slot.handle  # type: ignore[assignment]
        cell, block = handle
        place = f"sheet {cell.parent.title}, cell {cell.coordinate}"
        if block is not None:
            texts = rich.setdefault(id(cell), (cell, [_text(b) for b in cell.value]))[1]
            texts[block] = new
        elif cell.data_type == "f" and isinstance(cell.value, str):
            reps = plan.replacements[index]
            literal = _string_literals(slot.text)
            if all(rep is None or literal[i] for i, rep in enumerate(reps)):
                cell.value = new
                notes.append(f"{place}: masked inside the formula's text")
            else:
                cell.value = new
                cell.data_type = "s"
                notes.append(f"{place}: formula replaced by its masked text")
        elif isinstance(cell.value, str):
            cell.value = new
            if new.startswith("="):
                cell.data_type = "s"
        else:
            kind = type(cell.value).__name__
            cell.value = new
            cell.data_type = "s"
            notes.append(f"{place}: a {kind} value replaced by masked text")
    for cell, texts in rich.values():
        blocks = [
            TextBlock(old.font, new) if isinstance(old, TextBlock) else new
            for old, new in zip(cell.value, texts, strict=True)
            if new
        ]
        cell.value = CellRichText(blocks)
    return notes


def _text(block: Any) -> str:
    return block if isinstance(block, str) else str(block.text)


def redact_xlsx(
    data: bytes, extracted: Extracted, findings: Sequence[Finding], mask: str
) -> Redacted:
    workbook = _load(data, extracted.path)
    text, slots = _walk(workbook)
    if text != extracted.text:
        raise RedactionError(
            "the workbook's cells could not be matched to its extracted text (array or "
            "data-table formulas, or the extractor changed); nothing was written"
        )
    plan = plan_masks(text, slots, findings, mask)
    if not plan.replacements:
        return Redacted.of(data, plan, text, slots)
    notes = _apply(slots, plan)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if any(n.startswith("xl/charts/") for n in archive.namelist()):
            notes.append("the workbook's charts were not kept (openpyxl cannot write them)")
    out = io.BytesIO()
    workbook.save(out)
    written = out.getvalue()
    plan.unmapped += package_residue(written, plan.masked, _SHOWN)
    return Redacted.of(written, plan, text, slots, notes)
