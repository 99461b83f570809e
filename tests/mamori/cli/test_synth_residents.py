"""`mamori synth residents` through main(argv)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from mamori.checkdigits import is_valid_my_number
from mamori.cli import main
from mamori.cli._synth_residents import _with_progress
from mamori.synth._addresses import AddressPool
from mamori.synth._names import NamePools


@pytest.fixture(scope="module")
def loaded_pools() -> tuple[NamePools, AddressPool]:
    return NamePools.load(), AddressPool.load()


@pytest.fixture(autouse=True)
def _load_pools_once(monkeypatch, loaded_pools) -> None:
    """Every command loads the same pools; load them once for the module (3 s each time)."""
    names, addresses = loaded_pools
    monkeypatch.setattr(NamePools, "load", classmethod(lambda cls, **kwargs: names))
    monkeypatch.setattr(
        AddressPool,
        "load",
        classmethod(lambda cls, city=None: addresses if city is None else addresses.restrict(city)),
    )


def test_writes_csv_and_reports(tmp_path: Path, capsys) -> None:
    path = tmp_path / "residents.csv"
    assert main(["synth", "residents", "-n", "120", "--seed", "4", "-o", str(path)]) == 0
    assert "wrote 120 fictitious residents" in capsys.readouterr().out
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 120
    assert "個人番号" not in rows[0]


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for path in (a, b):
        assert main(["synth", "residents", "-n", "50", "--seed", "9", "-o", str(path)]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_format_from_suffix_city_and_my_number(tmp_path: Path) -> None:
    path = tmp_path / "sakai.jsonl"
    argv = ["synth", "residents", "-n", "60", "--city", "堺市北区", "--with-my-number"]
    assert main([*argv, "-o", str(path)]) == 0
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {row["city"] for row in rows} == {"堺市北区"}
    assert all(is_valid_my_number(row["my_number"]) for row in rows)


def test_cp932_csv(tmp_path: Path) -> None:
    path = tmp_path / "sjis.csv"
    argv = ["synth", "residents", "-n", "80", "--encoding", "cp932", "-o", str(path)]
    assert main(argv) == 0
    text = path.read_bytes().decode("cp932")
    assert text.startswith("住民ID,")


@pytest.mark.parametrize("fmt", ["xlsx", "parquet"])
def test_explicit_format(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "out.data"
    assert main(["synth", "residents", "-n", "30", "--format", fmt, "-o", str(path)]) == 0
    assert path.stat().st_size > 0
    assert path.read_bytes()[:4] == (b"PK\x03\x04" if fmt == "xlsx" else b"PAR1")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-n", "0"], "at least 1"),
        (["-n", "-3"], "at least 1"),
        (["-n", "5", "--city", "堺市北"], "Did you mean: 堺市北区"),
        (["-n", "5", "--city", "府中市"], "several prefectures"),
        (["-n", "5", "--format", "jsonl", "--encoding", "cp932"], "csv only"),
    ],
)
def test_bad_input_is_a_usage_error_without_a_file(
    tmp_path: Path, capsys, extra: list[str], message: str
) -> None:
    path = tmp_path / "residents.csv"
    assert main(["synth", "residents", *extra, "-o", str(path)]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "no" / "residents.csv"
    assert main(["synth", "residents", "-n", "5", "-o", str(missing)]) == 2
    assert "does not exist" in capsys.readouterr().err
    if os.geteuid() != 0:  # root may write anywhere, so only an ordinary user can check this
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert main(["synth", "residents", "-n", "5", "-o", str(locked / "r.csv")]) == 2
        assert "permission denied" in capsys.readouterr().err


def test_missing_arguments_are_argparse_errors(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["synth", "residents", "-n", "5"])
    assert info.value.code == 2
    assert "-o/--output" in capsys.readouterr().err


def test_progress_line_counts_up_and_clears() -> None:
    stream = io.StringIO()
    items = list(_with_progress(range(5000), 5000, stream, interval=0.0))
    assert items == list(range(5000))
    text = stream.getvalue()
    assert "5,000/5,000 (100%)" in text
    assert text.endswith("\r")
