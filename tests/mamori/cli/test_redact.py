"""`mamori redact` through main(argv): exit codes, reports, --mask, --types, --allowlist."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mamori.cli._main import main
from mamori.pii import allowlist_entry
from mamori.pii.extract import extract

# Fictitious: 090-0123-xxxx is the generator's range, 9018 passes the My Number check.
LETTER = "連絡先：090-0123-4567\n個人番号 1234 5678 9018\n代表 03-0123-4567\n"


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "letter.txt"
    path.write_bytes(LETTER.replace("\n", "\r\n").encode("cp932"))
    return path


def test_writes_the_masked_copy_and_reports(
    letter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.txt"
    assert main(["redact", str(letter), "-o", str(out)]) == 0
    assert out.read_bytes().decode("cp932") == (
        "連絡先：■■■■■■■■■■■■■\r\n個人番号 ■■■■■■■■■■■■■■\r\n代表 03-0123-4567\r\n"
    )
    report = capsys.readouterr().out
    assert "マスクした件数: 2 (MY_NUMBER 1, PHONE 1)" in report
    assert "PHONE\tline 1" in report
    assert "0123-4567" not in report.replace("03-0123-4567", "")


def test_tag_mode_and_json_report(
    letter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.txt"
    assert main(["redact", str(letter), "-o", str(out), "--mask", "tag", "--format", "json"]) == 0
    assert extract(out).text == "連絡先：[電話番号]\n個人番号 [個人番号]\n代表 03-0123-4567\n"
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"MY_NUMBER": 1, "PHONE": 1}
    assert data["format"] == "TXT"
    assert data["mask"] == "tag"
    assert data["masked"][0] == {"type": "PHONE", "where": "line 1"}


def test_types_limit_what_is_masked(letter: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    assert main(["redact", str(letter), "-o", str(out), "--types", "my_number"]) == 0
    text = extract(out).text
    assert "090-0123-4567" in text
    assert "9018" not in text


def test_allowlisted_values_are_kept(letter: Path, tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("ab" * 32 + "\n", encoding="ascii")
    os.chmod(key_file, 0o600)
    allow = tmp_path / "allow.json"
    entry = allowlist_entry(bytes.fromhex("ab" * 32), "PHONE", "090-0123-4567")
    allow.write_text(json.dumps([entry]), encoding="utf-8")
    out = tmp_path / "out.txt"
    argv = [
        "redact",
        str(letter),
        "-o",
        str(out),
        "--allowlist",
        str(allow),
        "--key",
        str(key_file),
    ]
    assert main(argv) == 0
    assert "090-0123-4567" in extract(out).text


def test_pdf_is_refused_with_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

    source = tmp_path / "notice.pdf"
    pdf = canvas.Canvas(str(source))
    pdf.drawString(72, 720, "Tel 090-0123-4567")
    pdf.save()
    out = tmp_path / "out.pdf"
    assert main(["redact", str(source), "-o", str(out)]) == 3
    assert capsys.readouterr().err == (
        "mamori: redact: not redactable: PDF; redact the source document and export again\n"
    )
    assert not out.exists()


def test_usage_errors_exit_2(
    letter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.txt"
    assert main(["redact", str(letter), "-o", str(out), "--mask", "*"]) == 2
    assert main(["redact", str(letter), "-o", str(out), "--types", "NAME"]) == 2
    assert main(["redact", str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
    out.write_text("old\n", encoding="utf-8")
    assert main(["redact", str(letter), "-o", str(out)]) == 2  # exists, no --force
    assert "--force" in capsys.readouterr().err
    assert main(["redact", str(letter), "-o", str(out), "--force"]) == 0
    assert "■" in out.read_bytes().decode("cp932")


def test_unscannable_input_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "broken.xlsx"
    source.write_bytes(b"PK\x03\x04 truncated")
    assert main(["redact", str(source), "-o", str(tmp_path / "out.xlsx")]) == 3
    assert "unscannable" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.xlsx"]
