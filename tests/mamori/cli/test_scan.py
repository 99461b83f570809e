"""`mamori scan` through main(argv): formats, exit codes, folders, workers, allowlist."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mamori.cli._main import main
from mamori.pii import allowlist_entry

FOUND = "連絡先：090-0123-4567\n個人番号 1234 5678 9018\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "found.txt").write_text(FOUND, encoding="utf-8")
    (docs / "sub" / "clean.txt").write_text("本日は晴天なり。\n", encoding="utf-8")
    return docs


def _types() -> list[str]:
    return ["--types", "PHONE,MY_NUMBER"]


def test_clean_file_exits_0(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(folder / "sub" / "clean.txt"), *_types()]) == 0
    assert "clean.txt" in capsys.readouterr().out


def test_findings_exit_1_and_json_follows_the_spec(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(folder), "--format", "json", "--jobs", "2", *_types()]) == 1
    data = json.loads(capsys.readouterr().out)
    paths = [Path(f["path"]).name for f in data["files"]]
    assert paths == ["found.txt", "clean.txt"]
    found = data["files"][0]
    assert [f["type"] for f in found["findings"]] == ["PHONE", "MY_NUMBER"]
    assert found["summary"]["by_type"] == {"MY_NUMBER": 1, "PHONE": 1}
    assert data["files"][1]["findings"] == []


def test_types_filter(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(folder / "found.txt"), "--format", "json", "--types", "PHONE"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["type"] for f in data["files"][0]["findings"]] == ["PHONE"]


def test_sarif(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(folder), "--format", "sarif", "--jobs", "1", *_types()]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"jp.phone", "jp.my_number"}


def test_text_report_with_explanations(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(folder / "found.txt"), "--explain", *_types()]) == 1
    out = capsys.readouterr().out
    assert "ファイル\t状態\t件数" in out
    assert "check digit ok" in out
    assert "1234 5678 9018" not in out  # the text report masks values


def test_unscannable_wins_over_findings(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    assert main(["scan", str(folder), "--format", "json", *_types()]) == 3
    data = json.loads(capsys.readouterr().out)
    broken = next(f for f in data["files"] if f["path"].endswith("broken.docx"))
    assert broken["status"] == "unscannable"
    assert broken["error"]


@pytest.mark.parametrize(
    "argv",
    [
        ["scan", "/nonexistent/path"],
        ["scan", ".", "--types", "PHONES"],
        ["scan", ".", "--jobs", "0"],
        ["scan", ".", "--config", "/nonexistent/pack.yaml"],
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(folder / "sub") if a == "." else a for a in argv]
    assert main(argv) == 2
    assert "mamori: error:" in capsys.readouterr().err


def test_allowlist(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("ab" * 32 + "\n", encoding="ascii")
    os.chmod(key_file, 0o600)
    key = bytes.fromhex("ab" * 32)
    allow = tmp_path / "allow.json"
    allow.write_text(
        json.dumps(
            [
                allowlist_entry(key, "PHONE", "090-0123-4567"),
                allowlist_entry(key, "MY_NUMBER", "123456789018"),
            ]
        ),
        encoding="utf-8",
    )
    argv = ["scan", str(folder / "found.txt"), "--allowlist", str(allow), "--key", str(key_file)]
    assert main([*argv, *_types()]) == 0
    capsys.readouterr()
