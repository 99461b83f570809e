"""`mamori sweep` through main(argv): text, JSON and Excel reports, manifests, EDM, exit
codes like `mamori scan`."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from mamori.cli._main import main

from ..pii.sweep.conftest import HOST, TYPES, Edm, build_mirror, roster
from ..pii.sweep.conftest import edm as edm  # the session fixture, re-exported

TYPE_ARGS = ["--types", ",".join(TYPES), "--jobs", "2"]


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    return build_mirror(tmp_path / "mirror")


@pytest.fixture
def departments(tmp_path: Path) -> Path:
    path = tmp_path / "departments.yaml"
    path.write_text("/kosodate/: {name: 保育課, code: C1}\n/material/files/group/9/: 資産税課\n")
    return path


def test_text_report_per_department_in_japanese(
    mirror: Path, departments: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["sweep", str(mirror), "--departments", str(departments), *TYPE_ARGS])
    assert code == 3  # broken.pdf is unscannable; 3 wins over 1
    out = capsys.readouterr().out
    header, *rows = out.split("\n\n")[0].splitlines()
    assert header.split("\t")[:3] == ["所属", "ページ", "ファイル"]
    assert [r.split("\t")[0] for r in rows] == ["保育課", "市民税課", "資産税課", "所属不明"]
    assert "要対応のファイル:" in out
    assert f"同じファイル: https://{HOST}/material/files/group/3/申告例.txt" in out
    assert f"掲載ページ: https://{HOST}/kurashi/zeimu/index.html" in out
    assert "読めません\t保育課" in out
    assert "点検対象外" in out
    assert "090-0123-4567" not in out


def test_json_to_a_file_and_xlsx(
    mirror: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, book = tmp_path / "r.json", tmp_path / "r.xlsx"
    argv = ["sweep", str(mirror), "--format", "json", "-o", str(out), "--xlsx", str(book)]
    assert main([*argv, *TYPE_ARGS]) == 3
    assert capsys.readouterr().out == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "mamori-sweep/1"
    assert data["totals"]["unscannable"] == 1
    assert openpyxl.load_workbook(book).sheetnames == ["所属別", "ページ別", "ファイル別"]


def test_findings_exit_1_and_clean_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "s"
    site.mkdir()
    (site / "a.txt").write_text("本日は晴天なり。\n", encoding="utf-8")
    assert main(["sweep", str(site), *TYPE_ARGS]) == 0
    (site / "b.txt").write_text("連絡先：090-0123-4567\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["sweep", str(site), *TYPE_ARGS, "--format", "json"]) == 1
    files = json.loads(capsys.readouterr().out)["files"]
    assert [f["urls"] for f in files] == [["/a.txt"], ["/b.txt"]]


def test_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dl").mkdir()
    (tmp_path / "dl" / "1.txt").write_text("連絡先：090-0123-4567\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text(
        "url,path\nhttps://x.example.jp/zeimu/a.txt,dl/1.txt\n", encoding="utf-8"
    )
    (tmp_path / "d.yaml").write_text("/zeimu/: 税務課\n", encoding="utf-8")
    manifest, departments = str(tmp_path / "m.csv"), str(tmp_path / "d.yaml")
    argv = ["sweep", "--manifest", manifest, "--departments", departments]
    assert main([*argv, *TYPE_ARGS]) == 1
    assert "税務課\t0\t1\t1\t0\t1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "give either a MIRROR folder or --manifest FILE"),
        (["MIRROR", "--manifest", "m.csv"], "give either a MIRROR folder or --manifest FILE"),
        (["nowhere"], "is not a folder"),
        (["MIRROR", "--departments", "missing.yaml"], "cannot read department map"),
        (["MIRROR", "--jobs", "0"], "--jobs must be at least 1"),
        (["MIRROR", "--types", "NOPE"], "unknown labels"),
        (["MIRROR", "--edm", "missing.edm"], ""),
    ],
)
def test_usage_errors_exit_2(
    mirror: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(mirror) if a == "MIRROR" else a for a in extra]
    assert main(["sweep", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def test_edm_counts_real_residents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edm: Edm
) -> None:
    site = tmp_path / "s"
    site.mkdir()
    (site / "manual.txt").write_text("記入例\n" + roster(edm.residents[:2]), encoding="utf-8")
    argv = ["sweep", str(site), "--edm", str(edm.index), "--key-file", str(edm.key_file)]
    assert main([*argv, "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert "実在住民 2人" in out
    assert main([*argv, "--format", "json", "-o", str(tmp_path / "r.json")]) == 1
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["edm"] is True
    assert data["totals"]["real_persons"] == 2
