"""CSV/XLSX reading and atomic writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori._exceptions import InputError
from mamori.synth._tabular import (
    StagedOutputs,
    detect_encoding,
    iter_table_rows,
    open_table,
    write_table,
)

TEXT = "氏名,備考\r\n架空 一郎,髙橋①\r\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp932", "cp932")],
)
def test_detects_utf8_bom_and_cp932(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(TEXT.encode(encoding))
    assert detect_encoding(path) == expected
    fmt = open_table(path)
    assert list(iter_table_rows(path, fmt)) == [["氏名", "備考"], ["架空 一郎", "髙橋①"]]
    assert fmt.lineterminator == "\r\n"


def test_shift_jis_is_read_as_cp932(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(TEXT.encode("cp932"))  # ① and 髙 are not in strict Shift_JIS
    assert detect_encoding(path, "Shift_JIS") == "cp932"


def test_mis_encoded_file_names_byte_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes("a,b\r\n架空,一郎\r\n".encode() + b"\x81\xff\xfe\r\n")
    with pytest.raises(InputError, match=r"broken\.csv.*UTF-8 \(invalid at byte 20, line 3\)"):
        detect_encoding(path)
    path.write_bytes("a\n架空\n".encode("cp932"))
    with pytest.raises(InputError, match=r"not valid utf-8 at byte 2 \(line 2\)"):
        detect_encoding(path, "utf-8")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        open_table(tmp_path / "nope.csv")


def test_staged_outputs_replace_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("old")

    def fail_half_way() -> None:
        with StagedOutputs() as staged:
            staged.add(tmp_path / "a.csv").write_text("new")
            staged.add(tmp_path / "b.csv").write_text("new")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]
    assert (tmp_path / "a.csv").read_text() == "old"
    with StagedOutputs() as staged:
        staged.add(tmp_path / "a.csv").write_text("new")
    assert (tmp_path / "a.csv").read_text() == "new"


def test_write_csv_refuses_characters_cp932_cannot_hold(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(TEXT.encode("cp932"))
    fmt = open_table(path)
    with pytest.raises(InputError, match="cannot encode"):
        write_table(tmp_path / "o.csv", fmt, [("", [["𠮷野"]])])


def test_xlsx_sheet_selection(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "一覧"
    wb.active.append(["氏名"])
    wb.save(tmp_path / "t.xlsx")
    assert open_table(tmp_path / "t.xlsx").sheets == ("一覧",)
    with pytest.raises(InputError, match="一覧"):
        open_table(tmp_path / "t.xlsx", sheet="別紙")
