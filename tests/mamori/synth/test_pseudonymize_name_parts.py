"""Names kept in parts (姓, 名, セイ, メイ): declared, mapped like the full name, row-consistent."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from mamori._exceptions import InputError
from mamori.cli import main
from mamori.synth._pseudonymize import (
    ColumnSpec,
    Kind,
    Pools,
    Pseudonymizer,
    parse_columns,
    pseudonymize_files,
)
from mamori.synth._writers import COLUMNS as RESIDENT_COLUMNS
from tests.mamori.synth.pseudonymize_pools import SURNAMES, small_pools

KEY = bytes(range(50, 82))
TODAY = dt.date(2026, 4, 1)
PARTS = "姓:SURNAME,名:GIVEN_NAME(姓),セイ:KANA(姓),メイ:KANA(名)"
FULL = "氏名:PERSON,氏名カナ:KANA(氏名)"
IDS = "住民ID:ID,世帯ID:HOUSEHOLD"


@pytest.fixture(scope="module")
def pools() -> Pools:
    return small_pools()


def make(pools: Pools) -> Pseudonymizer:
    return Pseudonymizer(KEY, pools=pools, today=TODAY)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# --- declaration ---------------------------------------------------------------------------


def test_parts_are_declared_like_the_reading_of_a_full_name() -> None:
    assert parse_columns(PARTS) == (
        ColumnSpec("姓", Kind.SURNAME),
        ColumnSpec("名", Kind.GIVEN_NAME, "姓"),
        ColumnSpec("セイ", Kind.KANA, "姓"),
        ColumnSpec("メイ", Kind.KANA, "名"),
    )
    # the reading aliases, and GIVEN_NAME follows the only SURNAME column by default
    aliases = parse_columns("姓:SURNAME,名:GIVEN_NAME,セイ:SURNAME_KANA,メイ:GIVEN_NAME_KANA")
    assert aliases == parse_columns(PARTS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("名:GIVEN_NAME", "declare the surname column"),
        ("氏名:PERSON,名:GIVEN_NAME(氏名)", "not declared as a SURNAME column"),
        ("姓:SURNAME,名:GIVEN_NAME,メイ:GIVEN_NAME_KANA(姓)", "not declared as a GIVEN_NAME"),
        ("姓:SURNAME,セイ:KANA", "name the column it follows"),  # not silently an orphan
        ("姓:SURNAME,名1:GIVEN_NAME,名2:GIVEN_NAME", "several GIVEN_NAME columns follow 姓"),
        ("姓:SURNAME,旧姓:SURNAME,名:GIVEN_NAME", "name the one it follows"),
    ],
)
def test_part_declaration_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_columns(text)


# --- the mapping -----------------------------------------------------------------------------


def test_parts_get_the_parts_of_the_full_name_pseudonym(pools) -> None:
    ps = make(pools)
    full = ps.person("架空 一郎")
    parts = ps.name("架空", "一郎")
    assert (parts.surname, parts.given_name) == (full.surname, full.given_name)
    assert (parts.surname_kana, parts.given_name_kana) == (
        full.surname_kana,
        full.given_name_kana,
    )
    assert parts.part_like(" 架空 ", "surname") == f" {full.surname} "
    assert parts.reading_like("かくう", "surname") == "".join(
        chr(ord(c) - 0x60) for c in full.surname_kana
    )
    half = parts.reading_like("ｲﾁﾛｳ", "given_name")
    assert half
    assert all(0xFF61 <= ord(c) <= 0xFF9F for c in half)


def test_the_columns_decide_where_an_unspaced_full_name_splits(pools) -> None:
    # 「見守」 is a pool surname, so 「見守田子」 alone splits as 見守 / 田子; the columns say
    # 見守田 / 子. The surname is keyed on the real surname, and under KEY 見守 and 見守田 map
    # to different surnames, so the split shows in the result.
    assert make(pools).name("見守", "太郎").surname != make(pools).name("見守田", "太郎").surname
    guessed = make(pools)
    assert guessed.person("見守田子").surname == guessed.name("見守", "太郎").surname
    ps = make(pools)
    ps.observe(Kind.PERSON, "見守田子")
    ps.observe_name("見守田", "子")
    ps.resolve()
    person = ps.person("見守田子")
    assert person.surname == ps.name("見守田", "太郎").surname
    assert (person.surname, person.given_name) == (
        ps.name("見守田", "子").surname,
        ps.name("見守田", "子").given_name,
    )


def test_a_surname_alone_is_a_name_with_only_a_surname(pools) -> None:
    ps = make(pools)
    surname = ps.value(Kind.SURNAME, "架空")
    assert (surname, ps.name("架空", "").surname_kana) in SURNAMES
    assert ps.name("架空", "").given_name == ""


def test_orphan_readings_in_parts_agree_with_an_orphan_full_reading(tmp_path, pools) -> None:
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                ["氏名", "氏名カナ", "姓", "名", "セイ", "メイ"],
                ["", "カクウ イチロウ", "", "", "カクウ", "イチロウ"],  # no kanji at all
                ["架空 花子", "かくう はなこ", "架空", "花子", "かくう", "はなこ"],
            ]
        )
    out = tmp_path / "out.csv"
    pseudonymize_files([src], out, f"{FULL},{PARTS}", key=KEY, pools=pools, today=TODAY)
    rows = read_csv(out)
    for row in rows:
        assert row["氏名カナ"] == f"{row['セイ']} {row['メイ']}"
    assert [rows[0][c] for c in ("氏名", "姓", "名")] == ["", "", ""]
    assert rows[0]["セイ"] != "カクウ"
    assert rows[1]["氏名"] == f"{rows[1]['姓']} {rows[1]['名']}"
    assert all(0x3041 <= ord(c) <= 0x3096 for c in rows[1]["セイ"] + rows[1]["メイ"])


# --- a file from `mamori synth residents` ----------------------------------------------------


def _header(key: str) -> str:
    return dict(RESIDENT_COLUMNS)[key]


NAME = _header("name")
NAME_KANA = _header("name_kana")
SURNAME = _header("surname")
GIVEN = _header("given_name")
SURNAME_KANA = _header("surname_kana")
GIVEN_KANA = _header("given_name_kana")
HOUSEHOLD = _header("household_id")
RESIDENT_ID = _header("resident_id")
ALL_COLUMNS = (
    f"{RESIDENT_ID}:ID,{HOUSEHOLD}:HOUSEHOLD,{NAME}:PERSON,{NAME_KANA}:KANA({NAME}),"
    f"{SURNAME}:SURNAME,{GIVEN}:GIVEN_NAME({SURNAME}),{SURNAME_KANA}:KANA({SURNAME}),"
    f"{GIVEN_KANA}:KANA({GIVEN})"
)


@pytest.fixture(scope="module")
def full_pools() -> Pools:
    return Pools.load()  # enough pseudonyms that households never lose their surname


@pytest.fixture(scope="module")
def residents(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("residents") / "residents.csv"
    assert main(["synth", "residents", "-n", "600", "--seed", "11", "-o", str(path)]) == 0
    return path


def _run(src: Path, out: Path, columns: str, pools: Pools) -> list[dict[str, str]]:
    pseudonymize_files([src], out, columns, key=KEY, pools=pools, today=TODAY)
    return read_csv(out)


def _separator(value: str) -> str:
    return next(c for c in value if c in " \u3000")


def test_residents_file_with_every_name_column_stays_consistent_row_by_row(
    tmp_path, residents, full_pools
) -> None:
    original = read_csv(residents)
    sep = _separator(original[0][NAME])
    assert all(r[NAME] == f"{r[SURNAME]}{sep}{r[GIVEN]}" for r in original)  # the input layout
    rows = _run(residents, tmp_path / "out.csv", ALL_COLUMNS, full_pools)
    assert len(rows) == len(original)
    for old, new in zip(original, rows, strict=True):
        assert new[NAME] == f"{new[SURNAME]}{sep}{new[GIVEN]}"
        assert new[NAME_KANA] == f"{new[SURNAME_KANA]}{sep}{new[GIVEN_KANA]}"
        assert (new[SURNAME], new[GIVEN]) != (old[SURNAME], old[GIVEN])

    # household members who share a real surname share the pseudonym surname
    families: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for old, new in zip(original, rows, strict=True):
        families[(old[HOUSEHOLD], old[SURNAME])].append((new[SURNAME], new[SURNAME_KANA]))
    assert sum(len(members) > 1 for members in families.values()) > 50  # the test has teeth
    assert all(len(set(members)) == 1 for members in families.values())

    # collision-free: different names stay different, the same name maps the same way
    mapping: dict[tuple[str, str], str] = {}
    for old, new in zip(original, rows, strict=True):
        assert mapping.setdefault((old[HOUSEHOLD], old[NAME]), new[NAME]) == new[NAME]
    assert len(set(mapping.values())) == len(mapping)

    # deterministic: the same key gives the same file
    again = tmp_path / "again.csv"
    _run(residents, again, ALL_COLUMNS, full_pools)
    assert again.read_bytes() == (tmp_path / "out.csv").read_bytes()


def test_parts_without_the_full_name_column_map_the_same_way(
    tmp_path, residents, full_pools
) -> None:
    both = _run(residents, tmp_path / "both.csv", ALL_COLUMNS, full_pools)
    parts_only = (
        f"{HOUSEHOLD}:HOUSEHOLD,{SURNAME}:SURNAME,{GIVEN}:GIVEN_NAME,"
        f"{SURNAME_KANA}:SURNAME_KANA,{GIVEN_KANA}:GIVEN_NAME_KANA"
    )
    alone = _run(residents, tmp_path / "alone.csv", parts_only, full_pools)
    for a, b in zip(both, alone, strict=True):
        assert [a[c] for c in (SURNAME, GIVEN, SURNAME_KANA, GIVEN_KANA)] == [
            b[c] for c in (SURNAME, GIVEN, SURNAME_KANA, GIVEN_KANA)
        ]
