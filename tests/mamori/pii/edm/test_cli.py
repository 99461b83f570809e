"""`mamori edm …` and `mamori scan --edm` through main(argv): output, exit codes, keys."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mamori.cli._main import main
from mamori.jpdate import to_wareki

from .conftest import World, copy_key


def _argv(world: World, schema: Path | None = None, *rest: str) -> list[str]:
    source = ["--source", str(world.real_csv), "--schema", str(schema or world.schema_file)]
    return ["edm", "build", *source, *rest]


def _build(world: World, out: Path, *extra: str) -> int:
    key = ["--key-file", str(world.key_file)]
    return main(_argv(world, None, *key, "-o", str(out), "--jobs", "1", *extra))


def test_build_and_info_print_counts_in_japanese(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "r.edm"
    assert _build(world, index) == 0
    out = capsys.readouterr().out
    assert "住民 400人" in out
    assert "世帯" in out
    assert main(["edm", "info", str(index), "--key-file", str(world.key_file)]) == 0
    info = capsys.readouterr().out
    assert "住民記録" in info
    assert "この索引の鍵です" in info
    assert world.key.hex() not in out + info


def test_a_world_readable_key_is_refused_with_the_fix(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.name != "posix":
        pytest.skip("file modes are POSIX only; Windows keys rely on the folder's ACL")
    loose = copy_key(world, tmp_path / "loose.key", 0o644)
    code = main(_argv(world, None, "--key-file", str(loose), "-o", str(tmp_path / "r.edm")))
    assert code == 2
    assert f"chmod 600 {loose}" in capsys.readouterr().err
    assert not (tmp_path / "r.edm").exists()


def test_the_key_may_come_from_the_environment(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAMORI_EDM_KEY", world.key.hex())
    code = main(_argv(world, None, "-o", str(tmp_path / "r.edm"), "--jobs", "1"))
    assert code == 0


def test_no_key_at_all_is_a_usage_error(
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("MAMORI_EDM_KEY", raising=False)
    code = main(_argv(world, None, "-o", str(tmp_path / "r.edm")))
    assert code == 2
    assert "mamori edm keygen" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ("fields: {shoe_size: 靴}\n", "unknown field"),
        ("fields: {birth_date: 生年月日}\n", "primary field"),
        ("fields: [氏名]\n", "'fields' must map"),
        ("fields: {name: 氏名}\ncolour: red\n", "unknown keys"),
        ("fields: {name: 存在しない列}\n", "no column 存在しない列"),
    ],
)
def test_bad_schemas_are_usage_errors_that_say_what_to_fix(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], schema: str, message: str
) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(schema, encoding="utf-8")
    code = main(
        _argv(world, path, "--key-file", str(world.key_file), "-o", str(tmp_path / "r.edm"))
    )
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "r.edm").exists()


def test_scan_with_edm_reports_real_residents(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = world.real[20]
    doc = tmp_path / "manual.txt"
    doc.write_text(
        f"記入例\n氏名：{p.name}\n生年月日：{to_wareki(p.birth_date)}\n", encoding="utf-8"
    )
    args = ["scan", str(doc), "--edm", str(world.real_index), "--edm-key", str(world.key_file)]
    assert main([*args, "--format", "json"]) == 1
    entry = json.loads(capsys.readouterr().out)["files"][0]
    real = [f for f in entry["findings"] if f["type"] == "REAL_RESIDENT"]
    assert real[0]["matched_fields"] == ["name", "birth_date"]
    assert entry["summary"]["edm"]["real_persons"] == 1
    assert main(args) == 1
    assert "照合: 実在住民 1世帯1人" in capsys.readouterr().out


def test_scan_with_workers_and_a_fictitious_index(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, p in enumerate(world.fict[:3]):
        (folder / f"{i}.txt").write_text(
            f"氏名：{p.name}\n生年月日：{to_wareki(p.birth_date)}\n", encoding="utf-8"
        )
    indexes = ["--edm", str(world.real_index), "--edm", str(world.fict_index)]
    key = ["--edm-key", str(world.key_file)]
    code = main(["scan", str(folder), "--jobs", "2", "--format", "json", *indexes, *key])
    assert code == 1  # fictitious personal data are still findings; the summary says whose
    files = json.loads(capsys.readouterr().out)["files"]
    assert len(files) == 3
    for entry in files:
        assert entry["summary"]["edm"]["real_persons"] == 0
        assert entry["summary"]["edm"]["fictitious"]["all"] is True


def test_scan_with_the_wrong_key_is_a_usage_error(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.key"
    assert main(["edm", "keygen", "-o", str(other)]) == 0
    doc = tmp_path / "a.txt"
    doc.write_text("本文", encoding="utf-8")
    code = main(["scan", str(doc), "--edm", str(world.real_index), "--edm-key", str(other)])
    assert code == 2
    assert "different key" in capsys.readouterr().err


def test_update_through_the_cli(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "r.edm"
    assert _build(world, index) == 0
    out = tmp_path / "out.csv"
    out.write_text(f"住民ID\n{world.real[3].resident_id}\n", encoding="utf-8")
    key = ["--key-file", str(world.key_file)]
    code = main(
        [
            "edm",
            "update",
            str(index),
            "--schema",
            str(world.schema_file),
            *key,
            "--remove",
            str(out),
        ]
    )
    assert code == 0
    assert "転出・置換 1行" in capsys.readouterr().out
    assert main(["edm", "update", str(index), "--schema", str(world.schema_file)]) == 2
