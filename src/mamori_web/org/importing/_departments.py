"""Department rows: checking them, and planning them against the existing tree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mamori_web.org.importing._format import (
    CHILD_LEVEL,
    DEPARTMENT_COLUMNS,
    DEPARTMENT_REQUIRED,
    LEVEL_ALIASES,
    LEVEL_DEPTH,
    LEVEL_JA,
    Reason,
    RowError,
    Table,
    _text,
    map_columns,
)
from mamori_web.org.models import DepartmentLevel

# --- Departments -------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentRow:
    row: int
    code: str
    name: str
    parent_code: str  # "" for a top-level department
    level: DepartmentLevel | None  # None: one below the parent


@dataclass(frozen=True)
class DepartmentState:
    """A department as it exists (or will exist): what the plan checks against."""

    name: str
    parent_code: str
    level: DepartmentLevel


def parse_department_rows(table: Table) -> tuple[list[DepartmentRow], list[RowError]]:
    columns = map_columns(table.header, DEPARTMENT_COLUMNS, DEPARTMENT_REQUIRED)
    good: list[DepartmentRow] = []
    errors: list[RowError] = []
    codes = Counter(_text(cells, columns, "code") for _n, cells in table.rows)
    for number, cells in table.rows:
        code = _text(cells, columns, "code")
        name = _text(cells, columns, "name")
        level_text = _text(cells, columns, "level")
        error: RowError | None = None
        if not code:
            error = RowError(number, Reason.MISSING_VALUE, "code")
        elif codes[code] > 1:
            error = RowError(number, Reason.DUPLICATE_CODE, "code", code)
        elif len(code) > 20:
            error = RowError(number, Reason.TOO_LONG, "code")
        elif not name:
            error = RowError(number, Reason.MISSING_VALUE, "dept_name")
        elif len(name) > 100:
            error = RowError(number, Reason.TOO_LONG, "dept_name")
        elif level_text and _level(level_text) is None:
            error = RowError(number, Reason.UNKNOWN_LEVEL, "level", level_text)
        if error is not None:
            errors.append(error)
            continue
        good.append(
            DepartmentRow(
                number,
                code,
                name,
                _text(cells, columns, "parent_code"),
                _level(level_text) if level_text else None,
            )
        )
    return good, errors


def _level(text: str) -> DepartmentLevel | None:
    key = text.strip().lower()
    if key in LEVEL_ALIASES:
        return LEVEL_ALIASES[key]
    for level in DepartmentLevel:
        if key == str(level.label).lower():
            return level
    return None


def plan_departments(
    rows: Sequence[DepartmentRow], existing: Mapping[str, DepartmentState]
) -> tuple[dict[str, DepartmentState], list[RowError]]:
    """The final state of every department named in `rows`, and the rows that cannot be.

    A row's parent is another row of the file or an existing department. Its level, when
    not given, is one below the parent's; when given, it must be below the parent's and
    above that of every sub-department. Rejecting a row may orphan others, so the check
    repeats until nothing more is rejected.
    """
    pending = {r.code: r for r in rows}
    errors: list[RowError] = []
    while True:
        final, new_errors = _plan_once(pending, existing)
        if not new_errors:
            return {code: final[code] for code in pending}, sorted(errors, key=lambda e: e.row)
        errors += new_errors
        for error in new_errors:
            pending = {c: r for c, r in pending.items() if r.row != error.row}


def _plan_once(
    pending: Mapping[str, DepartmentRow], existing: Mapping[str, DepartmentState]
) -> tuple[dict[str, DepartmentState], list[RowError]]:
    final: dict[str, DepartmentState] = {}
    errors: dict[str, RowError] = {}

    def resolve(code: str, trail: tuple[str, ...]) -> DepartmentState | None:
        if code in final:
            return final[code]
        if code in errors:
            return None
        row = pending.get(code)
        if row is None:
            return existing.get(code)
        if code in trail:
            errors[code] = RowError(row.row, Reason.PARENT_CYCLE, "parent_code", row.parent_code)
            return None
        parent: DepartmentState | None = None
        if row.parent_code:
            parent = resolve(row.parent_code, (*trail, code))
            if parent is None:
                if code not in errors:
                    errors[code] = RowError(
                        row.row, Reason.UNKNOWN_PARENT, "parent_code", row.parent_code
                    )
                return None
        parent_level = parent.level if parent else None
        level = row.level or CHILD_LEVEL[parent_level]
        if level is None or (
            parent_level is not None and LEVEL_DEPTH[level] <= LEVEL_DEPTH[parent_level]
        ):
            errors[code] = RowError(
                row.row, Reason.LEVEL_MISMATCH, "level", LEVEL_JA.get(level, "") if level else ""
            )
            return None
        final[code] = DepartmentState(row.name, row.parent_code, level)
        return final[code]

    for code in pending:
        resolve(code, ())
    # A move may close a loop through departments that are not in the file.
    combined = {**existing, **final}
    for code in final:
        seen = {code}
        parent_code = combined[code].parent_code
        while parent_code and parent_code in combined:
            if parent_code == code:
                errors.setdefault(
                    code,
                    RowError(
                        pending[code].row,
                        Reason.PARENT_CYCLE,
                        "parent_code",
                        pending[code].parent_code,
                    ),
                )
                break
            if parent_code in seen:
                break  # a loop above this department; its own members are rejected
            seen.add(parent_code)
            parent_code = combined[parent_code].parent_code
    # Sub-departments that stay where they are must remain below a department whose level
    # changes.
    children: dict[str, list[str]] = {}
    for code, state in combined.items():
        if state.parent_code:
            children.setdefault(state.parent_code, []).append(code)
    for code, state in final.items():
        for child in children.get(code, []):
            child_state = final.get(child) or existing.get(child)
            if (
                child_state is not None
                and LEVEL_DEPTH[child_state.level] <= LEVEL_DEPTH[state.level]
            ):
                errors.setdefault(
                    code,
                    RowError(
                        pending[code].row, Reason.LEVEL_MISMATCH, "level", LEVEL_JA[state.level]
                    ),
                )
    return final, list(errors.values())
