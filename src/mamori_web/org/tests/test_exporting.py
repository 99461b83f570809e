"""Excel exports: layout, scope, and export → import round trip."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from mamori_web.org import selectors
from mamori_web.org.exporting import department_workbook, staff_workbook
from mamori_web.org.models import Employment, Staff
from mamori_web.org.services import departments_import, staff_import
from mamori_web.org.tests.files import xlsx_rows
from mamori_web.testing import World, make_staff

pytestmark = pytest.mark.django_db


def test_staff_workbook_layout(world: World) -> None:
    data = staff_workbook(selectors.staff_for_export(user=world.users["ciso"]))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.title == "職員一覧"
    assert [c.value for c in sheet[1]] == [
        "職員番号",
        "氏名",
        "氏名カナ",
        "所属",
        "所属名",
        "雇用区分",
        "任用開始日",
        "任用終了日",
        "委託事業者名",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:I{sheet.max_row}"
    assert sheet.column_dimensions["B"].width == 20
    assert sheet.max_row == Staff.objects.count() + 1
    contractor = next(
        r
        for r in sheet.iter_rows(min_row=2, values_only=True)
        if r[0] == world.staff["acme_worker"].staff_id
    )
    assert contractor[5] == "委託事業者"
    assert contractor[8] == "試験システム株式会社"
    assert contractor[6] == dt.datetime(2020, 4, 1)  # a real date cell


def test_department_workbook_is_the_tree(world: World) -> None:
    data = department_workbook(selectors.departments_for_export(user=world.users["ciso"]))
    rows = xlsx_rows(data)
    assert rows[0] == ["所属コード", "所属名", "上位所属コード", "区分"]
    assert rows[1:4] == [
        ["A", "市民部", None, "部"],
        ["A1", "市民課", "A", "課"],
        ["A1a", "住民記録係", "A1", "係"],
    ]


def test_section_manager_exports_only_their_section(world: World) -> None:
    data = staff_workbook(selectors.staff_for_export(user=world.users["section_manager"]))
    exported = {r[0] for r in xlsx_rows(data)[1:]}
    expected = set(
        Staff.objects.filter(department__path__startswith=world.depts["ka_a1"].path).values_list(
            "staff_id", flat=True
        )
    )
    assert exported == expected
    assert world.staff["plain_ka_a2"].staff_id not in exported  # same 部, other 課
    assert world.staff["plain_bu_b"].staff_id not in exported
    departments = {
        r[0]
        for r in xlsx_rows(
            department_workbook(
                selectors.departments_for_export(user=world.users["section_manager"])
            )
        )[1:]
    }
    assert departments == {"A1", "A1a"}


def test_plain_staff_exports_only_themselves(world: World) -> None:
    data = staff_workbook(selectors.staff_for_export(user=world.users["staff"]))
    assert [r[0] for r in xlsx_rows(data)[1:]] == [world.staff["staff"].staff_id]


def test_export_reimports_unchanged(world: World) -> None:
    ended = make_staff(
        world,
        "ended",
        "ka_b1",
        employment=Employment.KAIKEINENDO,
        with_user=False,
        end=dt.date(2021, 3, 31),
    )
    ended.name_kana = "シケン ハナコ"
    ended.save(update_fields=["name_kana"])
    ciso = world.users["ciso"]
    depts = department_workbook(selectors.departments_for_export(user=ciso))
    staff = staff_workbook(selectors.staff_for_export(user=ciso))

    dept_report = departments_import(municipality=world.city, data=depts, filename="組織.xlsx")
    staff_report = staff_import(municipality=world.city, data=staff, filename="職員.xlsx")

    assert dept_report.counts() == {"created": 0, "updated": 0, "unchanged": 7, "rejected": 0}
    assert staff_report.counts() == {
        "created": 0,
        "updated": 0,
        "unchanged": Staff.objects.count(),
        "rejected": 0,
    }
