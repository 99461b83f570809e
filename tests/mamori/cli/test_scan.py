"""`mamori scan` through main(argv): formats, exit codes, folders, workers, allowlist, the
time limit per file and workers that crash."""

from __future__ import annotations

import faulthandler
import json
import multiprocessing
import os
import signal
import time
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


# --- bad files cost only themselves: time limit and crashed workers -----------------------

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="the monkeypatched extractor reaches the workers only when they are forked "
    "(Linux); spawned workers would import the real one",
)


@needs_fork
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_that_hangs_or_kills_its_worker_is_unscannable_and_the_batch_goes_on(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    import mamori.pii.extract as extract_module

    real = extract_module.extract

    def sabotaged(path: str, **kwargs: object) -> object:
        name = Path(path).name
        if name == "hang.txt":
            time.sleep(3600)  # in C: only killing the worker ends it
        if name == "segv.txt":
            faulthandler.disable()  # pytest's handler would print the worker's stack
            os.kill(os.getpid(), signal.SIGSEGV)
        if name == "exit.txt":
            os._exit(1)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extract_module, "extract", sabotaged)
    for name in ("exit.txt", "hang.txt", "segv.txt"):
        (folder / name).write_text(FOUND, encoding="utf-8")
    argv = ["scan", str(folder), "--format", "json", "--jobs", jobs, "--timeout", "2"]
    assert main([*argv, *_types()]) == 3
    files = {Path(f["path"]).name: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert list(files) == ["exit.txt", "found.txt", "hang.txt", "segv.txt", "clean.txt"]
    assert files["found.txt"]["status"] == "ok"
    assert [f["type"] for f in files["found.txt"]["findings"]] == ["PHONE", "MY_NUMBER"]
    assert files["clean.txt"]["status"] == "ok"
    hang = files["hang.txt"]
    assert hang["status"] == "unscannable"
    assert hang["findings"] == []
    assert hang["error"].startswith("timed out: 処理が制限時間 2 秒を超えました。")
    assert "--timeout" in hang["error"]
    assert files["segv.txt"]["status"] == "unscannable"
    assert "(killed by SIGSEGV)" in files["segv.txt"]["error"]
    assert files["exit.txt"]["error"].startswith("crashed: スキャン中に処理プロセスが異常終了")
    assert "exited with status 1" in files["exit.txt"]["error"]


def test_a_real_file_over_the_limit_is_unscannable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # about 300,000 characters of Japanese take the scanner a good second; the limit is 50 ms
    big = tmp_path / "big.txt"
    big.write_text(
        "申請者の山田太郎様は東京都千代田区に住んでいます。\n" * 12_000, encoding="utf-8"
    )
    small = tmp_path / "small.txt"
    small.write_text(FOUND, encoding="utf-8")
    argv = ["scan", str(big), str(small), "--jobs", "1", "--timeout", "0.05"]
    assert main(argv) == 3
    out = capsys.readouterr().out
    assert "big.txt\t読めません (timed out: 処理が制限時間 0.05 秒を超えました" in out
    assert "small.txt\tOK\t2\t" in out
    assert out.endswith("2 ファイル: 検出あり 1, 読めない 1\n")


def test_no_limit_and_a_bad_limit(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(folder / "found.txt"), "--timeout", "0", *_types()]) == 1
    assert main(["scan", str(folder), "--timeout", "-1"]) == 2
    assert "--timeout" in capsys.readouterr().err


def test_an_empty_folder_still_checks_the_rule_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(tmp_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"files": []}
    assert main(["scan", str(tmp_path), "--config", "/nonexistent/pack.yaml"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "mamori: error:" in captured.err
