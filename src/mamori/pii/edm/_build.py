"""Build and update EDM indexes from a register export (CSV or XLSX).

The build reads only the schema's columns (CSV through pyarrow's multi-threaded reader,
XLSX through openpyxl), then normalises and fingerprints them in worker processes (``fork``:
the workers share the parent's columns without copying), one chunk of rows at a time, and
sorts each field's fingerprints (pyarrow). Identical raw values inside a chunk are
normalised and hashed once (a household shares its address, a register repeats dates).

An update (``update_index``) never re-reads the register: it hashes only the rows that move
in, marks the rows that move out as removed, and re-sorts the fingerprint arrays.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import multiprocessing
import os
import secrets
import time
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from mamori._exceptions import ConfigurationError, InputError
from mamori.pii.edm._fields import normalize_field, normalizer
from mamori.pii.edm._format import FENCE_BITS, FENCE_BUCKETS, EdmIndex, write_index
from mamori.pii.edm._hashing import FieldHasher, key_check
from mamori.pii.edm._schema import Schema

__all__ = ["BuildReport", "build_index", "read_register", "update_index"]

# imported by name: pyarrow ships no type information
pa: Any = importlib.import_module("pyarrow")
pc: Any = importlib.import_module("pyarrow.compute")

log = logging.getLogger(__name__)

_CHUNK: Final = 100_000
_ZERO: Final = pa.scalar(0, pa.uint64())
_SALT_BYTES: Final = 16
_RECORD: Final = "record"
_HOUSEHOLD: Final = "household"
# Fields whose raw values repeat often enough to be worth a per-chunk memo.
# (Names, readings and phones are nearly all distinct: a memo would only cost.)
_MEMO: Final = frozenset({"birth_date", "address", "postal_code"})
_EMPTY: Final = bytes(8)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build or an update did (counts only; never a value)."""

    path: Path
    rows: int
    live_rows: int
    households: int
    fields: tuple[str, ...]
    indexed: Mapping[str, int]  # field → values indexed
    invalid: Mapping[str, int]  # field → non-empty values that did not normalise
    size: int
    seconds: float
    added: int = 0
    removed: int = 0
    not_found: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)


# --- reading the register -------------------------------------------------------------


def _sniff_encoding(path: Path, declared: str | None) -> str:
    if declared:
        return {"shift_jis": "cp932", "sjis": "cp932", "utf-8-sig": "utf8"}.get(
            declared.lower(), declared
        )
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf8"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 4:  # not just a character cut at the end of the sample
            return "cp932"
    return "utf8"


def _read_csv(path: Path, columns: Sequence[str], encoding: str | None) -> dict[str, Any]:
    pacsv: Any = importlib.import_module("pyarrow.csv")

    codec = _sniff_encoding(path, encoding)
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    try:
        with path.open("rb") as fh:
            header = pacsv.open_csv(
                fh,
                read_options=pacsv.ReadOptions(encoding=codec, block_size=1 << 20),
                parse_options=pacsv.ParseOptions(delimiter=delimiter),
                convert_options=pacsv.ConvertOptions(column_types={}),
            ).schema.names
    except (pa.ArrowInvalid, UnicodeDecodeError) as err:
        raise InputError(
            f"{path}: not a readable CSV in {codec} ({err}); pass --encoding."
        ) from err
    stripped = {name.strip().lstrip("\ufeff"): name for name in header}
    missing = [c for c in columns if c not in stripped]
    if missing:
        raise InputError(
            f"{path}: no column {', '.join(missing)}; the file has: {', '.join(stripped)}. "
            "Fix the schema's column names."
        )
    wanted = [stripped[c] for c in columns]
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding=codec),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted,
                column_types={c: pa.string() for c in wanted},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as err:
        raise InputError(
            f"{path}: cannot read the CSV as {codec} ({err}). If it is Shift_JIS, pass "
            "--encoding cp932."
        ) from err
    return {c: table.column(stripped[c]) for c in columns}


def _read_xlsx(path: Path, columns: Sequence[str], sheet: str | None) -> dict[str, Any]:
    from mamori.synth._tabular import iter_table_rows, open_table

    fmt = open_table(path, sheet=sheet)
    rows = iter_table_rows(path, fmt, fmt.sheets[0])
    try:
        header = [("" if h is None else str(h)).strip() for h in next(rows)]
    except StopIteration:
        raise InputError(f"{path}: the sheet is empty.") from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(
            f"{path}: no column {', '.join(missing)}; the sheet has: {', '.join(header)}. "
            "Fix the schema's column names."
        )
    positions = [header.index(c) for c in columns]
    values: dict[str, list[Any]] = {c: [] for c in columns}
    for row in rows:
        if not any(v not in (None, "") for v in row):
            continue
        for c, i in zip(columns, positions, strict=True):
            v = row[i] if i < len(row) else None
            values[c].append(v if isinstance(v, dt.date) or v is None else str(v))
    return {c: pa.chunked_array([pa.array(v, type=_xlsx_type(v))]) for c, v in values.items()}


def _xlsx_type(values: list[Any]) -> Any:
    # A date column stays a date (pyarrow's date32); everything else is text.
    if values and all(isinstance(v, dt.date) or v is None for v in values):
        return (
            pa.timestamp("us") if any(isinstance(v, dt.datetime) for v in values) else pa.date32()
        )
    return pa.string()


def read_register(
    source: str | os.PathLike[str],
    schema: Schema,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """The schema's columns of `source` as pyarrow arrays, and the number of rows."""
    path = Path(source)
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    columns = schema.columns
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        data = _read_xlsx(path, columns, sheet)
    else:
        data = _read_csv(path, columns, encoding)
    rows = len(next(iter(data.values()))) if data else 0
    return rows, data


# --- fingerprinting (worker processes) ------------------------------------------------

_shared: dict[str, Any] = {}


def _values(column: Any, start: int, stop: int) -> list[Any]:
    return list(column.slice(start, stop - start).to_pylist())


def _joined(data: Mapping[str, Any], columns: Sequence[str], start: int, stop: int) -> list[Any]:
    if len(columns) == 1:
        return _values(data[columns[0]], start, stop)
    parts = [_values(data[c], start, stop) for c in columns]
    return [
        " ".join(str(p) for p in row if p not in (None, "")) for row in zip(*parts, strict=True)
    ]


def _fingerprint_chunk(bounds: tuple[int, int]) -> dict[str, Any]:
    """Fingerprints (8 bytes each, 0 for empty) of rows [start, stop) for every field."""
    start, stop = bounds
    schema: Schema = _shared["schema"]
    hasher: FieldHasher = _shared["hasher"]
    data = _shared["data"]
    out: dict[str, Any] = {}
    invalid: dict[str, int] = {}
    for name, columns in schema.fields.items():
        out[name], invalid[name] = _fingerprint_values(
            name, _joined(data, columns, start, stop), hasher
        )
    out[_RECORD] = _ids(schema.record_id, _RECORD, start, stop)
    out[_HOUSEHOLD] = _ids(schema.household_id, _HOUSEHOLD, start, stop)
    out["invalid"] = invalid
    return out


def _fingerprint_values(name: str, values: list[Any], hasher: FieldHasher) -> tuple[bytes, int]:
    # The hot loop of the build: HMAC inlined (two prepared SHA-256 states copied per
    # value), raw values memoised for the fields that repeat.
    inner_copy, outer_copy = (state.copy for state in hasher.states(name))
    normalise = normalizer(name)
    out = bytearray()
    bad = 0
    memo: dict[Any, bytes] | None = {} if name in _MEMO else None
    for value in values:
        if not value:
            out += _EMPTY
            continue
        if memo is not None:
            known = memo.get(value)
            if known is not None:
                out += known
                continue
        key = normalise(value) if value.__class__ is str else normalize_field(name, value)
        if key is None:
            bad += 1
            digest = _EMPTY
        else:
            inner = inner_copy()
            inner.update(key.encode("utf-8"))
            outer = outer_copy()
            outer.update(inner.digest())
            digest = outer.digest()[:8]
        if memo is not None:
            memo[value] = digest
        out += digest
    return bytes(out), bad


def _ids(column: str | None, kind: str, start: int, stop: int) -> bytes:
    hasher: FieldHasher = _shared["hasher"]
    inner_copy, outer_copy = (state.copy for state in hasher.states(kind))
    if column is None:
        if kind == _HOUSEHOLD:
            return bytes(8 * (stop - start))
        offset = _shared.get("row_offset", 0)
        values: list[Any] = [f"#{offset + i}" for i in range(start, stop)]
    else:
        values = _values(_shared["data"][column], start, stop)
    out = bytearray()
    previous: Any = None
    digest = _EMPTY
    for value in values:
        if value != previous:  # a household's members are usually consecutive rows
            previous = value
            text = "" if value is None else str(value).strip()
            if text:
                inner = inner_copy()
                inner.update(text.encode("utf-8"))
                outer = outer_copy()
                outer.update(inner.digest())
                digest = outer.digest()[:8]
            else:
                digest = _EMPTY
        out += digest
    return bytes(out)


def _chunks(rows: int, size: int = _CHUNK) -> list[tuple[int, int]]:
    return [(s, min(rows, s + size)) for s in range(0, rows, size)]


def _fingerprint_all(
    rows: int, data: Mapping[str, Any], schema: Schema, hasher: FieldHasher, jobs: int
) -> Iterator[dict[str, Any]]:
    _shared.update(schema=schema, hasher=hasher, data=data)
    try:
        chunks = _chunks(rows)
        if jobs <= 1 or len(chunks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            for bounds in chunks:
                yield _fingerprint_chunk(bounds)
            return
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(chunks))) as pool:
            yield from pool.imap(_fingerprint_chunk, chunks)
    finally:
        _shared.clear()


# --- assembling and writing -----------------------------------------------------------


def _uint64(buffer: Any) -> Any:
    view = memoryview(buffer).cast("B")
    return pa.Array.from_buffers(pa.uint64(), view.nbytes // 8, [None, pa.py_buffer(view)])


def _uint32(buffer: Any) -> Any:
    view = memoryview(buffer).cast("B")
    return pa.Array.from_buffers(pa.uint32(), view.nbytes // 4, [None, pa.py_buffer(view)])


def _data_buffer(values: Any, width: int) -> memoryview:
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    buffer = values.buffers()[1]
    start = values.offset * width
    return memoryview(buffer).cast("B")[start : start + len(values) * width]


def _sorted_field(hashes: Any, rows: Any, keep: Any) -> tuple[Any, Any]:
    mask = pc.not_equal(hashes, _ZERO)
    if keep is not None:
        mask = pc.and_(mask, keep)
    hashes = hashes.filter(mask)
    rows = rows.filter(mask)
    order = pc.sort_indices(hashes)
    return _data_buffer(hashes.take(order), 8), _data_buffer(rows.take(order), 4)


def _fences(hashes: memoryview) -> bytes:
    """fence[p] = the first position whose fingerprint's top 16 bits are >= p (65,537
    entries), so that a lookup bisects one bucket of ~n/65,536 entries, not all n."""
    values = _uint64(hashes)
    n = len(values)
    fence = array("I", bytes(4 * (FENCE_BUCKETS + 1)))
    if n:
        top = pc.shift_right(values, pa.scalar(64 - FENCE_BITS, pa.uint64()))
        counts = pc.value_counts(top).to_pylist()
        per = [0] * FENCE_BUCKETS
        for item in counts:
            per[item["values"]] = item["counts"]
        total = 0
        for bucket in range(FENCE_BUCKETS):
            fence[bucket] = total
            total += per[bucket]
        fence[FENCE_BUCKETS] = total
    return fence.tobytes()


def _households(households: Any, live: Any = None) -> int:
    values = households if live is None else households.filter(live)
    nonzero = values.filter(pc.not_equal(values, _ZERO))
    return int(pc.count_distinct(nonzero).as_py()) + (len(values) - len(nonzero))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def build_index(
    source: str | os.PathLike[str],
    schema: Schema,
    secret: bytes,
    output: str | os.PathLike[str],
    *,
    fictitious: bool = False,
    name: str | None = None,
    jobs: int | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> BuildReport:
    """Index `source` under `secret` into `output` (written atomically)."""
    started = time.perf_counter()
    target = Path(output)
    if not target.parent.is_dir():
        raise ConfigurationError(f"{target.parent} is not a folder; create it first.")
    rows, data = read_register(source, schema, encoding=encoding, sheet=sheet)
    if rows == 0:
        raise InputError(f"{source}: no rows to index.")
    if rows >= 2**32 - 1:
        raise InputError(f"{source}: more than 4,294,967,294 rows; split the register.")
    log.debug("EDM build: %d rows read in %.1fs", rows, time.perf_counter() - started)
    salt = secrets.token_bytes(_SALT_BYTES)
    fields = tuple(schema.fields)
    hasher = FieldHasher(secret, salt, (*fields, _RECORD, _HOUSEHOLD))
    columns: dict[str, bytearray] = {f: bytearray() for f in (*fields, _RECORD, _HOUSEHOLD)}
    invalid = dict.fromkeys(fields, 0)
    for part in _fingerprint_all(rows, data, schema, hasher, jobs or os.cpu_count() or 1):
        for f in columns:
            columns[f] += part[f]
        for f, n in part["invalid"].items():
            invalid[f] += n
    del data
    log.debug("EDM build: fingerprints in %.1fs", time.perf_counter() - started)
    row_ids = _uint32(array("I", range(rows)))
    sections: dict[str, Any] = {
        _RECORD: columns.pop(_RECORD),
        _HOUSEHOLD: columns.pop(_HOUSEHOLD),
        "live": bytes([1]) * rows,
    }
    indexed: dict[str, int] = {}
    for f in fields:
        hashes, positions = _sorted_field(_uint64(columns.pop(f)), row_ids, None)
        sections[f"{f}.hash"] = hashes
        sections[f"{f}.row"] = positions
        sections[f"{f}.fence"] = _fences(hashes)
        indexed[f] = hashes.nbytes // 8
    households = _households(_uint64(sections[_HOUSEHOLD]))
    header = {
        "name": name or schema.name or Path(source).stem,
        "fictitious": fictitious,
        "created": _now(),
        "updated": _now(),
        "generation": 1,
        "rows": rows,
        "live_rows": rows,
        "households": households,
        "fields": list(fields),
        "schema": schema.to_json(),
        "has_record_id": schema.record_id is not None,
        "salt": salt.hex(),
        "key_check": key_check(secret, salt),
        "hash": "hmac-sha256/64",
        "byteorder": "little",
    }
    size = write_index(target, header, sections)
    return BuildReport(
        path=target,
        rows=rows,
        live_rows=rows,
        households=households,
        fields=fields,
        indexed=indexed,
        invalid=invalid,
        size=size,
        seconds=time.perf_counter() - started,
    )


def _record_fingerprints(
    source: str | os.PathLike[str],
    schema: Schema,
    hasher: FieldHasher,
    *,
    encoding: str | None,
    sheet: str | None,
) -> list[int]:
    assert schema.record_id is not None
    path = Path(source)
    columns = (schema.record_id,)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        data = _read_xlsx(path, columns, sheet)
    else:
        data = _read_csv(path, columns, encoding)
    fingerprint = hasher.for_field(_RECORD)
    out = []
    for value in data[schema.record_id].to_pylist():
        text = "" if value is None else str(value).strip()
        if text:
            out.append(fingerprint(text.encode("utf-8")))
    return out


def update_index(
    index_path: str | os.PathLike[str],
    schema: Schema,
    secret: bytes,
    *,
    add: str | os.PathLike[str] | None = None,
    remove: str | os.PathLike[str] | None = None,
    output: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> BuildReport:
    """Apply moves in (`add`: rows in the schema's columns) and out (`remove`: rows with the
    schema's record_id column) to an index, without re-reading the register.

    A record that moves in while an older row with the same record id is still live (a
    move within the city, a correction) replaces it. Written atomically to `output`
    (default: the index itself).
    """
    started = time.perf_counter()
    if add is None and remove is None:
        raise ConfigurationError("nothing to update: give --add FILE and/or --remove FILE.")
    with EdmIndex.open(index_path) as index:
        index.check_key(secret)
        index.verify()
        header = dict(index.header)
        if not header.get("has_record_id") or schema.record_id is None:
            raise ConfigurationError(
                f"{index_path}: updates need a record_id column (住民ID, 住民票コード …) in the "
                "schema the index was built with; rebuild with one."
            )
        fields = index.fields
        if tuple(schema.fields) != fields:
            raise ConfigurationError(
                f"the schema indexes {', '.join(schema.fields)} but {index_path} holds "
                f"{', '.join(fields)}; use the schema the index was built with."
            )
        hasher = FieldHasher(secret, index.salt, (*fields, _RECORD, _HOUSEHOLD))
        old_rows = index.rows
        record = bytearray(index.section(_RECORD).cast("B"))
        household = bytearray(index.section(_HOUSEHOLD).cast("B"))
        live = bytearray(index.section("live").cast("B"))
        old_fields = {
            f: (
                bytes(index.section(f"{f}.hash").cast("B")),
                bytes(index.section(f"{f}.row").cast("B")),
            )
            for f in fields
        }
    gone: set[int] = set()
    if remove is not None:
        gone.update(_record_fingerprints(remove, schema, hasher, encoding=encoding, sheet=sheet))
    added = 0
    new_fields: dict[str, bytearray] = {f: bytearray() for f in fields}
    invalid = dict.fromkeys(fields, 0)
    new_records = bytearray()
    if add is not None:
        rows, data = read_register(add, schema, encoding=encoding, sheet=sheet)
        for part in _fingerprint_all(rows, data, schema, hasher, jobs or os.cpu_count() or 1):
            for f in fields:
                new_fields[f] += part[f]
            for f, n in part["invalid"].items():
                invalid[f] += n
            new_records += part[_RECORD]
            household += part[_HOUSEHOLD]
        added = rows
    # Moves out, and older rows of records that moved in again, are no longer live.
    replaced = set(array("Q", bytes(new_records)))
    targets = gone | replaced
    records = _uint64(record)
    matches = pc.is_in(records, value_set=pa.array(sorted(targets), type=pa.uint64()))
    removed_rows = pc.indices_nonzero(pc.and_(matches, pc.equal(_uint8(live), 1))).to_pylist()
    for row in removed_rows:
        live[row] = 0
    found = set(records.filter(matches).to_pylist()) if targets else set()
    not_found = len(gone - found)
    record = record + new_records
    live = live + bytes([1]) * added
    total = old_rows + added
    if total >= 2**32 - 1:
        raise InputError("the index would exceed 4,294,967,294 rows; rebuild it.")
    keep_live = pc.equal(_uint8(live), 1)
    sections: dict[str, Any] = {_RECORD: record, _HOUSEHOLD: household, "live": live}
    indexed: dict[str, int] = {}
    for f in fields:
        old_hash, old_row = old_fields[f]
        hashes = pa.concat_arrays([_uint64(old_hash), _uint64(new_fields[f])])
        new_rows = _uint32(array("I", range(old_rows, total)))
        rows_all = pa.concat_arrays([_uint32(old_row), new_rows])
        keep = pc.take(keep_live, rows_all)
        sections[f"{f}.hash"], sections[f"{f}.row"] = _sorted_field(hashes, rows_all, keep)
        sections[f"{f}.fence"] = _fences(sections[f"{f}.hash"])
        indexed[f] = sections[f"{f}.hash"].nbytes // 8
    live_rows = int(pc.sum(_uint8(live)).as_py() or 0)
    households = _households(_uint64(household), keep_live)
    header.update(
        updated=_now(),
        generation=int(header.get("generation", 1)) + 1,
        rows=total,
        live_rows=live_rows,
        households=households,
    )
    for key in ("sections", "digest", "format"):
        header.pop(key, None)
    target = Path(output) if output is not None else Path(index_path)
    size = write_index(target, header, sections)
    return BuildReport(
        path=target,
        rows=total,
        live_rows=live_rows,
        households=households,
        fields=fields,
        indexed=indexed,
        invalid=invalid,
        size=size,
        seconds=time.perf_counter() - started,
        added=added,
        removed=len(removed_rows),
        not_found=not_found,
    )


def _copy(view: memoryview) -> bytes:
    return bytes(view.cast("B"))


def _uint8(buffer: Any) -> Any:
    view = memoryview(buffer).cast("B")
    return pa.Array.from_buffers(pa.uint8(), view.nbytes, [None, pa.py_buffer(view)])
