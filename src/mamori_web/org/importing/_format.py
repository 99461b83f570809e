"""The exchange format (columns, aliases, values), the report, and reading a file."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mamori_web.errors import ValidationFailed
from mamori_web.org.models import DepartmentLevel, Employment

Cell = str | dt.date
# --- File format ---------------------------------------------------------------------------
# Canonical field → accepted header names. The first Japanese alias is what the export writes.

DEPARTMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "所属コード", "部署コード"),
    "name": ("name", "所属名", "部署名"),
    "parent_code": ("parent_code", "上位所属コード", "親所属コード"),
    "level": ("level", "区分", "階層"),
}
DEPARTMENT_REQUIRED = ("code", "name", "parent_code")
DEPARTMENT_HEADERS_JA = {
    "code": "所属コード",
    "name": "所属名",
    "parent_code": "上位所属コード",
    "level": "区分",
}

STAFF_COLUMNS: dict[str, tuple[str, ...]] = {
    "staff_id": ("staff_id", "職員番号", "職員id"),
    "name": ("name", "氏名"),
    "name_kana": ("name_kana", "氏名カナ", "氏名(カナ)", "フリガナ"),
    "dept": ("dept", "所属", "所属コード"),
    "dept_name": ("dept_name", "所属名"),
    "employment": ("employment", "雇用区分"),
    "start": ("start", "任用開始日"),
    "end": ("end", "任用終了日"),
    "company": ("company", "委託事業者名", "委託事業者"),
}
STAFF_REQUIRED = ("staff_id", "name", "dept", "employment", "start")
STAFF_HEADERS_JA = {
    "staff_id": "職員番号",
    "name": "氏名",
    "name_kana": "氏名カナ",
    "dept": "所属",
    "dept_name": "所属名",
    "employment": "雇用区分",
    "start": "任用開始日",
    "end": "任用終了日",
    "company": "委託事業者名",
}

LEVEL_ALIASES: dict[str, DepartmentLevel] = {
    "bu": DepartmentLevel.BU,
    "部": DepartmentLevel.BU,
    "ka": DepartmentLevel.KA,
    "課": DepartmentLevel.KA,
    "kakari": DepartmentLevel.KAKARI,
    "係": DepartmentLevel.KAKARI,
}
LEVEL_JA = {DepartmentLevel.BU: "部", DepartmentLevel.KA: "課", DepartmentLevel.KAKARI: "係"}
LEVEL_DEPTH = {DepartmentLevel.BU: 0, DepartmentLevel.KA: 1, DepartmentLevel.KAKARI: 2}
CHILD_LEVEL: dict[DepartmentLevel | None, DepartmentLevel | None] = {
    None: DepartmentLevel.BU,
    DepartmentLevel.BU: DepartmentLevel.KA,
    DepartmentLevel.KA: DepartmentLevel.KAKARI,
    DepartmentLevel.KAKARI: None,
}

EMPLOYMENT_ALIASES: dict[str, Employment] = {
    "regular": Employment.REGULAR,
    "正規職員": Employment.REGULAR,
    "正職員": Employment.REGULAR,
    "kaikeinendo": Employment.KAIKEINENDO,
    "会計年度任用職員": Employment.KAIKEINENDO,
    "temporary": Employment.TEMPORARY,
    "臨時職員": Employment.TEMPORARY,
    "contractor": Employment.CONTRACTOR,
    "委託事業者": Employment.CONTRACTOR,
}
EMPLOYMENT_JA = {
    Employment.REGULAR: "正規職員",
    Employment.KAIKEINENDO: "会計年度任用職員",
    Employment.TEMPORARY: "臨時職員",
    Employment.CONTRACTOR: "委託事業者",
}


# --- Errors and the report ----------------------------------------------------------------


class ImportFileError(ValidationFailed):
    """The file as a whole cannot be used (encoding, format, missing column): nothing is
    imported."""


class Reason(enum.StrEnum):
    """Why a row was rejected. The value is stored in the audit record; never rename it."""

    MISSING_VALUE = "missing_value"
    UNKNOWN_DEPARTMENT = "unknown_department"
    AMBIGUOUS_DEPARTMENT = "ambiguous_department"
    UNKNOWN_EMPLOYMENT = "unknown_employment"
    BAD_DATE = "bad_date"
    END_BEFORE_START = "end_before_start"
    CONTRACTOR_WITHOUT_COMPANY = "contractor_without_company"
    DUPLICATE_STAFF_ID = "duplicate_staff_id"
    OTHER_MUNICIPALITY = "other_municipality"
    DUPLICATE_CODE = "duplicate_code"
    UNKNOWN_PARENT = "unknown_parent"
    UNKNOWN_LEVEL = "unknown_level"
    LEVEL_MISMATCH = "level_mismatch"
    PARENT_CYCLE = "parent_cycle"
    TOO_LONG = "too_long"


REASON_MESSAGES: dict[Reason, Any] = {
    Reason.MISSING_VALUE: _("%(column)s is empty."),
    Reason.UNKNOWN_DEPARTMENT: _("Unknown department %(value)s."),
    Reason.AMBIGUOUS_DEPARTMENT: _("Department name %(value)s matches more than one department."),
    Reason.UNKNOWN_EMPLOYMENT: _("Unknown employment type %(value)s."),
    Reason.BAD_DATE: _("%(column)s is not a date: %(value)s."),
    Reason.END_BEFORE_START: _("The end of employment is before its start."),
    Reason.CONTRACTOR_WITHOUT_COMPANY: _("A contractor needs a contractor company."),
    Reason.DUPLICATE_STAFF_ID: _("Staff id %(value)s appears more than once in the file."),
    Reason.OTHER_MUNICIPALITY: _("Staff id %(value)s belongs to another municipality."),
    Reason.DUPLICATE_CODE: _("Department code %(value)s appears more than once in the file."),
    Reason.UNKNOWN_PARENT: _("Unknown parent department %(value)s."),
    Reason.UNKNOWN_LEVEL: _("Unknown level %(value)s (use 部, 課 or 係)."),
    Reason.LEVEL_MISMATCH: _("The level does not fit the parent or the sub-departments."),
    Reason.PARENT_CYCLE: _("The parent departments form a cycle."),
    Reason.TOO_LONG: _("%(column)s is too long."),
}


COLUMN_LABELS: dict[str, Any] = {
    "code": _("department code"),
    "name": _("full name"),
    "dept_name": _("department name"),
    "parent_code": _("parent department code"),
    "level": _("level"),
    "staff_id": _("staff id"),
    "name_kana": _("name (kana)"),
    "dept": _("department"),
    "employment": _("employment"),
    "start": _("start of employment"),
    "end": _("end of employment"),
    "company": _("contractor company"),
}
KIND_LABELS: dict[str, Any] = {"departments": _("Departments file"), "staff": _("Staff file")}


@dataclass(frozen=True)
class RowError:
    """One rejected row. `value` is the offending cell when it is not personal data."""

    row: int
    reason: Reason
    column: str = ""
    value: str = ""

    @property
    def message(self) -> str:
        return str(REASON_MESSAGES[self.reason]) % {
            "column": COLUMN_LABELS.get(self.column, self.column),
            "value": self.value,
        }


@dataclass
class ImportReport:
    kind: str  # "departments" or "staff"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }

    def audit_detail(self) -> dict[str, Any]:
        """What goes into the audit record: counts and reasons, no cell values."""
        return {
            **self.counts(),
            "rejected_rows": [{"row": e.row, "reason": str(e.reason)} for e in self.rejected],
        }

    def lines(self) -> list[str]:
        out = [
            gettext(
                "%(kind)s: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(rejected)d rejected"
            )
            % {"kind": KIND_LABELS[self.kind], **self.counts()}
        ]
        out += [
            "  " + gettext("Row %(row)d: %(message)s") % {"row": e.row, "message": e.message}
            for e in self.rejected
        ]
        return out


# --- Reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[Cell]]]  # (row number, cells)


def decode_csv(data: bytes) -> str:
    """UTF-8 (BOM or not), strictly; then CP932; else a file-level error."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor Shift_JIS (CP932) text."))


def read_table(data: bytes, filename: str = "") -> Table:
    """Header and non-empty rows of a CSV or .xlsx file."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        raw = _read_xlsx(data)
    else:
        raw = list(enumerate(csv.reader(io.StringIO(decode_csv(data), newline="")), start=1))
    raw = [(n, [_cell(c) for c in cells]) for n, cells in raw]
    raw = [(n, cells) for n, cells in raw if any(c != "" for c in cells)]
    if not raw:
        raise ImportFileError(_("The file has no header row."))
    (_n, header), *rows = raw
    return Table(header=[_header_key(h) for h in header], rows=rows)


def _read_xlsx(data: bytes) -> list[tuple[int, list[Any]]]:
    import openpyxl  # local: only the import and export paths need it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise ImportFileError(_("The file is not a readable Excel (.xlsx) workbook.")) from err
    try:
        sheet = workbook.worksheets[0]
        return [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()


def _cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def _header_key(value: Cell) -> str:
    text = str(value).strip().lower()
    return "".join(text.split())


def map_columns(
    header: Sequence[str], columns: Mapping[str, tuple[str, ...]], required: Iterable[str]
) -> dict[str, int]:
    """Canonical field → column index. Raises `ImportFileError` naming a missing column."""
    alias_to_field = {_header_key(alias): f for f, aliases in columns.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        canonical = alias_to_field.get(name)
        if canonical is not None and canonical not in found:
            found[canonical] = index
    for name in required:
        if name not in found:
            raise ImportFileError(
                _("The required column %(column)s is missing (also accepted: %(aliases)s).")
                % {"column": name, "aliases": ", ".join(columns[name][1:])},
                detail={"column": name},
            )
    return found


def _get(cells: list[Cell], columns: Mapping[str, int], name: str) -> Cell:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _text(cells: list[Cell], columns: Mapping[str, int], name: str) -> str:
    value = _get(cells, columns, name)
    return value.isoformat() if isinstance(value, dt.date) else value
