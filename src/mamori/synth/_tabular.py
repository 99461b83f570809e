"""Reading and writing tables (CSV, XLSX) the way city offices keep them, and writing atomically.

- **Encodings.** A CSV is read in the declared encoding, or detected: UTF-8 (with or without
  a byte-order mark) strictly, then CP932. ``shift_jis``/``sjis`` are read as CP932, the
  superset Windows actually writes (①, ㈱, 髙 …). The whole file is validated before any row
  is used, so a mis-encoded file fails with its byte offset and line number instead of
  producing garbage. :func:`write_csv` writes back in the same encoding, byte-order mark and
  line ending.
- **XLSX** is read with openpyxl in read-only mode, values only (no styles, formulas are
  read as their cached values when present); each sheet's first row is its header.
- **Atomic writes.** :class:`StagedOutputs` writes every output to a temporary file in the
  destination folder and moves them all into place with :func:`os.replace` only when all of
  them are complete, so an error never leaves a half-written file behind.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mamori._exceptions import InputError

__all__ = [
    "StagedOutputs",
    "TableFormat",
    "detect_encoding",
    "iter_table_rows",
    "open_table",
    "write_table",
]

TableKind = Literal["csv", "xlsx"]
Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | None

_CHUNK = 1 << 20
_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "s-jis": "cp932",
    "ms932": "cp932",
    "windows-31j": "cp932",
    "utf8": "utf-8",
    "utf-8-bom": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
}
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True, slots=True)
class TableFormat:
    """How a table is stored, so that it can be written back the same way."""

    kind: TableKind
    encoding: str = "utf-8"  # a Python codec; "utf-8-sig" means with a byte-order mark
    delimiter: str = ","
    lineterminator: str = "\r\n"
    sheets: tuple[str, ...] = ("",)  # XLSX sheet names; ("",) for a CSV


def _codec(name: str) -> str:
    lowered = name.strip().lower()
    lowered = _ALIASES.get(lowered, lowered)
    try:
        return codecs.lookup(lowered).name if lowered != "utf-8-sig" else "utf-8-sig"
    except LookupError:
        raise InputError(
            f"unknown encoding {name!r}; use utf-8, utf-8-sig or cp932 (Shift_JIS)."
        ) from None


def _validate(path: Path, encoding: str) -> tuple[int, int] | None:
    """None if the whole file decodes; else (byte offset, line number) of the first error.

    The file is decoded in chunks cut after a newline: neither UTF-8 nor CP932 uses the byte
    0x0A inside a multi-byte character, so each chunk decodes on its own.
    """
    offset = 0
    line = 1
    carry = b""
    first = True
    with path.open("rb") as fh:
        while True:
            block = fh.read(_CHUNK)
            data = carry + block
            if not data:
                return None
            if block:
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    carry = data
                    continue
                chunk, carry = data[:cut], data[cut:]
            else:
                chunk, carry = data, b""
            if first and encoding == "utf-8-sig" and chunk.startswith(codecs.BOM_UTF8):
                chunk_start = 3
            else:
                chunk_start = 0
            first = False
            try:
                chunk[chunk_start:].decode(encoding if encoding != "utf-8-sig" else "utf-8")
            except UnicodeDecodeError as err:
                at = chunk_start + err.start
                return offset + at, line + chunk.count(b"\n", 0, at)
            offset += len(chunk)
            line += chunk.count(b"\n")
            if not block:
                return None


def detect_encoding(path: str | os.PathLike[str], declared: str | None = None) -> str:
    """The codec to read `path` with: `declared` (validated), else UTF-8 (BOM kept as
    "utf-8-sig"), else CP932. Raises :class:`InputError` naming the byte and line."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(3)
    except OSError as err:
        raise InputError(f"{p}: cannot be read: {err.strerror}.") from err
    has_bom = head == codecs.BOM_UTF8
    if declared:
        codec = _codec(declared)
        if codec == "utf-8" and has_bom:
            codec = "utf-8-sig"
        bad = _validate(p, codec)
        if bad:
            raise InputError(
                f"{p}: not valid {declared} at byte {bad[0]} (line {bad[1]}); check the "
                "encoding (--encoding utf-8 or cp932)."
            )
        return codec
    utf8 = "utf-8-sig" if has_bom else "utf-8"
    bad_utf8 = _validate(p, utf8)
    if bad_utf8 is None:
        return utf8
    if has_bom:
        raise InputError(
            f"{p}: starts with a UTF-8 byte-order mark but is not valid UTF-8 at byte "
            f"{bad_utf8[0]} (line {bad_utf8[1]})."
        )
    bad_cp932 = _validate(p, "cp932")
    if bad_cp932 is None:
        return "cp932"
    raise InputError(
        f"{p}: neither UTF-8 (invalid at byte {bad_utf8[0]}, line {bad_utf8[1]}) nor CP932 "
        f"(invalid at byte {bad_cp932[0]}, line {bad_cp932[1]}); declare the encoding with "
        "--encoding or re-save the file as UTF-8."
    )


def _line_ending(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(_CHUNK)
    at = head.find(b"\n")
    if at > 0 and head[at - 1 : at] == b"\r":
        return "\r\n"
    return "\n" if at >= 0 else "\r\n"


def is_xlsx(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in XLSX_SUFFIXES


def open_table(
    path: str | os.PathLike[str], *, encoding: str | None = None, sheet: str | None = None
) -> TableFormat:
    """Inspect `path` and return its :class:`TableFormat` (validating a CSV's encoding)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file.")
    if is_xlsx(p):
        names = _xlsx_sheet_names(p)
        if sheet is not None:
            if sheet not in names:
                raise InputError(
                    f"{p}: no sheet named {sheet!r}; the sheets are: {', '.join(names)}."
                )
            names = [sheet]
        return TableFormat(kind="xlsx", sheets=tuple(names))
    codec = detect_encoding(p, encoding)
    delimiter = "\t" if p.suffix.lower() in (".tsv", ".tab") else ","
    return TableFormat(
        kind="csv", encoding=codec, delimiter=delimiter, lineterminator=_line_ending(p)
    )


def _load_workbook(path: Path, *, read_only: bool) -> Any:
    import zipfile

    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=read_only, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise InputError(f"{path}: not a readable Excel workbook ({err}).") from err


def _xlsx_sheet_names(path: Path) -> list[str]:
    wb = _load_workbook(path, read_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def iter_table_rows(
    path: str | os.PathLike[str], fmt: TableFormat, sheet: str = ""
) -> Iterator[list[Cell]]:
    """The rows of one sheet (the CSV's only one), header first. CSV cells are strings."""
    p = Path(path)
    if fmt.kind == "csv":
        yield from _iter_csv(p, fmt)
        return
    wb = _load_workbook(p, read_only=True)
    try:
        ws = wb[sheet]
        for row in ws.iter_rows(values_only=True):
            yield list(row)
    finally:
        wb.close()


def _iter_csv(path: Path, fmt: TableFormat) -> Iterator[list[Cell]]:
    with path.open("r", encoding=fmt.encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=fmt.delimiter)
        try:
            for row in reader:
                yield list(row)
        except csv.Error as err:
            raise InputError(f"{path}: line {reader.line_num}: malformed CSV ({err}).") from err


class StagedOutputs:
    """Temporary files next to their destinations, moved into place all together.

    ::

        with StagedOutputs() as staged:
            tmp = staged.add(Path("out/a.csv"))
            write_table(tmp, ...)
        # all destinations replaced here; on an exception every temporary file is removed
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []

    def add(self, destination: str | os.PathLike[str]) -> Path:
        dest = Path(destination)
        folder = dest.parent if str(dest.parent) else Path(".")
        if not folder.is_dir():
            raise InputError(f"output folder {folder} does not exist.")
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=folder)
        os.close(fd)
        tmp = Path(name)
        self._pending.append((tmp, dest))
        return tmp

    def commit(self) -> None:
        for tmp, dest in self._pending:
            os.replace(tmp, dest)
        self._pending.clear()

    def abort(self) -> None:
        for tmp, _dest in self._pending:
            tmp.unlink(missing_ok=True)
        self._pending.clear()

    def __enter__(self) -> StagedOutputs:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def write_table(
    path: str | os.PathLike[str],
    fmt: TableFormat,
    sheets: Iterable[tuple[str, Iterable[Sequence[Cell]]]],
) -> None:
    """Write rows to `path` in `fmt` (not atomically; write to a staged path)."""
    p = Path(path)
    if fmt.kind == "csv":
        for _name, rows in sheets:
            _write_csv(p, fmt, rows)
            return
        _write_csv(p, fmt, [])
        return
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(title=name or "Sheet1")
        for row in rows:
            ws.append(list(row))
    wb.save(p)


def _write_csv(path: Path, fmt: TableFormat, rows: Iterable[Sequence[Cell]]) -> None:
    with path.open("w", encoding=fmt.encoding, newline="", errors="strict") as fh:
        writer = csv.writer(fh, delimiter=fmt.delimiter, lineterminator=fmt.lineterminator)
        line = 1
        try:
            for row in rows:
                writer.writerow(row)
                line += 1
        except UnicodeEncodeError as err:
            raise InputError(
                f"{path}: row {line} holds {err.object[err.start : err.end]!r}, which "
                f"{fmt.encoding} cannot encode; write UTF-8 instead (--output-encoding utf-8)."
            ) from err
