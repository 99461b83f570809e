from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client, override_settings
from openpyxl import load_workbook

from mamori_web.audittrail.models import AuditRecord
from mamori_web.audittrail.services import audit_record
from mamori_web.testing import World

pytestmark = pytest.mark.django_db

SECURITY_OFFICE = ["ciso", "security_director", "csirt", "privacy_officer", "it_officer"]
OTHERS = ["dept_head", "section_manager", "staff", "contractor", "whistleblowing_handler"]
URL = "/audit/"
JA = {"accept-language": "ja"}


def records_on_page(response: Any) -> list[AuditRecord]:
    return list(response.context["page"].object_list)


@pytest.mark.parametrize("role", SECURITY_OFFICE)
def test_security_office_reads_the_trail(client: Client, world: World, role: str) -> None:
    client.force_login(world.users[role])
    response = client.get(URL, headers=JA)
    assert response.status_code == 200
    assert "監査証跡" in response.content.decode()


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize("path", [URL, "/audit/export.csv", "/audit/export.xlsx"])
def test_others_get_404(client: Client, world: World, role: str, path: str) -> None:
    client.force_login(world.users[role])
    assert client.get(path).status_code == 404


def test_ended_employment_gets_404(client: Client, world: World) -> None:
    staff = world.staff["ciso"]
    staff.end = dt.date(2021, 3, 31)
    staff.save()
    client.force_login(world.users["ciso"])
    assert client.get(URL).status_code == 404


@override_settings(LOGIN_URL="/accounts/login/")
def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", [URL, "/audit/export.csv"])
def test_the_trail_cannot_be_changed_over_http(
    client: Client, world: World, method: str, path: str
) -> None:
    client.force_login(world.users["ciso"])
    before = AuditRecord.objects.count()
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert AuditRecord.objects.count() == before


def test_the_page_has_no_edit_controls(client: Client, world: World) -> None:
    audit_record(actor=None, action="test.shown")
    client.force_login(world.users["ciso"])
    html = client.get(URL).content.decode()
    assert "test.shown" in html
    # The only forms are the GET filter, the header's sign-out and the language switch.
    assert html.count("<form") == (
        html.count('method="get"')
        + html.count('class="logout"')
        + html.count('class="language-switch"')
    )
    for verb in ("hx-post", "hx-put", "hx-patch", "hx-delete"):
        assert verb not in html


def test_newest_first_and_paginated(client: Client, world: World, record_at: Any) -> None:
    for i in range(60):
        record_at(
            dt.datetime(2025, 1, 1, 9, 0) + dt.timedelta(minutes=i),
            actor=None,
            action=f"test.bulk.{i:02d}",
        )
    client.force_login(world.users["ciso"])
    first = client.get(URL, {"action": "test.bulk"})
    page = first.context["page"]
    assert page.paginator.count == 60
    assert len(page.object_list) == 50
    assert page.object_list[0].action == "test.bulk.59"
    second = client.get(URL, {"action": "test.bulk", "page": "2"})
    assert [r.action for r in records_on_page(second)][-1] == "test.bulk.00"
    assert "page=2" in first.content.decode()
    assert "action=test.bulk" in first.content.decode()  # filters kept in page links


def test_filter_by_date_range_in_local_days(client: Client, world: World, record_at: Any) -> None:
    # 2025-03-31 23:30 JST is 14:30 UTC of the same day; 2025-04-01 00:10 JST is 3/31 in UTC.
    record_at(dt.datetime(2025, 3, 31, 23, 30), actor=None, action="test.date.march")
    record_at(dt.datetime(2025, 4, 1, 0, 10), actor=None, action="test.date.april")
    record_at(dt.datetime(2025, 4, 2, 12, 0), actor=None, action="test.date.later")
    client.force_login(world.users["ciso"])
    response = client.get(URL, {"date_from": "2025-04-01", "date_to": "2025-04-01"})
    assert [r.action for r in records_on_page(response)] == ["test.date.april"]
    response = client.get(URL, {"date_to": "2025-03-31", "action": "test.date"})
    assert [r.action for r in records_on_page(response)] == ["test.date.march"]


def test_reversed_date_range_is_an_error(client: Client, world: World) -> None:
    client.force_login(world.users["ciso"])
    response = client.get(URL, {"date_from": "2025-04-02", "date_to": "2025-04-01"}, headers=JA)
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]


def test_filter_by_actor_action_and_object_type(client: Client, world: World) -> None:
    ciso, csirt = world.users["ciso"], world.users["csirt"]
    audit_record(actor=ciso, action="takeout.approve", obj=world.staff["staff"])
    audit_record(actor=csirt, action="takeout.request", obj=world.depts["ka_b1"])
    audit_record(actor=csirt, action="incident.open")
    client.force_login(ciso)

    by_actor = client.get(URL, {"actor": csirt.username.upper()})
    assert {r.action for r in records_on_page(by_actor)} == {"takeout.request", "incident.open"}

    by_action = client.get(URL, {"action": "takeout."})
    assert {r.action for r in records_on_page(by_action)} == {"takeout.approve", "takeout.request"}

    by_type = client.get(URL, {"object_type": "org.department", "actor": csirt.username})
    assert [r.action for r in records_on_page(by_type)] == ["takeout.request"]


def test_filter_by_department_includes_the_subtree(client: Client, world: World) -> None:
    d = world.depts
    audit_record(actor=None, action="test.dept", department=d["kakari_a1"])
    audit_record(actor=None, action="test.dept", department=d["ka_a2"])
    audit_record(actor=None, action="test.dept", department=d["ka_b1"])
    client.force_login(world.users["ciso"])
    response = client.get(URL, {"department": str(d["ka_a1"].pk), "action": "test.dept"})
    assert [r.department for r in records_on_page(response)] == [d["kakari_a1"]]
    response = client.get(URL, {"department": str(d["bu_a"].pk), "action": "test.dept"})
    assert {r.department for r in records_on_page(response)} == {d["kakari_a1"], d["ka_a2"]}


def _csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


JA_HEADERS = [
    "日時",
    "利用者名",
    "操作",
    "対象の種類",
    "対象ID",
    "対象",
    "部署",
    "接続元アドレス",
    "詳細",
]


def test_csv_export_of_the_filtered_list(client: Client, world: World, record_at: Any) -> None:
    record_at(
        dt.datetime(2025, 5, 1, 10, 15, 30),
        actor=world.users["ciso"],
        action="test.export",
        obj=world.staff["staff"],
        detail={"理由": "点検"},
    )
    record_at(dt.datetime(2025, 5, 2, 10, 0), actor=None, action="test.other")
    client.force_login(world.users["ciso"])
    response = client.get("/audit/export.csv", {"action": "test.export"}, headers=JA)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    rows = _csv_rows(response)
    assert rows[0] == JA_HEADERS
    assert len(rows) == 2
    row = rows[1]
    assert row[0] == "2025-05-01 10:15:30"  # JST
    assert row[1] == world.users["ciso"].username
    assert row[2] == "test.export"
    assert row[3] == "org.staff"
    assert row[5] == str(world.staff["staff"])
    assert row[6] == "住民記録係"
    assert row[8] == '{"理由": "点検"}'


def test_export_is_itself_recorded_and_not_included(client: Client, world: World) -> None:
    audit_record(actor=None, action="test.exported")
    client.force_login(world.users["ciso"])
    rows = _csv_rows(client.get("/audit/export.csv", {"action": "test."}))
    assert [r[2] for r in rows[1:]] == ["test.exported"]
    record = AuditRecord.objects.filter(action="audittrail.export").get()
    assert record.actor == world.users["ciso"]
    assert record.detail == {"format": "csv", "rows": 1, "filters": {"action": "test."}}


def test_exports_neutralise_formulas(client: Client, world: World) -> None:
    audit_record(actor=None, action="test.formula", detail={}, obj=None)
    AuditRecord.objects.create(
        actor_name='=HYPERLINK("http://x")', action="test.formula2", object_repr="+1+1"
    )
    client.force_login(world.users["ciso"])
    rows = _csv_rows(client.get("/audit/export.csv", {"action": "test.formula2"}))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][5] == "'+1+1"
    response = client.get("/audit/export.xlsx", {"action": "test.formula2"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.cell(row=2, column=2).value == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=2).data_type == "s"


def test_excel_export(client: Client, world: World) -> None:
    audit_record(actor=world.users["csirt"], action="test.xlsx", department=world.depts["ka_b2"])
    client.force_login(world.users["csirt"])
    response = client.get("/audit/export.xlsx", {"action": "test.xlsx"}, headers=JA)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "監査証跡"
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == JA_HEADERS
    assert len(rows) == 2
    assert rows[1][1] == world.users["csirt"].username
    assert rows[1][6] == "資産税課"


def test_export_with_invalid_filter_is_refused(client: Client, world: World, settings: Any) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "mamori_web.portal.middleware.AppErrorMiddleware"]
    client.force_login(world.users["ciso"])
    response = client.get("/audit/export.csv", {"date_from": "not-a-date"})
    assert response.status_code == 400
    assert not AuditRecord.objects.filter(action="audittrail.export").exists()


def test_unknown_export_format_is_404(client: Client, world: World) -> None:
    client.force_login(world.users["ciso"])
    assert client.get("/audit/export.pdf").status_code == 404
