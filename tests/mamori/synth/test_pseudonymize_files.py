"""Whole files: joins across tables, encodings, XLSX, the key never in the output, atomicity."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from mamori._exceptions import InputError
from mamori.synth._pseudonymize import pseudonymize_files
from tests.mamori.synth.pseudonymize_pools import small_pools

KEY = bytes(range(100, 132))
TODAY = dt.date(2026, 4, 1)
COLUMNS = (
    "住民ID:ID,世帯番号:HOUSEHOLD,氏名:PERSON,氏名カナ:KANA(氏名),住所:ADDRESS,"
    "郵便番号:POSTAL_CODE(住所),電話番号:PHONE,生年月日:DATE_OF_BIRTH"
)
HEADER = ["住民ID", "世帯番号", "氏名", "氏名カナ", "郵便番号", "住所", "電話番号", "生年月日", "備考"]  # fmt: skip  # noqa: E501
ROWS = [
    ["R0000001", "H001", "架空 一郎", "カクウ イチロウ", "〒100-0001", "東京都千代田区千代田1-1",
     "090-0000-0001", "昭和50年1月2日", "世帯主"],
    ["R0000002", "H001", "架空 花子", "カクウ ハナコ", "〒100-0001", "東京都千代田区千代田1-1",
     "090-0000-0002", "昭和52年3月4日", ""],
    ["R0000003", "H002", "試験　次郎", "シケン　ジロウ", "591-8025", "大阪府堺市北区長曽根町3",
     "072-000-0003", "H2.5.6", "転入"],
]  # fmt: skip


@pytest.fixture(scope="module")
def pools():
    return small_pools()


def write_csv(path: Path, header, rows, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


def run(inputs, out, pools, columns=COLUMNS, **kwargs):
    return pseudonymize_files(inputs, out, columns, key=KEY, pools=pools, today=TODAY, **kwargs)


def test_csv_values_replaced_layout_kept_other_columns_untouched(tmp_path, pools) -> None:
    src = write_csv(tmp_path / "住民.csv", HEADER, ROWS)
    report = run([src], tmp_path / "out.csv", pools)
    out = read_csv(tmp_path / "out.csv")
    assert out[0] == HEADER
    assert report.rows == 3
    for original, new in zip(ROWS, out[1:], strict=True):
        assert new[8] == original[8]  # 備考 not declared
        for i in range(8):
            assert new[i] != original[i]
            assert len(new[i].split()) == len(original[i].split())
    assert out[1][1] == out[2][1]  # household id mapped consistently
    assert out[1][2].split()[0] == out[2][2].split()[0]  # members share the surname
    assert out[1][5] == out[2][5]
    assert out[1][4] == out[2][4]
    assert "\u3000" in out[3][2]
    assert "\u3000" in out[3][3]
    assert out[3][7].startswith("H")


def test_joins_across_files_in_one_run_and_separately(tmp_path, pools) -> None:
    residents = write_csv(tmp_path / "a.csv", HEADER, ROWS)
    payments = write_csv(
        tmp_path / "b.csv",
        ["住民ID", "氏名", "金額"],
        [["R0000002", "架空花子", "1000"], ["R0000003", "試験 次郎", "2000"]],
    )
    columns = "住民ID:ID,氏名:PERSON"
    run([residents, payments], tmp_path / "together", pools, columns=columns)
    a = read_csv(tmp_path / "together" / "a.csv")
    b = read_csv(tmp_path / "together" / "b.csv")
    assert b[1][0] == a[2][0]
    assert b[2][0] == a[3][0]
    assert b[1][1] == a[2][2].replace(" ", "")  # 「架空 花子」 and 「架空花子」 are one name
    assert b[2][1] == a[3][2].replace("\u3000", " ")
    # processed one at a time (no collision in this small data) they agree too
    run([payments], tmp_path / "b_alone.csv", pools, columns=columns)
    assert read_csv(tmp_path / "b_alone.csv") == b


def test_key_never_in_output_and_other_key_differs(tmp_path, pools) -> None:
    src = write_csv(tmp_path / "in.csv", HEADER, ROWS)
    run([src], tmp_path / "one.csv", pools)
    data = (tmp_path / "one.csv").read_bytes()
    assert KEY not in data
    assert KEY.hex().encode() not in data
    pseudonymize_files(
        [src], tmp_path / "two.csv", COLUMNS, key=bytes(32), pools=pools, today=TODAY
    )
    assert (tmp_path / "two.csv").read_bytes() != data


def test_cp932_in_and_out_and_bom_kept(tmp_path, pools) -> None:
    src = write_csv(tmp_path / "sjis.csv", HEADER, ROWS, encoding="cp932")
    run([src], tmp_path / "out.csv", pools)
    out = read_csv(tmp_path / "out.csv", encoding="cp932")
    assert out[0] == HEADER
    assert len(out) == 4
    with pytest.raises(UnicodeDecodeError):
        (tmp_path / "out.csv").read_bytes().decode("utf-8")
    bom = write_csv(tmp_path / "bom.csv", HEADER, ROWS, encoding="utf-8-sig")
    run([bom], tmp_path / "bom_out.csv", pools, encoding="utf-8")
    assert (tmp_path / "bom_out.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_xlsx_round_trip_every_sheet(tmp_path, pools) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "住民"
    ws.append(HEADER)
    for row in ROWS:
        ws.append([*row[:7], dt.datetime(1975, 1, 2), row[8]])
    extra = wb.create_sheet("メモ")
    extra.append(["件名"])
    extra.append(["架空のメモ"])
    wb.save(tmp_path / "in.xlsx")
    run([tmp_path / "in.xlsx"], tmp_path / "out.xlsx", pools)
    out = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert out.sheetnames == ["住民", "メモ"]
    rows = list(out["住民"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    born = rows[1][7]
    assert isinstance(born, dt.datetime)
    assert born != dt.datetime(1975, 1, 2)
    assert abs((born - dt.datetime(1975, 1, 2)).days) <= 30
    assert rows[1][2] != ROWS[0][2]
    assert list(out["メモ"].iter_rows(values_only=True)) == [("件名",), ("架空のメモ",)]


def test_unknown_column_lists_the_headers(tmp_path, pools) -> None:
    src = write_csv(tmp_path / "in.csv", HEADER, ROWS)
    with pytest.raises(InputError, match="氏名カナ") as info:
        run([src], tmp_path / "out.csv", pools, columns="なまえ:PERSON")
    assert "'なまえ'" in str(info.value)


def test_invalid_value_names_file_row_column_and_nothing_is_written(tmp_path, pools) -> None:
    good = write_csv(tmp_path / "good.csv", HEADER, ROWS)
    bad_rows = [*ROWS[:2], [*ROWS[2][:7], "不詳", ""]]
    bad = write_csv(tmp_path / "bad.csv", HEADER, bad_rows)
    out = tmp_path / "out"
    with pytest.raises(InputError, match=r"bad\.csv: row 4, column '生年月日'") as info:
        run([good, bad], out, pools)
    assert "不詳" not in str(info.value)  # values are never echoed
    assert list(out.iterdir()) == []


def test_on_invalid_blank_empties_the_cell(tmp_path, pools) -> None:
    bad = write_csv(tmp_path / "bad.csv", HEADER, [[*ROWS[0][:7], "不詳", ""]])
    report = run([bad], tmp_path / "out.csv", pools, on_invalid="blank")
    assert report.blanked == 1
    assert read_csv(tmp_path / "out.csv")[1][7] == ""


def test_output_must_not_be_the_input(tmp_path, pools) -> None:
    src = write_csv(tmp_path / "in.csv", HEADER, ROWS)
    with pytest.raises(InputError, match="input itself"):
        run([src], src, pools)
