"""The pure stages of the import (org/importing.py): reading, columns, row checks, plan."""

from __future__ import annotations

import datetime as dt

import pytest

from mamori_web.org.importing import (
    DepartmentRow,
    DepartmentState,
    ImportFileError,
    Reason,
    parse_department_rows,
    parse_staff_rows,
    plan_departments,
    read_table,
)
from mamori_web.org.models import DepartmentLevel, Employment
from mamori_web.org.tests.files import (
    DEPT_HEADER,
    STAFF_HEADER,
    STAFF_HEADER_JA,
    csv_bytes,
    xlsx_bytes,
)

BU, KA, KAKARI = DepartmentLevel.BU, DepartmentLevel.KA, DepartmentLevel.KAKARI
CODES = {"A", "A1", "B1"}
NAMES = {"市民部": ["A"], "市民課": ["A1"], "庶務課": ["X1", "Y1"]}
GOOD = ["E1", "見本 花子", "ミホン ハナコ", "A1", "", "regular", "2024-04-01", "", ""]


def staff(rows: list[list[str]], header: list[str] = STAFF_HEADER):  # type: ignore[no-untyped-def]
    table = read_table(csv_bytes(header, rows))
    return parse_staff_rows(table, department_codes=CODES, department_names=NAMES)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "shift_jis"])
def test_read_table_detects_encoding(encoding: str) -> None:
    table = read_table(csv_bytes(STAFF_HEADER_JA, [GOOD], encoding=encoding))
    assert table.header[0] == "職員番号"
    assert table.rows[0][1][1] == "見本 花子"


def test_read_table_refuses_other_encodings() -> None:
    # UTF-16 is neither UTF-8 nor valid CP932: refuse rather than import mojibake.
    with pytest.raises(ImportFileError):
        read_table(csv_bytes(STAFF_HEADER_JA, [GOOD], encoding="utf-16"))


def test_read_table_refuses_empty_file_and_broken_xlsx() -> None:
    with pytest.raises(ImportFileError):
        read_table(b"")
    with pytest.raises(ImportFileError):
        read_table(b"PK\x03\x04 not really a zip", "staff.xlsx")


def test_read_table_xlsx_keeps_real_dates_and_skips_empty_rows() -> None:
    data = xlsx_bytes(STAFF_HEADER, [[*GOOD[:6], dt.datetime(2024, 4, 1), None, None], []])
    table = read_table(data, "staff.xlsx")
    assert len(table.rows) == 1
    assert table.rows[0][1][6] == dt.date(2024, 4, 1)


def test_row_numbers_are_spreadsheet_rows() -> None:
    _good, errors = staff([GOOD, ["", "x", "", "A1", "", "regular", "2024-04-01", "", ""]])
    assert [e.row for e in errors] == [3]


def test_japanese_headers_and_values() -> None:
    rows, errors = staff(
        [["E2", "見本 次郎", "", "A1", "", "会計年度任用職員", "令和6年4月1日", "R7.3.31", ""]],
        header=STAFF_HEADER_JA,
    )
    assert errors == []
    assert rows[0].employment == Employment.KAIKEINENDO
    assert (rows[0].start, rows[0].end) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))


def test_missing_required_column_names_it() -> None:
    header = [h for h in STAFF_HEADER if h != "employment"]
    with pytest.raises(ImportFileError) as info:
        staff([GOOD[:5] + GOOD[6:]], header=header)
    assert "employment" in str(info.value)
    assert info.value.detail == {"column": "employment"}


def test_optional_columns_may_be_absent() -> None:
    header = ["staff_id", "name", "dept", "employment", "start"]
    rows, errors = staff([["E3", "見本 三郎", "A1", "temporary", "2024/4/1"]], header=header)
    assert errors == []
    assert rows[0].name_kana is None  # absent: keep what is stored
    assert not rows[0].has_end_column


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["E9", "見本", "", "ZZ", "", "regular", "2024-04-01", "", ""], Reason.UNKNOWN_DEPARTMENT),
        (
            ["E9", "見本", "", "", "庶務課", "regular", "2024-04-01", "", ""],
            Reason.AMBIGUOUS_DEPARTMENT,
        ),
        (["E9", "見本", "", "A1", "", "parttime", "2024-04-01", "", ""], Reason.UNKNOWN_EMPLOYMENT),
        (["E9", "見本", "", "A1", "", "regular", "2024-02-30", "", ""], Reason.BAD_DATE),
        (["E9", "見本", "", "A1", "", "regular", "2024-04-01", "いつか", ""], Reason.BAD_DATE),
        (
            ["E9", "見本", "", "A1", "", "regular", "2024-04-01", "2024-03-31", ""],
            Reason.END_BEFORE_START,
        ),
        (
            ["E9", "見本", "", "A1", "", "contractor", "2024-04-01", "", ""],
            Reason.CONTRACTOR_WITHOUT_COMPANY,
        ),
        (["E9", "", "", "A1", "", "regular", "2024-04-01", "", ""], Reason.MISSING_VALUE),
        (["E9", "見本", "", "A1", "", "regular", "", "", ""], Reason.MISSING_VALUE),
        (["E" * 33, "見本", "", "A1", "", "regular", "2024-04-01", "", ""], Reason.TOO_LONG),
    ],
)
def test_staff_rejections(row: list[str], reason: Reason) -> None:
    rows, errors = staff([GOOD, row])
    assert [r.staff_id for r in rows] == ["E1"]  # the good row survives
    assert [(e.row, e.reason) for e in errors] == [(3, reason)]
    assert errors[0].message  # a readable sentence for the report


def test_department_name_is_used_when_code_is_unknown() -> None:
    rows, errors = staff(
        [["E4", "見本", "", "旧コード", "市民課", "regular", "2024-04-01", "", ""]]
    )
    assert errors == []
    assert rows[0].department_code == "A1"


def test_duplicate_staff_id_rejects_every_occurrence() -> None:
    # Which of two rows is right cannot be known; neither is imported.
    rows, errors = staff([GOOD, GOOD, [*GOOD[:1], "別人", *GOOD[2:]]])
    assert rows == []
    assert {(e.row, e.reason) for e in errors} == {
        (2, Reason.DUPLICATE_STAFF_ID),
        (3, Reason.DUPLICATE_STAFF_ID),
        (4, Reason.DUPLICATE_STAFF_ID),
    }


# --- Departments ---------------------------------------------------------------------------


def test_department_rows_levels_and_rejections() -> None:
    table = read_table(
        xlsx_bytes(
            DEPT_HEADER,
            [
                ["A", "市民部", "", "部"],
                ["A1", "市民課", "A", ""],
                ["A1", "重複課", "A", ""],
                ["", "無名", "A", ""],
                ["C", "謎", "", "局"],
            ],
        ),
        "d.xlsx",
    )
    rows, errors = parse_department_rows(table)
    assert [r.code for r in rows] == ["A"]
    assert rows[0].level == BU
    assert [(e.row, e.reason) for e in errors] == [
        (3, Reason.DUPLICATE_CODE),
        (4, Reason.DUPLICATE_CODE),
        (5, Reason.MISSING_VALUE),
        (6, Reason.UNKNOWN_LEVEL),
    ]


def row(
    n: int, code: str, parent: str = "", level: DepartmentLevel | None = None, name: str = ""
) -> DepartmentRow:
    return DepartmentRow(n, code, name or code, parent, level)


def test_plan_infers_levels_and_accepts_children_before_parents() -> None:
    final, errors = plan_departments(
        [row(2, "A1a", "A1"), row(3, "A1", "A"), row(4, "A")], existing={}
    )
    assert errors == []
    assert {c: s.level for c, s in final.items()} == {"A1a": KAKARI, "A1": KA, "A": BU}


def test_plan_rejects_unknown_parent_and_what_hangs_below_it() -> None:
    final, errors = plan_departments([row(2, "X1", "X"), row(3, "X1a", "X1")], existing={})
    assert final == {}
    assert {(e.row, e.reason) for e in errors} == {
        (2, Reason.UNKNOWN_PARENT),
        (3, Reason.UNKNOWN_PARENT),
    }


def test_plan_rejects_a_level_that_does_not_fit() -> None:
    existing = {
        "A": DepartmentState("市民部", "", BU),
        "A1": DepartmentState("市民課", "A", KA),
        "A1a": DepartmentState("係", "A1", KAKARI),
    }
    _final, errors = plan_departments(
        [
            row(2, "Z", "A1a"),  # below a 係 there is nothing
            row(3, "Y", "A", BU),  # a 部 under a 部
            row(4, "A1", "A", KAKARI),
        ],  # its existing 係 would no longer be below it
        existing,
    )
    assert {(e.row, e.reason) for e in errors} == {
        (2, Reason.LEVEL_MISMATCH),
        (3, Reason.LEVEL_MISMATCH),
        (4, Reason.LEVEL_MISMATCH),
    }


def test_plan_rejects_cycles_in_the_file_and_through_existing_departments() -> None:
    _final, errors = plan_departments([row(2, "P", "Q"), row(3, "Q", "P")], existing={})
    assert {e.row for e in errors} == {2, 3}
    assert Reason.PARENT_CYCLE in {e.reason for e in errors}
    # Moving A under its own 課 would close a loop through a department not in the file.
    existing = {"A": DepartmentState("市民部", "", BU), "A1": DepartmentState("市民課", "A", KA)}
    _final, errors = plan_departments([row(2, "A", "A1", KAKARI)], existing)
    assert [e.row for e in errors] == [2]


def test_reasons_and_labels_are_in_japanese() -> None:
    from django.utils import translation

    from mamori_web.org.importing import RowError
    from mamori_web.org.models import Role

    with translation.override("ja"):
        assert RowError(4, Reason.BAD_DATE, "start", "昨日").message == (
            "任用開始日が日付ではありません：昨日"
        )
        assert RowError(2, Reason.MISSING_VALUE, "name").message == "氏名が空欄です。"
        assert str(Role.STAFF.label) == "一般職員"
        assert str(Role.SECTION_MANAGER.label) == "情報セキュリティ管理者（課長）"
        assert str(Employment.KAIKEINENDO.label) == "会計年度任用職員"
        assert str(BU.label) == "部"
