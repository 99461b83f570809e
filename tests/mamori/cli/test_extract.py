"""`mamori extract`, through main(argv)."""

from __future__ import annotations

import json
from pathlib import Path

from mamori.cli import main


def test_prints_the_extracted_text_exactly(tmp_path: Path, capsysbinary) -> None:
    path = tmp_path / "memo.txt"
    path.write_bytes("見守 太郎\r\n090-0123-4567".encode("cp932"))
    assert main(["extract", str(path)]) == 0
    # decoded, CRLF read as LF, and nothing added (no final newline of its own)
    assert capsysbinary.readouterr().out == "見守 太郎\n090-0123-4567".encode()


def test_regions_as_json_lines(tmp_path: Path, capsysbinary) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("氏名,電話\n見守 太郎,090-0123-4567\n", encoding="utf-8")
    assert main(["extract", "--regions", str(path)]) == 0
    lines = capsysbinary.readouterr().out.decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert records[3] == {
        "start": 12, "end": 25, "page": None, "sheet": None, "cell": "B2", "part": None,
        "header": "電話",
    }  # fmt: skip
    assert len(records) == 4


def test_unscannable_file_goes_to_stderr_with_status_1(tmp_path: Path, capsys) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    assert main(["extract", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"mamori: unscannable: {path}: unsupported type: image/png has no text; "
        "OCR is not supported\n"
    )


def test_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(tmp_path / "nope.docx")]) == 1
    assert "missing: the file does not exist" in capsys.readouterr().err
