"""Residents to CSV, XLSX, Parquet or JSON Lines, streamed and written atomically.

Columns are listed once in :data:`COLUMNS` as (English key, Japanese header). CSV and XLSX
carry the Japanese headers and show values as a city office writes them (性別 男/女, 郵便番号
``100-0001``); JSONL and Parquet carry the snake_case keys with machine values (sex ``M``/``F``,
postal code ``1000001``, Parquet ``birth_date`` as a date).

Every writer writes to a temporary file in the target's folder and renames it when done, so
an error never leaves a half-written file behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO, Any, Final, Literal

from mamori._exceptions import InputError
from mamori.synth._model import Person

__all__ = [
    "COLUMNS",
    "FORMATS",
    "check_output_path",
    "columns_for",
    "person_row",
    "write_residents",
]

log = logging.getLogger(__name__)

Format = Literal["csv", "xlsx", "parquet", "jsonl"]
FORMATS: Final[tuple[str, ...]] = ("csv", "xlsx", "parquet", "jsonl")
XLSX_MAX_ROWS: Final = 1_048_575  # one row is the header
_BATCH: Final = 20_000

# (key, Japanese header); the person's ``extra`` keys follow the identifier columns.
COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("resident_id", "住民ID"),
    ("household_id", "世帯ID"),
    ("relationship", "続柄"),
    ("name", "氏名"),
    ("name_kana", "氏名カナ"),
    ("surname", "姓"),
    ("given_name", "名"),
    ("surname_kana", "セイ"),
    ("given_name_kana", "メイ"),
    ("sex", "性別"),
    ("birth_date", "生年月日"),
    ("postal_code", "郵便番号"),
    ("address", "住所"),
    ("building", "方書"),
    ("prefecture", "都道府県"),
    ("city", "市区町村"),
    ("town", "町域"),
    ("block", "番地"),
    ("address_kana", "住所カナ"),
    ("phone", "電話番号"),
    ("email", "メールアドレス"),
    ("my_number", "個人番号"),
    ("resident_code", "住民票コード"),
    ("pension_number", "基礎年金番号"),
    ("passport", "旅券番号"),
    ("drivers_license", "運転免許証番号"),
    ("health_insurer_number", "保険者番号"),
    ("health_insurance_symbol", "被保険者証記号"),
    ("health_insurance_number", "被保険者証番号"),
    ("health_insurance_branch", "被保険者証枝番"),
    ("bank_code", "金融機関コード"),
    ("bank_name", "金融機関名"),
    ("bank_branch_code", "支店コード"),
    ("bank_account_type", "預金種目"),
    ("bank_account_number", "口座番号"),
    ("credit_card", "クレジットカード番号"),
    ("disability_certificate", "障害者手帳"),
    ("disability_grade", "障害等級"),
)
_EXTRA_KEYS: Final = tuple(key for key, _ in COLUMNS[COLUMNS.index(("passport", "旅券番号")) :])
_SEX_JA: Final = {"M": "男", "F": "女"}
_INDEX: Final = {key: i for i, (key, _) in enumerate(COLUMNS)}


def columns_for(*, with_my_number: bool) -> tuple[tuple[str, str], ...]:
    """The columns of a file; 個人番号 only when My Numbers were generated."""
    return tuple(col for col in COLUMNS if with_my_number or col[0] != "my_number")


_ALL_KEYS: Final = tuple(key for key, _ in COLUMNS)


def person_row(person: Person, keys: Sequence[str], *, japanese: bool) -> list[Any]:
    """One person's values in the order of ``keys`` (office style when ``japanese``)."""
    a = person.address
    extra = person.extra
    sep = "\u3000" if japanese else " "
    values = [
        person.resident_id,
        person.household_id,
        person.relationship,
        f"{person.surname}{sep}{person.given_name}",
        f"{person.surname_kana}{sep}{person.given_name_kana}",
        person.surname,
        person.given_name,
        person.surname_kana,
        person.given_name_kana,
        _SEX_JA[person.sex] if japanese else person.sex,
        person.birth_date,
        f"{a.postal_code[:3]}-{a.postal_code[3:]}" if japanese else a.postal_code,
        f"{a.prefecture}{a.city}{a.town}{a.block}",
        a.building,
        a.prefecture,
        a.city,
        a.town,
        a.block,
        f"{a.prefecture_kana}{a.city_kana}{a.town_kana}",
        person.phone,
        person.email,
        person.my_number,
        person.resident_code,
        person.pension_number,
    ]
    if extra:
        values.extend([extra.get(key, "") for key in _EXTRA_KEYS])
    else:
        values.extend([""] * len(_EXTRA_KEYS))
    if len(keys) == len(_ALL_KEYS):
        return values
    return [values[_INDEX[key]] for key in keys]


def _batches(persons: Iterable[Person], size: int = _BATCH) -> Iterator[list[Person]]:
    iterator = iter(persons)
    while batch := list(islice(iterator, size)):
        yield batch


@contextmanager
def _atomic(path: Path, mode: Literal["w", "wb"], **kwargs: Any) -> Iterator[tuple[IO[Any], Path]]:
    """A temporary file beside ``path``, renamed to it on success and removed on error."""
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"cannot write {path}: the folder {folder} does not exist; create it")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as err:
        raise InputError(
            f"cannot write in {folder} ({err.strerror}); choose a writable folder"
        ) from err
    temporary = Path(name)
    try:
        with os.fdopen(fd, mode, **kwargs) as stream:
            yield stream, temporary
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """Fail early (before generating anything) if ``path`` cannot be written."""
    target = Path(path)
    if target.is_dir():
        raise InputError(
            f"{target} is a folder; give a file name such as {target / 'residents.csv'}"
        )
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: the folder {folder} does not exist; create it")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {folder} (permission denied); choose a writable folder")
    return target


def write_residents(
    persons: Iterable[Person],
    path: str | os.PathLike[str],
    fmt: str = "csv",
    *,
    with_my_number: bool | None = None,
    encoding: str = "utf-8-sig",
    created: dt.datetime | None = None,
) -> int:
    """Write ``persons`` to ``path`` in ``fmt`` (csv, xlsx, parquet, jsonl); return the count.

    ``with_my_number=None`` keeps the 個人番号 column if the first person has one. CSV is
    UTF-8 with a BOM unless ``encoding`` says otherwise (``cp932`` for Shift_JIS). XLSX
    documents carry ``created`` (default: 2000-01-01) so that the same residents give the
    same bytes.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    target = check_output_path(path)
    iterator = iter(persons)
    first = next(iterator, None)
    if first is None:
        raise InputError("no residents to write")
    if with_my_number is None:
        with_my_number = bool(first.my_number)
    columns = columns_for(with_my_number=with_my_number)

    def everyone() -> Iterator[Person]:
        yield first
        yield from iterator

    writers: dict[str, Callable[..., int]] = {
        "csv": _write_csv,
        "xlsx": _write_xlsx,
        "parquet": _write_parquet,
        "jsonl": _write_jsonl,
    }
    writer = writers[fmt]
    kwargs: dict[str, Any] = {}
    if fmt == "csv":
        kwargs["encoding"] = encoding
    if fmt == "xlsx":
        kwargs["created"] = created or dt.datetime(2000, 1, 1)
    count = writer(everyone(), target, columns, **kwargs)
    log.debug("wrote %d residents to %s", count, target)
    return count


def _write_csv(
    persons: Iterator[Person], path: Path, columns: tuple[tuple[str, str], ...], *, encoding: str
) -> int:
    keys = [key for key, _ in columns]
    count = 0
    with _atomic(path, "w", encoding=encoding, newline="") as (stream, _temporary):
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([header for _, header in columns])
        try:
            for batch in _batches(persons):
                writer.writerows(person_row(p, keys, japanese=True) for p in batch)
                count += len(batch)
        except UnicodeEncodeError as err:
            raise InputError(
                f"a value cannot be written in {encoding} ({err.object[err.start : err.end]!r});"
                " use the default encoding utf-8-sig"
            ) from err
    return count


def _write_jsonl(
    persons: Iterator[Person], path: Path, columns: tuple[tuple[str, str], ...]
) -> int:
    keys = [key for key, _ in columns]
    count = 0
    dumps = json.JSONEncoder(ensure_ascii=False, default=str).encode
    with _atomic(path, "w", encoding="utf-8", newline="\n") as (stream, _temporary):
        for batch in _batches(persons):
            stream.writelines(
                dumps(dict(zip(keys, person_row(p, keys, japanese=False), strict=True))) + "\n"
                for p in batch
            )
            count += len(batch)
    return count


def _write_parquet(
    persons: Iterator[Person], path: Path, columns: tuple[tuple[str, str], ...]
) -> int:
    # imported by name: pyarrow and xlsxwriter ship no type information
    pa = importlib.import_module("pyarrow")
    pq = importlib.import_module("pyarrow.parquet")

    keys = [key for key, _ in columns]
    schema = pa.schema(
        [pa.field(key, pa.date32() if key == "birth_date" else pa.string()) for key in keys]
    )
    count = 0
    with (
        _atomic(path, "wb") as (stream, _temporary),
        pq.ParquetWriter(stream, schema, compression="zstd") as writer,
    ):
        for batch in _batches(persons, 50_000):
            rows = [person_row(p, keys, japanese=False) for p in batch]
            arrays = [
                pa.array([row[i] for row in rows], type=field.type)
                for i, field in enumerate(schema)
            ]
            writer.write_batch(pa.record_batch(arrays, schema=schema))
            count += len(batch)
    return count


def _write_xlsx(
    persons: Iterator[Person],
    path: Path,
    columns: tuple[tuple[str, str], ...],
    *,
    created: dt.datetime,
) -> int:
    xlsxwriter = importlib.import_module("xlsxwriter")

    keys = [key for key, _ in columns]
    birth = keys.index("birth_date")
    count = 0
    with _atomic(path, "wb") as (stream, _temporary):
        workbook = xlsxwriter.Workbook(
            stream,
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        workbook.set_properties({"created": created, "title": "fictitious residents (mamori)"})
        sheet = workbook.add_worksheet("住民")
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, [header for _, header in columns])
        sheet.set_column(birth, birth, 11)
        write_string = sheet.write_string
        row_number = 1
        for batch in _batches(persons):
            if row_number + len(batch) - 1 > XLSX_MAX_ROWS:
                raise InputError(
                    f"an XLSX sheet holds at most {XLSX_MAX_ROWS:,} residents; "
                    "use csv or parquet for more"
                )
            for person in batch:
                row = person_row(person, keys, japanese=True)
                day = row[birth]
                row[birth] = ""
                # write_string skips write()'s type dispatch; empty cells are left out
                for column, value in enumerate(row):
                    if value:
                        write_string(row_number, column, value)
                sheet.write_datetime(
                    row_number, birth, dt.datetime(day.year, day.month, day.day), date_format
                )
                row_number += 1
            count += len(batch)
        workbook.close()
    return count
