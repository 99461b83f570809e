"""Reading and checking department and staff files (CSV or Excel). Pure: no database.

The services in `services.py` load what exists, hand it to the planning functions here and
write the result. The stages are:

1. `read_table` — bytes → header + rows of cell values. CSV is decoded as UTF-8 (with or
   without BOM) and, failing that, as CP932 (Shift_JIS as Windows writes it); anything else
   is a file-level `ImportFileError`. ``.xlsx`` is read with openpyxl (first sheet).
2. `map_columns` — the header, with its English or Japanese aliases, → canonical fields. A
   missing required column is a file-level error that names the column.
3. `parse_department_rows` / `parse_staff_rows` — one checked record per good row and one
   `RowError` per rejected row (its number as a spreadsheet shows it: the header is row 1).
4. `plan_departments` — against the existing tree: parents, levels, cycles.

Rejected rows never stop the good ones; the report (`ImportReport`) counts both.
"""

from mamori_web.org.importing._departments import (
    DepartmentRow,
    DepartmentState,
    parse_department_rows,
    plan_departments,
)
from mamori_web.org.importing._format import (
    COLUMN_LABELS,
    DEPARTMENT_COLUMNS,
    DEPARTMENT_HEADERS_JA,
    DEPARTMENT_REQUIRED,
    EMPLOYMENT_ALIASES,
    EMPLOYMENT_JA,
    KIND_LABELS,
    LEVEL_ALIASES,
    LEVEL_JA,
    STAFF_COLUMNS,
    STAFF_HEADERS_JA,
    STAFF_REQUIRED,
    ImportFileError,
    ImportReport,
    Reason,
    RowError,
    Table,
    decode_csv,
    map_columns,
    read_table,
)
from mamori_web.org.importing._staff import StaffRow, parse_staff_rows

__all__ = [
    "COLUMN_LABELS",
    "DEPARTMENT_COLUMNS",
    "DEPARTMENT_HEADERS_JA",
    "DEPARTMENT_REQUIRED",
    "EMPLOYMENT_ALIASES",
    "EMPLOYMENT_JA",
    "KIND_LABELS",
    "LEVEL_ALIASES",
    "LEVEL_JA",
    "STAFF_COLUMNS",
    "STAFF_HEADERS_JA",
    "STAFF_REQUIRED",
    "DepartmentRow",
    "DepartmentState",
    "ImportFileError",
    "ImportReport",
    "Reason",
    "RowError",
    "StaffRow",
    "Table",
    "decode_csv",
    "map_columns",
    "parse_department_rows",
    "parse_staff_rows",
    "plan_departments",
    "read_table",
]
