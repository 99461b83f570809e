"""Residents to CSV (UTF-8 with BOM, cp932), XLSX, Parquet and JSONL: round trips, byte-identical
output for one seed, and no half-written file on error."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest

from mamori._exceptions import InputError
from mamori.synth._addresses import AddressPool
from mamori.synth._model import Person
from mamori.synth._names import NamePools
from mamori.synth._residents import generate_residents
from mamori.synth._writers import COLUMNS, FORMATS, columns_for, write_residents

N = 400


@pytest.fixture(scope="module")
def pools() -> tuple[NamePools, AddressPool]:
    return NamePools.load(), AddressPool.load()


def _persons(pools: tuple[NamePools, AddressPool], *, seed: int = 1) -> list[Person]:
    names, addresses = pools
    return list(
        generate_residents(N, seed=seed, names=names, addresses=addresses, with_my_number=True)
    )


@pytest.fixture(scope="module")
def persons(pools: tuple[NamePools, AddressPool]) -> list[Person]:
    return _persons(pools)


def _check_row(row: dict[str, str], person: Person, *, japanese: bool) -> None:
    key = (lambda k: dict(COLUMNS)[k]) if japanese else (lambda k: k)
    assert row[key("resident_id")] == person.resident_id
    assert row[key("surname")] == person.surname
    assert row[key("given_name_kana")] == person.given_name_kana
    assert str(row[key("birth_date")])[:10] == person.birth_date.isoformat()
    assert row[key("my_number")] == person.my_number
    assert row[key("block")] == person.address.block
    assert (row[key("passport")] or "") == person.extra.get("passport", "")
    if japanese:
        assert row["郵便番号"] == person.address.postal_code_display
        assert row["性別"] == {"M": "男", "F": "女"}[person.sex]
        assert row["氏名"] == f"{person.surname}\u3000{person.given_name}"
    else:
        assert row["postal_code"] == person.address.postal_code
        assert row["sex"] == person.sex


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_csv_round_trip(tmp_path: Path, persons: list[Person], encoding: str) -> None:
    path = tmp_path / "residents.csv"
    assert write_residents(persons, path, "csv", encoding=encoding) == N
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    assert b"\r\n" in raw
    with path.open(encoding=encoding, newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == [header for _, header in COLUMNS]
    assert len(rows) == N
    for row, person in zip(rows, persons, strict=True):
        _check_row(row, person, japanese=True)


def test_xlsx_round_trip(tmp_path: Path, persons: list[Person]) -> None:
    path = tmp_path / "residents.xlsx"
    write_residents(persons, path, "xlsx")
    sheet = openpyxl.load_workbook(path, read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    assert header == [h for _, h in COLUMNS]
    assert len(values) == N + 1
    for cells, person in zip(values[1:], persons, strict=True):
        row = {h: ("" if v is None else v) for h, v in zip(header, cells, strict=True)}
        _check_row(row, person, japanese=True)


def test_parquet_round_trip(tmp_path: Path, persons: list[Person]) -> None:
    path = tmp_path / "residents.parquet"
    write_residents(persons, path, "parquet")
    table = pq.read_table(path)
    assert table.column_names == [key for key, _ in COLUMNS]
    assert str(table.schema.field("birth_date").type) == "date32[day]"
    for row, person in zip(table.to_pylist(), persons, strict=True):
        _check_row(row, person, japanese=False)


def test_jsonl_round_trip(tmp_path: Path, persons: list[Person]) -> None:
    path = tmp_path / "residents.jsonl"
    write_residents(persons, path, "jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == N
    for line, person in zip(lines, persons, strict=True):
        _check_row(json.loads(line), person, japanese=False)


def test_my_number_column_only_when_generated(tmp_path: Path, pools) -> None:
    names, addresses = pools
    persons = list(generate_residents(20, seed=1, names=names, addresses=addresses))
    path = tmp_path / "r.csv"
    write_residents(persons, path, "csv")
    header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert "個人番号" not in header
    assert len(columns_for(with_my_number=False)) == len(COLUMNS) - 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_seed_gives_byte_identical_files(tmp_path: Path, pools, fmt: str) -> None:
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    write_residents(_persons(pools, seed=5), first, fmt)
    write_residents(_persons(pools, seed=5), second, fmt)
    assert first.read_bytes() == second.read_bytes()
    third = tmp_path / f"c.{fmt}"
    write_residents(_persons(pools, seed=6), third, fmt)
    assert third.read_bytes() != first.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_error_midway_leaves_no_file(tmp_path: Path, persons: list[Person], fmt: str) -> None:
    def failing() -> Iterator[Person]:
        yield from persons[:50]
        raise RuntimeError("generator failed")

    path = tmp_path / f"residents.{fmt}"
    with pytest.raises(RuntimeError):
        write_residents(failing(), path, fmt)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_survives_a_failed_rewrite(tmp_path: Path, persons: list[Person]) -> None:
    path = tmp_path / "residents.csv"
    path.write_text("old", encoding="utf-8")

    def failing() -> Iterator[Person]:
        yield persons[0]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_residents(failing(), path, "csv")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["residents.csv"]


def test_bad_targets_are_input_errors(tmp_path: Path, persons: list[Person]) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_residents(persons, tmp_path / "missing" / "r.csv", "csv")
    with pytest.raises(InputError, match="is a folder"):
        write_residents(persons, tmp_path, "csv")
    with pytest.raises(InputError, match="unknown format"):
        write_residents(persons, tmp_path / "r.txt", "txt")
    with pytest.raises(InputError, match="no residents"):
        write_residents([], tmp_path / "r.csv", "csv")
    assert list(tmp_path.iterdir()) == []
