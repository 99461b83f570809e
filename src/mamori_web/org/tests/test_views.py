"""Organisation pages: scope and permissions per role."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mamori_web.audittrail.models import AuditRecord
from mamori_web.org.exporting import XLSX_CONTENT_TYPE
from mamori_web.org.models import Role, RoleAssignment, Staff
from mamori_web.org.tests.files import STAFF_HEADER, csv_bytes, xlsx_rows
from mamori_web.testing import World

pytestmark = pytest.mark.django_db


def client_for(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.users[key])
    return client


def test_department_tree_is_scoped(world: World) -> None:
    page = client_for(world, "dept_head").get(reverse("org:departments")).content.decode()
    assert "市民課" in page
    assert "住民記録係" in page
    assert "税務部" not in page
    everything = client_for(world, "ciso").get(reverse("org:departments")).content.decode()
    assert "税務部" in everything


def test_staff_list_is_scoped_and_filtered(world: World) -> None:
    client = client_for(world, "dept_head")
    page = client.get(reverse("org:staff_list")).content.decode()
    assert world.staff["plain_ka_a2"].staff_id in page
    assert world.staff["plain_ka_b1"].staff_id not in page
    filtered = client.get(
        reverse("org:staff_list"), {"department": world.depts["ka_a2"].pk}
    ).content.decode()
    assert world.staff["plain_ka_a2"].staff_id in filtered
    assert world.staff["plain_ka_a1"].staff_id not in filtered
    contractors = client.get(reverse("org:staff_list"), {"employment": "contractor"})
    ids = {s.staff_id for s in contractors.context["page"].object_list}
    assert ids == {world.staff["contractor"].staff_id, world.staff["other_worker"].staff_id}
    found = client.get(reverse("org:staff_list"), {"q": world.staff["plain_bu_a"].staff_id})
    assert [s.pk for s in found.context["page"].object_list] == [world.staff["plain_bu_a"].pk]


def test_staff_list_department_filter_cannot_name_another_department(world: World) -> None:
    # A department outside the scope is not a choice: the filter is ignored, nothing leaks.
    response = client_for(world, "dept_head").get(
        reverse("org:staff_list"), {"department": world.depts["ka_b1"].pk}
    )
    assert response.status_code == 200
    assert world.staff["plain_ka_b1"].staff_id not in response.content.decode()


def test_staff_list_status_filter(world: World) -> None:
    import datetime as dt

    ended = world.staff["plain_ka_a2"]
    ended.end = dt.date(2021, 3, 31)
    ended.save(update_fields=["end"])
    client = client_for(world, "ciso")
    active = client.get(reverse("org:staff_list"), {"status": "active"}).context["page"]
    gone = client.get(reverse("org:staff_list"), {"status": "ended"}).context["page"]
    assert ended not in list(active.object_list)
    assert list(gone.object_list) == [ended]


def test_staff_detail_inside_and_outside_scope(world: World) -> None:
    client = client_for(world, "dept_head")
    inside = client.get(reverse("org:staff_detail", args=[world.staff["plain_ka_a2"].pk]))
    assert inside.status_code == 200
    outside = client.get(reverse("org:staff_detail", args=[world.staff["plain_ka_b1"].pk]))
    assert outside.status_code == 404
    missing = client.get(reverse("org:staff_detail", args=[999999]))
    assert missing.status_code == 404


@pytest.mark.parametrize("key", ["staff", "dept_head", "section_manager", "contractor", "csirt"])
def test_import_is_for_org_admins_only(world: World, key: str) -> None:
    client = client_for(world, key)
    assert client.get(reverse("org:import")).status_code in (403, 404)
    upload = SimpleUploadedFile(
        "s.csv",
        csv_bytes(STAFF_HEADER, [["E9001", "見本", "", "A1", "", "regular", "2024-04-01", "", ""]]),
    )
    response = client.post(reverse("org:import"), {"staff": upload})
    assert response.status_code in (403, 404)
    assert not Staff.objects.filter(staff_id="E9001").exists()


def test_import_shows_report_with_rejected_rows(world: World) -> None:
    client = client_for(world, "privacy_officer")
    assert client.get(reverse("org:import")).status_code == 200
    rows = [
        ["E9101", "見本 画面", "", "A1", "", "regular", "2024-04-01", "", ""],
        ["E9102", "見本 画面", "", "A1", "", "regular", "2024-99-01", "", ""],
    ]
    upload = SimpleUploadedFile("s.csv", csv_bytes(STAFF_HEADER, rows, encoding="cp932"))
    client.cookies["django_language"] = "en"
    response = client.post(reverse("org:import"), {"staff": upload})
    assert response.status_code == 200
    report = response.context["result"].reports[0]
    assert (report.created, [e.row for e in report.rejected]) == (1, [3])
    assert "start of employment is not a date: 2024-99-01." in response.content.decode()
    record = AuditRecord.objects.get(action="org.import.staff")
    assert record.actor == world.users["privacy_officer"]


def test_import_file_error_is_shown(world: World) -> None:
    client = client_for(world, "it_officer")
    upload = SimpleUploadedFile("s.csv", csv_bytes(["staff_id"], [["E9201"]]))
    response = client.post(reverse("org:import"), {"staff": upload})
    assert response.status_code == 200
    assert "staff" in response.context["result"].file_errors


def test_exports_are_scoped_downloads(world: World) -> None:
    response = client_for(world, "section_manager").get(reverse("org:export_staff"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    ids = {r[0] for r in xlsx_rows(response.content)[1:]}
    assert world.staff["plain_ka_a1"].staff_id in ids
    assert world.staff["plain_ka_a2"].staff_id not in ids
    tree = client_for(world, "section_manager").get(reverse("org:export_departments"))
    assert {r[0] for r in xlsx_rows(tree.content)[1:]} == {"A1", "A1a"}


def test_roles_page_and_assignment(world: World) -> None:
    assert client_for(world, "dept_head").get(reverse("org:roles")).status_code == 403
    client = client_for(world, "security_director")
    assert client.get(reverse("org:roles")).status_code == 200
    target = world.users["staff"]
    response = client.post(
        reverse("org:roles"),
        {
            "user": target.pk,
            "role": Role.SECTION_MANAGER,
            "department": world.depts["ka_b1"].pk,
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=target, role=Role.SECTION_MANAGER)
    assert (assignment.department, assignment.include_subdepartments) == (
        world.depts["ka_b1"],
        False,  # an unticked checkbox
    )
    assert AuditRecord.objects.filter(action="org.role.assign", object_id=str(assignment.pk))


def test_role_that_needs_a_department_is_refused_without_one(world: World) -> None:
    client = client_for(world, "ciso")
    response = client.post(
        reverse("org:roles"), {"user": world.users["staff"].pk, "role": Role.DEPT_HEAD}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["department"]
    assert not RoleAssignment.objects.filter(user=world.users["staff"], role=Role.DEPT_HEAD)


def test_roles_post_by_non_admin_changes_nothing(world: World) -> None:
    client = client_for(world, "section_manager")
    response = client.post(
        reverse("org:roles"), {"user": world.users["section_manager"].pk, "role": Role.CISO}
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(role=Role.CISO, user=world.users["section_manager"])


@pytest.mark.parametrize(
    "name", ["org:departments", "org:staff_list", "org:import", "org:export_staff", "org:roles"]
)
def test_signed_out_users_are_sent_to_login(world: World, name: str) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_pages_render_in_japanese(world: World) -> None:
    client = client_for(world, "ciso")
    page = client.get(reverse("org:departments"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "組織一覧" in page
    staff = client.get(reverse("org:staff_list"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "職員一覧" in staff
    assert "委託事業者" in staff  # an employment label
