"""Role × scope: every role sees what is inside its scope and gets NotFound outside it.

The world (mamori_web.testing.make_world) has 市民部 (bu_a) with 市民課 (ka_a1, which has
住民記録係 kakari_a1) and 保険年金課 (ka_a2), and 税務部 (bu_b) with two 課. The
department roles sit in 市民部 / 市民課; contractors belong to 試験システム株式会社 (acme).
"""

from __future__ import annotations

import datetime as dt

import pytest

from mamori_web.errors import NotFound
from mamori_web.org import access
from mamori_web.org.models import Role, RoleAssignment, Staff
from mamori_web.testing import World

pytestmark = pytest.mark.django_db

# role -> (staff keys inside the scope, staff keys outside it)
CASES: dict[str, tuple[list[str], list[str]]] = {
    Role.CISO: (["plain_ka_b2", "plain_kakari_a1", "acme_worker"], []),
    Role.SECURITY_DIRECTOR: (["plain_ka_b2", "plain_bu_a", "other_worker"], []),
    Role.CSIRT: (["plain_ka_b1", "plain_ka_a2"], []),
    Role.PRIVACY_OFFICER: (["plain_ka_b1", "plain_bu_b"], []),
    Role.IT_OFFICER: (["plain_ka_b2", "acme_worker"], []),
    # 部長 of 市民部: the 部 itself, its 課 and the 係 below; nothing of 税務部.
    Role.DEPT_HEAD: (
        ["plain_bu_a", "plain_ka_a1", "plain_ka_a2", "plain_kakari_a1", "other_worker"],
        ["plain_bu_b", "plain_ka_b1", "plain_ka_b2", "acme_worker"],
    ),
    # 課長 of 市民課: the 課 and its 係; not the 部 above, not the sister 課.
    Role.SECTION_MANAGER: (
        ["plain_ka_a1", "plain_kakari_a1", "other_worker"],
        ["plain_bu_a", "plain_ka_a2", "plain_ka_b1", "acme_worker"],
    ),
    # Staff: their own record only, not even a colleague in the same 係.
    Role.STAFF: (["staff"], ["plain_kakari_a1", "plain_ka_a1", "plain_ka_b1"]),
    Role.WHISTLEBLOWING_HANDLER: (["whistleblowing_handler"], ["plain_ka_a2", "plain_ka_b1"]),
    # Contractor: what is shared with their own company, wherever it sits.
    Role.CONTRACTOR: (["contractor", "acme_worker"], ["other_worker", "plain_ka_a1"]),
}


def test_every_role_has_cases() -> None:
    assert set(CASES) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_inside_scope_is_visible(world: World, role: Role) -> None:
    user = world.users[str(role)]
    inside, _outside = CASES[role]
    assert inside, "every role must see something"
    for key in inside:
        staff = access.access_staff_by_id(user=user, staff_pk=world.staff[key].pk)
        assert staff.pk == world.staff[key].pk


@pytest.mark.parametrize("role", list(Role))
def test_outside_scope_is_not_found(world: World, role: Role) -> None:
    user = world.users[str(role)]
    _inside, outside = CASES[role]
    for key in outside:
        with pytest.raises(NotFound):
            access.access_staff_by_id(user=user, staff_pk=world.staff[key].pk)


@pytest.mark.parametrize("role", list(Role))
def test_missing_object_is_the_same_not_found(world: World, role: Role) -> None:
    user = world.users[str(role)]
    missing = Staff.objects.order_by("-pk").first().pk + 1000  # type: ignore[union-attr]
    with pytest.raises(NotFound) as missing_err:
        access.access_staff_by_id(user=user, staff_pk=missing)
    assert missing_err.value.status == 404
    assert str(missing_err.value.message) == str(NotFound.default_message)


@pytest.mark.parametrize("role", list(Role))
def test_list_matches_detail_access(world: World, role: Role) -> None:
    """The list a role sees is exactly the set of records it may open."""
    user = world.users[str(role)]
    listed = set(access.staff_visible(user=user).values_list("pk", flat=True))
    inside, outside = CASES[role]
    assert {world.staff[k].pk for k in inside} <= listed
    assert not {world.staff[k].pk for k in outside} & listed


def test_city_wide_roles_see_every_staff_record(world: World) -> None:
    total = Staff.objects.count()
    for role in access.CITY_WIDE_ROLES:
        assert access.staff_visible(user=world.users[str(role)]).count() == total


def test_section_manager_without_subdepartments_sees_only_the_section(world: World) -> None:
    manager = world.users[str(Role.SECTION_MANAGER)]
    RoleAssignment.objects.filter(user=manager).update(include_subdepartments=False)
    access.access_staff_by_id(user=manager, staff_pk=world.staff["plain_ka_a1"].pk)
    with pytest.raises(NotFound):
        access.access_staff_by_id(user=manager, staff_pk=world.staff["plain_kakari_a1"].pk)


def test_expired_assignment_grants_nothing(world: World) -> None:
    head = world.users[str(Role.DEPT_HEAD)]
    RoleAssignment.objects.filter(user=head).update(end=dt.date(2020, 3, 31))
    with pytest.raises(NotFound):
        access.access_staff_by_id(user=head, staff_pk=world.staff["plain_ka_a2"].pk)
    assert access.scope_for(head).roles == frozenset()


def test_future_assignment_grants_nothing_yet(world: World) -> None:
    head = world.users[str(Role.DEPT_HEAD)]
    RoleAssignment.objects.filter(user=head).update(start=dt.date(2999, 4, 1))
    with pytest.raises(NotFound):
        access.access_staff_by_id(user=head, staff_pk=world.staff["plain_ka_a2"].pk)


def test_ended_employment_sees_nothing_even_as_ciso(world: World) -> None:
    ciso = world.users[str(Role.CISO)]
    Staff.objects.filter(user=ciso).update(end=dt.date(2021, 3, 31))
    assert access.staff_visible(user=ciso).count() == 0
    assert not access.can_read_audit_trail(ciso)


def test_inactive_or_anonymous_user_sees_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    ciso = world.users[str(Role.CISO)]
    ciso.is_active = False
    assert access.staff_visible(user=ciso).count() == 0
    assert access.staff_visible(user=AnonymousUser()).count() == 0


def test_union_of_two_assignments(world: World) -> None:
    from mamori_web.org.services import role_assign

    manager = world.users[str(Role.SECTION_MANAGER)]
    role_assign(user=manager, role=Role.SECTION_MANAGER, department=world.depts["ka_b2"])
    access.access_staff_by_id(user=manager, staff_pk=world.staff["plain_ka_b2"].pk)
    access.access_staff_by_id(user=manager, staff_pk=world.staff["plain_kakari_a1"].pk)
    with pytest.raises(NotFound):
        access.access_staff_by_id(user=manager, staff_pk=world.staff["plain_ka_b1"].pk)


@pytest.mark.parametrize(
    ("role", "departments_inside", "departments_outside"),
    [
        (Role.DEPT_HEAD, ["bu_a", "ka_a1", "kakari_a1", "ka_a2"], ["bu_b", "ka_b1"]),
        (Role.SECTION_MANAGER, ["ka_a1", "kakari_a1"], ["bu_a", "ka_a2", "ka_b1"]),
        (Role.STAFF, [], ["kakari_a1", "bu_a"]),
        (Role.CONTRACTOR, [], ["ka_a1"]),
        (Role.CISO, ["bu_a", "ka_b2"], []),
    ],
)
def test_department_access(
    world: World, role: Role, departments_inside: list[str], departments_outside: list[str]
) -> None:
    user = world.users[str(role)]
    for key in departments_inside:
        access.access_department_by_id(user=user, department_id=world.depts[key].pk)
    for key in departments_outside:
        with pytest.raises(NotFound):
            access.access_department_by_id(user=user, department_id=world.depts[key].pk)


@pytest.mark.parametrize("role", list(Role))
def test_org_admin_and_audit_reader_policies(world: World, role: Role) -> None:
    user = world.users[str(role)]
    assert access.can_administer_org(user) == (role in access.ORG_ADMIN_ROLES)
    assert access.can_read_audit_trail(user) == (role in access.AUDIT_READER_ROLES)
