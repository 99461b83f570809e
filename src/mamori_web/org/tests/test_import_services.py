"""Importing departments and staff into the database (services + management command)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from mamori_web.audittrail.models import AuditRecord
from mamori_web.org.importing import ImportFileError, Reason
from mamori_web.org.models import ContractorCompany, Department, Employment, Staff
from mamori_web.org.services import departments_import, org_files_import, staff_import
from mamori_web.org.tests.files import (
    DEPT_HEADER,
    DEPT_HEADER_JA,
    STAFF_HEADER,
    STAFF_HEADER_JA,
    csv_bytes,
    xlsx_bytes,
)
from mamori_web.testing import World

pytestmark = pytest.mark.django_db

STAFF_ROWS = [
    ["E1001", "見本 花子", "ミホン ハナコ", "A1", "", "regular", "2024-04-01", "", ""],
    ["E1002", "見本 一郎", "", "B1", "", "kaikeinendo", "2024/4/1", "2025/3/31", ""],
    ["E1003", "見本 委託", "", "A1", "", "contractor", "R6.4.1", "", "架空データ株式会社"],
]


def test_staff_csv_utf8_creates_and_reports(world: World) -> None:
    report = staff_import(municipality=world.city, data=csv_bytes(STAFF_HEADER, STAFF_ROWS))
    assert report.counts() == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    hanako = Staff.objects.get(staff_id="E1001")
    assert (hanako.department, hanako.employment) == (world.depts["ka_a1"], Employment.REGULAR)
    assert hanako.name_kana == "ミホン ハナコ"
    assert Staff.objects.get(staff_id="E1002").end == dt.date(2025, 3, 31)
    contractor = Staff.objects.get(staff_id="E1003")
    assert contractor.company is not None
    assert contractor.company.name == "架空データ株式会社"  # created because it was missing
    assert contractor.start == dt.date(2024, 4, 1)


def test_staff_csv_cp932_with_japanese_headers_and_wareki(world: World) -> None:
    rows = [
        ["E2001", "見本 髙橋", "", "A1", "", "正規職員", "令和6年4月1日", "", ""],
        [
            "E2002",
            "見本 臨時",
            "",
            "",
            "資産税課",
            "臨時職員",
            "令和元年5月7日",
            "令和2年3月31日",
            "",
        ],
        ["E2003", "見本 委託", "", "B2", "", "委託事業者", "H31.4.1", "", "試験システム株式会社"],
    ]
    data = csv_bytes(STAFF_HEADER_JA, rows, encoding="cp932")
    report = staff_import(municipality=world.city, data=data, filename="職員.csv")
    assert report.counts()["created"] == 3, report.lines()
    assert Staff.objects.get(staff_id="E2001").name == "見本 髙橋"  # CP932-only kanji
    temp = Staff.objects.get(staff_id="E2002")
    assert temp.department == world.depts["ka_b2"]  # found by its unique name
    assert (temp.start, temp.end) == (dt.date(2019, 5, 7), dt.date(2020, 3, 31))
    # An existing company is reused, not duplicated.
    assert Staff.objects.get(staff_id="E2003").company == world.companies["acme"]
    assert ContractorCompany.objects.filter(name="試験システム株式会社").count() == 1


def test_staff_xlsx_with_real_date_cells(world: World) -> None:
    rows = [
        [
            "E3001",
            "見本 表計算",
            "",
            "A2",
            "",
            "temporary",
            dt.datetime(2024, 4, 1),
            dt.date(2024, 9, 30),
            None,
        ]
    ]
    report = staff_import(
        municipality=world.city, data=xlsx_bytes(STAFF_HEADER, rows), filename="staff.xlsx"
    )
    assert report.created == 1
    staff = Staff.objects.get(staff_id="E3001")
    assert (staff.start, staff.end) == (dt.date(2024, 4, 1), dt.date(2024, 9, 30))


def test_staff_import_is_idempotent_and_updates_changes(world: World) -> None:
    data = csv_bytes(STAFF_HEADER, STAFF_ROWS)
    staff_import(municipality=world.city, data=data)
    again = staff_import(municipality=world.city, data=data)
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    changed = [list(r) for r in STAFF_ROWS]
    changed[0][3] = "B2"  # transferred
    changed[1][7] = "2025-03-31"  # same date, written differently: unchanged
    report = staff_import(municipality=world.city, data=csv_bytes(STAFF_HEADER, changed))
    assert (report.updated, report.unchanged) == (1, 2)
    assert Staff.objects.get(staff_id="E1001").department == world.depts["ka_b2"]


def test_staff_import_updates_staff_made_elsewhere(world: World) -> None:
    existing = world.staff["plain_ka_a1"]
    row = [
        existing.staff_id,
        existing.name,
        "",
        "A2",
        "",
        "regular",
        "2020-04-01",
        "2026-03-31",
        "",
    ]
    report = staff_import(municipality=world.city, data=csv_bytes(STAFF_HEADER, [row]))
    assert report.updated == 1
    existing.refresh_from_db()
    assert (existing.department, existing.end) == (world.depts["ka_a2"], dt.date(2026, 3, 31))


def test_absent_optional_columns_keep_stored_values(world: World) -> None:
    staff_import(municipality=world.city, data=csv_bytes(STAFF_HEADER, STAFF_ROWS))
    header = ["staff_id", "name", "dept", "employment", "start"]
    report = staff_import(
        municipality=world.city,
        data=csv_bytes(header, [["E1001", "見本 花子", "A1", "regular", "2024-04-01"]]),
    )
    assert report.unchanged == 1
    assert Staff.objects.get(staff_id="E1001").name_kana == "ミホン ハナコ"


def test_rejected_rows_do_not_stop_good_ones(world: World) -> None:
    rows = [
        *STAFF_ROWS,
        ["E1101", "見本", "", "ZZ", "", "regular", "2024-04-01", "", ""],
        ["E1102", "見本", "", "A1", "", "arbeit", "2024-04-01", "", ""],
        ["E1103", "見本", "", "A1", "", "regular", "2024-13-01", "", ""],
        ["E1104", "見本", "", "A1", "", "regular", "2024-04-01", "2024-01-01", ""],
        ["E1105", "見本", "", "A1", "", "contractor", "2024-04-01", "", ""],
        ["E1106", "見本", "", "A1", "", "regular", "2024-04-01", "", ""],
        ["E1106", "見本", "", "A1", "", "regular", "2024-04-01", "", ""],
    ]
    report = staff_import(municipality=world.city, data=csv_bytes(STAFF_HEADER, rows))
    assert report.created == 3
    assert [(e.row, e.reason) for e in report.rejected] == [
        (5, Reason.UNKNOWN_DEPARTMENT),
        (6, Reason.UNKNOWN_EMPLOYMENT),
        (7, Reason.BAD_DATE),
        (8, Reason.END_BEFORE_START),
        (9, Reason.CONTRACTOR_WITHOUT_COMPANY),
        (10, Reason.DUPLICATE_STAFF_ID),
        (11, Reason.DUPLICATE_STAFF_ID),
    ]
    assert not Staff.objects.filter(staff_id__startswith="E11").exists()


def test_staff_id_of_another_municipality_is_rejected(world: World) -> None:
    from mamori_web.org.models import Municipality

    other = Municipality.objects.create(name="別市", code="999991", prefecture="試験県")
    dept = Department.objects.create(
        municipality=other, code="A1", name="市民課", level="bu", path="/x/"
    )
    taken = world.staff["plain_ka_a1"].staff_id
    report = staff_import(
        municipality=other,
        data=csv_bytes(
            STAFF_HEADER, [[taken, "見本", "", dept.code, "", "regular", "2024-04-01", "", ""]]
        ),
    )
    assert [e.reason for e in report.rejected] == [Reason.OTHER_MUNICIPALITY]
    assert Staff.objects.get(staff_id=taken).municipality == world.city


def test_missing_column_imports_nothing(world: World) -> None:
    header = [h for h in STAFF_HEADER if h != "start"]
    rows = [r[:6] + r[7:] for r in STAFF_ROWS]
    before = AuditRecord.objects.count()
    with pytest.raises(ImportFileError) as info:
        staff_import(municipality=world.city, data=csv_bytes(header, rows))
    assert "start" in str(info.value)
    assert not Staff.objects.filter(staff_id__startswith="E10").exists()
    assert AuditRecord.objects.count() == before


def test_one_audit_record_per_import_without_personal_data(world: World) -> None:
    before = AuditRecord.objects.count()
    rows = [*STAFF_ROWS, ["E1201", "見本 不正", "", "A1", "", "regular", "だめ", "", ""]]
    staff_import(
        municipality=world.city,
        data=csv_bytes(STAFF_HEADER, rows),
        actor=world.users["privacy_officer"],
    )
    records = list(AuditRecord.objects.order_by("-id")[: AuditRecord.objects.count() - before])
    assert [r.action for r in records] == ["org.import.staff"]
    record = records[0]
    assert record.actor == world.users["privacy_officer"]
    assert record.detail["created"] == 3
    assert record.detail["rejected_rows"] == [{"row": 5, "reason": "bad_date"}]
    text = str(record.detail)
    for personal in ("見本", "ミホン", "E1001", "だめ", "架空データ"):
        assert personal not in text


def test_departments_import_creates_updates_and_moves(world: World) -> None:
    rows = [
        ["C", "福祉部", "", "部"],
        ["C1a", "給付係", "C1", ""],  # child before its parent
        ["C1", "障害福祉課", "C", ""],
        ["A2", "国民健康保険課", "A", ""],  # renamed
        ["B2", "資産税課", "C", "課"],  # moved to another 部
        ["A1a", "住民記録係", "A1", "係"],  # unchanged
    ]
    report = departments_import(
        municipality=world.city, data=csv_bytes(DEPT_HEADER_JA, rows, encoding="cp932")
    )
    assert report.counts() == {"created": 3, "updated": 2, "unchanged": 1, "rejected": 0}
    c, c1, c1a = (Department.objects.get(code=x) for x in ("C", "C1", "C1a"))
    assert (c.level, c1.level, c1a.level) == ("bu", "ka", "kakari")
    assert c1a.path == f"{c.path}{c1.pk}/{c1a.pk}/"
    assert Department.objects.get(code="A2").name == "国民健康保険課"
    b2 = Department.objects.get(code="B2")
    assert (b2.parent, b2.path) == (c, f"{c.path}{b2.pk}/")
    # Staff of a moved department move with it in scope: the 部 path covers them now.
    assert world.staff["plain_ka_b2"] in Staff.objects.filter(department__path__startswith=c.path)
    again = departments_import(
        municipality=world.city, data=csv_bytes(DEPT_HEADER_JA, rows, encoding="cp932")
    )
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 6, "rejected": 0}
    actions = AuditRecord.objects.filter(action="org.import.departments")
    assert actions.count() == 2


def test_moving_a_department_moves_its_subtree_paths(world: World) -> None:
    rows = [["A1", "市民課", "B", ""]]
    report = departments_import(municipality=world.city, data=csv_bytes(DEPT_HEADER, rows))
    assert report.updated == 1
    a1 = Department.objects.get(code="A1")
    kakari = Department.objects.get(code="A1a")
    assert kakari.path == f"{world.depts['bu_b'].path}{a1.pk}/{kakari.pk}/"


def test_department_rejections_are_reported(world: World) -> None:
    rows = [
        ["D", "総務部", "", ""],
        ["D1", "謎課", "ZZ", ""],
        ["D2", "係の下", "A1a", ""],
        ["D3", "区分不明", "D", "局"],
        ["", "コードなし", "D", ""],
    ]
    report = departments_import(municipality=world.city, data=csv_bytes(DEPT_HEADER, rows))
    assert report.created == 1
    assert [(e.row, e.reason) for e in report.rejected] == [
        (3, Reason.UNKNOWN_PARENT),
        (4, Reason.LEVEL_MISMATCH),
        (5, Reason.UNKNOWN_LEVEL),
        (6, Reason.MISSING_VALUE),
    ]


def test_files_import_runs_departments_before_staff(world: World) -> None:
    depts = csv_bytes(DEPT_HEADER, [["E", "環境部", "", ""], ["E1", "環境政策課", "E", ""]])
    staff = csv_bytes(
        STAFF_HEADER, [["E5001", "見本 環境", "", "E1", "", "regular", "2024-04-01", "", ""]]
    )
    result = org_files_import(
        municipality=world.city, departments=(depts, "d.csv"), staff=(staff, "s.csv")
    )
    assert result.file_errors == {}
    assert [r.created for r in result.reports] == [2, 1]


def test_management_command(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dept_file = tmp_path / "組織.csv"
    dept_file.write_bytes(csv_bytes(DEPT_HEADER_JA, [["F", "建設部", "", "部"]], encoding="cp932"))
    staff_file = tmp_path / "staff.xlsx"
    staff_file.write_bytes(
        xlsx_bytes(
            STAFF_HEADER,
            [
                ["E6001", "見本 建設", "", "F", "", "regular", dt.date(2024, 4, 1), None, None],
                ["E6002", "見本 不明", "", "NOPE", "", "regular", dt.date(2024, 4, 1), None, None],
            ],
        )
    )
    with translation.override("en"):
        call_command("import_org", "--departments", str(dept_file), "--staff", str(staff_file))
    out = capsys.readouterr().out
    assert "Departments file: 1 created" in out
    assert "Row 3: Unknown department NOPE." in out
    assert Staff.objects.filter(staff_id="E6001", department__code="F").exists()


def test_management_command_fails_on_file_error(world: World, tmp_path: Path) -> None:
    bad = tmp_path / "staff.csv"
    bad.write_bytes(csv_bytes(["staff_id", "name"], [["E7001", "見本"]]))
    with pytest.raises(CommandError):
        call_command("import_org", "--staff", str(bad))
    assert not Staff.objects.filter(staff_id="E7001").exists()
