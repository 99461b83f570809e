"""Staff rows: checking them against the departments that exist."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mamori_web.org.dates import DateParseError, parse_date
from mamori_web.org.importing._format import (
    EMPLOYMENT_ALIASES,
    STAFF_COLUMNS,
    STAFF_REQUIRED,
    Cell,
    Reason,
    RowError,
    Table,
    _get,
    _text,
    map_columns,
)
from mamori_web.org.models import Employment

# --- Staff -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffRow:
    row: int
    staff_id: str
    name: str
    department_code: str
    employment: Employment
    start: dt.date
    end: dt.date | None
    company: str  # "" when none
    # None when the file has no such column: the existing value is kept.
    name_kana: str | None = None
    has_end_column: bool = True
    has_company_column: bool = True


def parse_staff_rows(
    table: Table,
    *,
    department_codes: Iterable[str],
    department_names: Mapping[str, Sequence[str]],
) -> tuple[list[StaffRow], list[RowError]]:
    """Checked staff rows. `department_names` maps a department name to the codes that
    carry it (a name is used only when the code is unknown and the name is unique)."""
    columns = map_columns(table.header, STAFF_COLUMNS, STAFF_REQUIRED)
    known_codes = set(department_codes)
    ids = Counter(_text(cells, columns, "staff_id") for _n, cells in table.rows)
    good: list[StaffRow] = []
    errors: list[RowError] = []
    for number, cells in table.rows:
        result = _parse_staff_row(number, cells, columns, ids, known_codes, department_names)
        if isinstance(result, RowError):
            errors.append(result)
        else:
            good.append(result)
    return good, errors


def _parse_staff_row(
    number: int,
    cells: list[Cell],
    columns: Mapping[str, int],
    ids: Counter[str],
    known_codes: set[str],
    department_names: Mapping[str, Sequence[str]],
) -> StaffRow | RowError:
    staff_id = _text(cells, columns, "staff_id")
    name = _text(cells, columns, "name")
    for column, value in (("staff_id", staff_id), ("name", name)):
        if not value:
            return RowError(number, Reason.MISSING_VALUE, column)
    if ids[staff_id] > 1:
        return RowError(number, Reason.DUPLICATE_STAFF_ID, "staff_id", staff_id)
    if len(staff_id) > 32:
        return RowError(number, Reason.TOO_LONG, "staff_id")
    if len(name) > 100:
        return RowError(number, Reason.TOO_LONG, "name")
    name_kana = _text(cells, columns, "name_kana") if "name_kana" in columns else None
    if name_kana is not None and len(name_kana) > 100:
        return RowError(number, Reason.TOO_LONG, "name_kana")

    code = _text(cells, columns, "dept")
    if code not in known_codes:
        dept_name = _text(cells, columns, "dept_name")
        matches = department_names.get(dept_name, ()) if dept_name else ()
        if len(matches) > 1:
            return RowError(number, Reason.AMBIGUOUS_DEPARTMENT, "dept_name", dept_name)
        if len(matches) != 1:
            if not code and not dept_name:
                return RowError(number, Reason.MISSING_VALUE, "dept")
            return RowError(number, Reason.UNKNOWN_DEPARTMENT, "dept", code or dept_name)
        code = matches[0]

    employment_text = _text(cells, columns, "employment")
    employment = _employment(employment_text)
    if employment is None:
        if not employment_text:
            return RowError(number, Reason.MISSING_VALUE, "employment")
        return RowError(number, Reason.UNKNOWN_EMPLOYMENT, "employment", employment_text)

    dates: dict[str, dt.date | None] = {}
    for column in ("start", "end"):
        cell = _get(cells, columns, column)
        if cell == "":
            if column == "start":
                return RowError(number, Reason.MISSING_VALUE, column)
            dates[column] = None
            continue
        try:
            dates[column] = parse_date(cell)
        except DateParseError:
            return RowError(number, Reason.BAD_DATE, column, str(cell))
    start, end = dates["start"], dates["end"]
    assert start is not None
    if end is not None and end < start:
        return RowError(number, Reason.END_BEFORE_START, "end")

    company = _text(cells, columns, "company")
    if employment == Employment.CONTRACTOR and not company:
        return RowError(number, Reason.CONTRACTOR_WITHOUT_COMPANY, "company")
    if len(company) > 200:
        return RowError(number, Reason.TOO_LONG, "company")
    return StaffRow(
        row=number,
        staff_id=staff_id,
        name=name,
        department_code=code,
        employment=employment,
        start=start,
        end=end,
        company=company,
        name_kana=name_kana,
        has_end_column="end" in columns,
        has_company_column="company" in columns,
    )


def _employment(text: str) -> Employment | None:
    key = text.strip().lower()
    if key in EMPLOYMENT_ALIASES:
        return EMPLOYMENT_ALIASES[key]
    for employment in Employment:
        if key == str(employment.label).lower():
            return employment
    return None
