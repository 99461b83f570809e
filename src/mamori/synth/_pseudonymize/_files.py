"""Pseudonymising whole CSV and XLSX files: two streaming passes and an atomic write."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final, Literal

from mamori._exceptions import InputError
from mamori._keys import DEFAULT_KEY_ENV_VAR, load_key
from mamori.synth._pseudonymize._columns import ColumnSpec, parse_columns
from mamori.synth._pseudonymize._core import AddressKeep, Pseudonymizer
from mamori.synth._pseudonymize._identity import InvalidValue
from mamori.synth._pseudonymize._pools import Pools
from mamori.synth._pseudonymize._rows import cell, household_index, mapper, observer
from mamori.synth._tabular import (
    Cell,
    StagedOutputs,
    TableFormat,
    iter_table_rows,
    open_table,
    write_table,
)

__all__ = ["PseudonymizeReport", "pseudonymize_files"]

log = logging.getLogger(__name__)

OnInvalid = Literal["error", "blank"]
KEYGEN_HINT: Final = "mamori synth keygen -o {path}"


@dataclass(frozen=True, slots=True)
class PseudonymizeReport:
    """What a run did (counts only: never a value)."""

    outputs: tuple[Path, ...]
    rows: int
    cells: int
    blanked: int
    distinct: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind → (values, re-draws)


@dataclass(frozen=True, slots=True)
class _Table:
    path: Path
    fmt: TableFormat
    sheet: str
    header: tuple[str, ...]

    def label(self) -> str:
        return f"{self.path} [{self.sheet}]" if self.fmt.kind == "xlsx" else str(self.path)


def _outputs(inputs: Sequence[Path], out: Path) -> list[Path]:
    if len(inputs) == 1 and not out.is_dir():
        targets = [out]
    else:
        if out.exists() and not out.is_dir():
            raise InputError(f"{out} is a file; with several inputs, -o names a folder.")
        out.mkdir(parents=True, exist_ok=True)
        targets = [out / p.name for p in inputs]
        names = [t.name for t in targets]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise InputError(
                f"several inputs are named {', '.join(duplicates)}; they would overwrite each "
                "other in the output folder. Rename them or run them separately."
            )
    for source, target in zip(inputs, targets, strict=True):
        if target.exists() and target.resolve() == source.resolve():
            raise InputError(f"{target} is the input itself; write to another file or folder.")
    return targets


def _header(path: Path, fmt: TableFormat, sheet: str) -> tuple[str, ...] | None:
    rows = iter_table_rows(path, fmt, sheet)
    try:
        first = next(rows, None)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    if first is None:
        return None
    return tuple("" if c is None else str(c).strip() for c in first)


def _check_columns(specs: Sequence[ColumnSpec], tables: Sequence[_Table]) -> None:
    present = {name for table in tables for name in table.header}
    missing = [spec.column for spec in specs if spec.column not in present]
    if missing:
        listing = "; ".join(
            f"{table.label()}: {', '.join(h for h in table.header if h) or '(no header)'}"
            for table in tables
        )
        raise InputError(
            f"no column named {', '.join(repr(m) for m in missing)} in the input. "
            f"The headers are — {listing}"
        )
    for table in tables:
        for spec in specs:
            if table.header.count(spec.column) > 1:
                raise InputError(
                    f"{table.label()}: the header {spec.column!r} appears more than once; "
                    "rename one of the columns."
                )


class _Run:
    def __init__(self, ps: Pseudonymizer, specs: Sequence[ColumnSpec], on_invalid: OnInvalid):
        self.ps = ps
        self.specs = specs
        self.on_invalid = on_invalid
        self.rows = 0
        self.cells = 0
        self.blanked = 0
        self.invalid: set[tuple[str, int, int]] = set()

    def _fail(self, table: _Table, row_no: int, spec: ColumnSpec, err: InvalidValue) -> None:
        raise InputError(
            f"{table.label()}: row {row_no}, column {spec.column!r}: {err} (the value is not "
            "shown). Fix the value, or pass --on-invalid blank to empty such cells."
        ) from err

    def observe(self, table: _Table) -> None:
        ps = self.ps
        header = table.header
        hh_i = household_index(self.specs, header)
        observers = [
            (header.index(spec.column), spec, observer(ps, spec, self.specs, header))
            for spec in self.specs
            if spec.column in header
        ]
        rows = iter_table_rows(table.path, table.fmt, table.sheet)
        next(rows, None)
        for row_no, row in enumerate(rows, start=2):
            household = cell(row, hh_i)
            width = len(row)
            for i, spec, observe in observers:
                if i >= width:
                    continue
                value = row[i]
                if value is None or value == "" or (isinstance(value, str) and value.isspace()):
                    continue
                try:
                    observe(value, household, row)
                except InvalidValue as err:
                    if self.on_invalid == "error":
                        self._fail(table, row_no, spec, err)
                    self.invalid.add((table.label(), row_no, i))

    def mapped(self, table: _Table) -> Iterator[list[Cell]]:
        header = table.header
        hh_i = household_index(self.specs, header)
        mappers = [
            (header.index(spec.column), spec, mapper(self.ps, spec, self.specs, header, hh_i))
            for spec in self.specs
            if spec.column in header
        ]
        rows = iter_table_rows(table.path, table.fmt, table.sheet)
        first = next(rows, None)
        if first is None:
            return
        yield first
        label = table.label()
        invalid = self.invalid
        cells = 0
        for row_no, row in enumerate(rows, start=2):
            new = list(row)
            width = len(row)
            for i, spec, map_cell in mappers:
                if i >= width:
                    continue
                value = row[i]
                if value is None or value == "" or (isinstance(value, str) and value.isspace()):
                    continue
                if invalid and (label, row_no, i) in invalid:
                    new[i] = ""
                    self.blanked += 1
                    continue
                try:
                    new[i] = map_cell(row)
                except InvalidValue as err:
                    if self.on_invalid == "error":
                        self._fail(table, row_no, spec, err)
                    new[i] = ""
                    self.blanked += 1
                    continue
                cells += 1
            self.rows += 1
            yield new
        self.cells += cells


def pseudonymize_files(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    columns: str | Iterable[str] | Sequence[ColumnSpec],
    *,
    key: bytes | None = None,
    key_file: str | os.PathLike[str] | None = None,
    key_env_var: str | None = DEFAULT_KEY_ENV_VAR,
    encoding: str | None = None,
    output_encoding: str | None = None,
    sheet: str | None = None,
    pools: Pools | None = None,
    address_keep: AddressKeep = "municipality",
    date_window_days: int = 30,
    on_invalid: OnInvalid = "error",
    today: dt.date | None = None,
) -> PseudonymizeReport:
    """Pseudonymise CSV/XLSX files consistently in one run and write them atomically.

    With one input, `out` is the output file (or a folder to write it into); with several,
    `out` is a folder and each output keeps its input's name. Values shared between the
    inputs map to the same pseudonyms. Nothing is written unless every file succeeds.
    """
    paths = [Path(p) for p in inputs]
    if not paths:
        raise InputError("no input files.")
    if isinstance(columns, str):
        specs = parse_columns(columns)
    else:
        items = list(columns)
        if items and all(isinstance(c, ColumnSpec) for c in items):
            specs = tuple(c for c in items if isinstance(c, ColumnSpec))
        else:
            specs = parse_columns([str(c) for c in items])
    secret = key if key is not None else load_key(key_file, key_env_var, create_hint=KEYGEN_HINT)
    tables: list[_Table] = []
    formats: list[TableFormat] = []
    for path in paths:
        table_fmt = open_table(path, encoding=encoding, sheet=sheet)
        formats.append(table_fmt)
        for sheet_name in table_fmt.sheets:
            header = _header(path, table_fmt, sheet_name)
            if header is not None:
                tables.append(_Table(path, table_fmt, sheet_name, header))
    _check_columns(specs, tables)
    targets = _outputs(paths, Path(out))
    ps = Pseudonymizer(
        secret,
        pools=pools,
        address_keep=address_keep,
        date_window_days=date_window_days,
        today=today,
    )
    run = _Run(ps, specs, on_invalid)
    with _no_cyclic_gc(), StagedOutputs() as staged:
        for table in tables:
            run.observe(table)
        ps.resolve()
        for path, table_fmt, target in zip(paths, formats, targets, strict=True):
            out_fmt = table_fmt
            if output_encoding and table_fmt.kind == "csv":
                out_fmt = replace(table_fmt, encoding=_output_codec(output_encoding))
            sheets = [t for t in tables if t.path == path]
            tmp = staged.add(target)
            write_table(tmp, out_fmt, ((t.sheet, run.mapped(t)) for t in sheets))
    stats = ps.stats()
    log.info(
        "pseudonymised %d rows (%d cells, %d blanked) into %s",
        run.rows,
        run.cells,
        run.blanked,
        ", ".join(str(t) for t in targets),
    )
    for name, (count, redraws) in sorted(stats.items()):
        log.debug("%s: %d distinct values, %d re-draws after collisions", name, count, redraws)
    return PseudonymizeReport(tuple(targets), run.rows, run.cells, run.blanked, stats)


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the mapping grows by millions of small,
    acyclic objects (tuples, strings): its full collections rescan them all, about 8 % of the
    run at 680,000 rows. Reference counting still frees everything; the previous state is
    restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _output_codec(name: str) -> str:
    from mamori.synth._tabular import _codec

    return _codec(name)
