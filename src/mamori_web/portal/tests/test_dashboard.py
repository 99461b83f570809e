from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings

from mamori_web.audittrail.services import audit_record
from mamori_web.org.models import Employment
from mamori_web.testing import World, make_staff

pytestmark = pytest.mark.django_db

SECURITY_OFFICE = ["ciso", "security_director", "csirt", "privacy_officer", "it_officer"]


def counts(rows: list[tuple[str, int]]) -> dict[str, int]:
    """By employment value; the labels depend on the catalogues installed."""
    assert len(rows) == len(Employment)
    return {e.value: n for e, (_label, n) in zip(Employment, rows, strict=True)}


def get_dashboard(client: Client, user: Any) -> Any:
    client.force_login(user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    return response


@override_settings(LOGIN_URL="/accounts/login/")
def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/")


def test_profile_is_shown_to_everyone(client: Client, world: World) -> None:
    staff = world.staff["staff"]
    response = get_dashboard(client, world.users["staff"])
    assert response.context["profile"] == staff
    html = response.content.decode()
    assert staff.staff_id in html
    assert "住民記録係" in html


def test_staff_sees_no_counts_and_no_audit_records(client: Client, world: World) -> None:
    audit_record(actor=None, action="test.secret-action")
    response = get_dashboard(client, world.users["staff"])
    assert response.context["department_summary"] is None
    assert response.context["city_summary"] is None
    assert response.context["recent_audit"] == []
    assert not response.context["show_audit"]
    assert "test.secret-action" not in response.content.decode()


def test_section_manager_sees_only_their_section(client: Client, world: World) -> None:
    response = get_dashboard(client, world.users["section_manager"])
    summary = response.context["department_summary"]
    names = [row.department.name for row in summary.departments]
    assert names == ["市民課", "住民記録係"]
    # 市民課: 5 security-office users, the 課長, plain staff; 住民記録係: 2; two contractors.
    assert counts(summary.by_employment)["contractor"] == 2
    assert summary.total == 11
    html = response.content.decode()
    assert "税務部" not in html
    assert "市民税課" not in html
    assert "保険年金課" not in html
    assert response.context["city_summary"] is None


def test_dept_head_sees_the_whole_bu_but_not_another(client: Client, world: World) -> None:
    response = get_dashboard(client, world.users["dept_head"])
    summary = response.context["department_summary"]
    names = {row.department.name for row in summary.departments}
    assert names == {"市民部", "市民課", "住民記録係", "保険年金課"}
    assert summary.total == 15
    assert counts(summary.by_employment)["regular"] == 13
    html = response.content.decode()
    assert "税務部" not in html
    assert "<svg" in html


def test_department_counts_leave_out_ended_employment(client: Client, world: World) -> None:
    make_staff(world, "left", "ka_a2", end=dt.date(2021, 3, 31), with_user=False)
    summary = get_dashboard(client, world.users["dept_head"]).context["department_summary"]
    assert summary.total == 15


@pytest.mark.parametrize("role", SECURITY_OFFICE)
def test_security_office_sees_city_wide_counts_and_audit(
    client: Client, world: World, role: str
) -> None:
    response = get_dashboard(client, world.users[role])
    city = response.context["city_summary"]
    assert city.departments == 7
    assert city.total == 19
    assert counts(city.by_employment) == {
        "regular": 16,
        "kaikeinendo": 0,
        "temporary": 0,
        "contractor": 3,
    }
    assert response.context["show_audit"]
    assert len(response.context["recent_audit"]) == 10


def test_recent_audit_records_are_the_latest(client: Client, world: World) -> None:
    audit_record(actor=None, action="test.latest")
    records = get_dashboard(client, world.users["ciso"]).context["recent_audit"]
    assert records[0].action == "test.latest"


def test_ended_employment_with_active_login_is_flagged(client: Client, world: World) -> None:
    gone = make_staff(
        world, "gone", "ka_b2", employment=Employment.TEMPORARY, end=dt.date(2022, 3, 31)
    )
    make_staff(world, "gone_disabled", "ka_b2", end=dt.date(2022, 3, 31))
    world.users["gone_disabled"].is_active = False
    world.users["gone_disabled"].save()
    response = get_dashboard(client, world.users["ciso"])
    city = response.context["city_summary"]
    assert city.ended_with_login_count == 1
    assert city.ended_with_login == [gone]
    assert gone.staff_id in response.content.decode()
    # A 部長 of another 部 never sees it.
    manager = get_dashboard(client, world.users["dept_head"])
    assert manager.context["city_summary"] is None
    assert gone.staff_id not in manager.content.decode()


def test_dashboard_is_japanese(client: Client, world: World) -> None:
    html = get_dashboard(client, world.users["ciso"]).content.decode()
    assert "ダッシュボード" in html
    assert "監査証跡" in html
    assert "未実装" in html


def test_dashboard_in_english_falls_back_to_msgids(client: Client, world: World) -> None:
    client.force_login(world.users["ciso"])
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert "Dashboard" in response.content.decode()


def test_dashboard_refuses_post(client: Client, world: World) -> None:
    client.force_login(world.users["staff"])
    assert client.post("/").status_code == 405
