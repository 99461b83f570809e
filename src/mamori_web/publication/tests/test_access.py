"""Role × scope: who sees which 公開前チェック request, who may approve and download.

Requests (world of mamori_web.testing): by `staff` (住民記録係 under 市民課, 市民部), by a
staff member of 保険年金課 (市民部), by one of 市民税課 (税務部), and by the contractor
(市民課). The 課長 is 市民課's, the 部長 is 市民部's.
"""

from __future__ import annotations

import pytest

from mamori_web.errors import NotFound, PermissionDenied
from mamori_web.org.models import Role
from mamori_web.publication import access
from mamori_web.publication.models import PublicationRequest
from mamori_web.testing import World, make_staff

from .conftest import MakeRequest

pytestmark = pytest.mark.django_db

ALL = ["staff", "a2", "b1", "contractor"]

# role -> (requests visible, requests not found)
CASES: dict[str, tuple[list[str], list[str]]] = {
    Role.CISO: (ALL, []),
    Role.SECURITY_DIRECTOR: (ALL, []),
    Role.CSIRT: (ALL, []),
    Role.PRIVACY_OFFICER: (ALL, []),
    Role.IT_OFFICER: (ALL, []),
    # 部長 of 市民部: 市民課 (and its 係) and 保険年金課; nothing of 税務部
    Role.DEPT_HEAD: (["staff", "a2", "contractor"], ["b1"]),
    # 課長 of 市民課: its own 課 and 係; not the sister 課, not the other 部
    Role.SECTION_MANAGER: (["staff", "contractor"], ["a2", "b1"]),
    # staff: their own request only
    Role.STAFF: (["staff"], ["a2", "b1", "contractor"]),
    Role.WHISTLEBLOWING_HANDLER: ([], ALL),
    # a contractor's person: their own request, nothing else of the 課 they work in
    Role.CONTRACTOR: (["contractor"], ["staff", "a2", "b1"]),
}
APPROVERS = {Role.SECTION_MANAGER: ["staff", "contractor"]}


@pytest.fixture
def requests(world: World, make_request: MakeRequest) -> dict[str, PublicationRequest]:
    make_staff(world, "a2", "ka_a2")
    make_staff(world, "b1", "ka_b1")
    return {key: make_request(user_key=key, scan=False) for key in ALL}


def test_every_role_has_cases() -> None:
    assert set(CASES) == set(Role)


def test_the_request_belongs_to_the_applicants_department(
    world: World, requests: dict[str, PublicationRequest]
) -> None:
    assert requests["staff"].department == world.depts["kakari_a1"]
    assert requests["a2"].department == world.depts["ka_a2"]
    assert requests["b1"].department == world.depts["ka_b1"]


@pytest.mark.parametrize("role", list(Role))
def test_inside_scope_is_visible(
    world: World, requests: dict[str, PublicationRequest], role: Role
) -> None:
    user = world.users[str(role)]
    inside, _outside = CASES[role]
    for key in inside:
        found = access.access_request_by_id(user=user, request_id=requests[key].pk)
        assert found.pk == requests[key].pk


@pytest.mark.parametrize("role", list(Role))
def test_outside_scope_is_not_found(
    world: World, requests: dict[str, PublicationRequest], role: Role
) -> None:
    user = world.users[str(role)]
    _inside, outside = CASES[role]
    for key in outside:
        with pytest.raises(NotFound):
            access.access_request_by_id(user=user, request_id=requests[key].pk)


@pytest.mark.parametrize("role", list(Role))
def test_missing_is_the_same_not_found(
    world: World, requests: dict[str, PublicationRequest], role: Role
) -> None:
    missing = max(r.pk for r in requests.values()) + 1000
    with pytest.raises(NotFound) as err:
        access.access_request_by_id(user=world.users[str(role)], request_id=missing)
    assert str(err.value.message) == str(NotFound.default_message)


@pytest.mark.parametrize("role", list(Role))
def test_list_matches_detail_access(
    world: World, requests: dict[str, PublicationRequest], role: Role
) -> None:
    listed = set(access.requests_visible(user=world.users[str(role)]).values_list("pk", flat=True))
    inside, _outside = CASES[role]
    assert listed == {requests[k].pk for k in inside}


@pytest.mark.parametrize("role", list(Role))
def test_only_the_section_manager_approves_their_departments_requests(
    world: World, requests: dict[str, PublicationRequest], role: Role
) -> None:
    user = world.users[str(role)]
    may = set(APPROVERS.get(role, []))
    for key, pub_request in requests.items():
        assert access.can_approve(user, pub_request) == (key in may), key
        if key not in may:
            with pytest.raises(PermissionDenied):
                access.require_approver(user, pub_request)


@pytest.mark.parametrize("role", list(Role))
def test_downloads_are_for_the_applicant_and_the_approver(
    world: World, requests: dict[str, PublicationRequest], role: Role
) -> None:
    user = world.users[str(role)]
    for key, pub_request in requests.items():
        expected = key in APPROVERS.get(role, []) or pub_request.applicant_user_id == user.pk
        assert access.can_download(user, pub_request) == expected, key


def test_a_section_manager_cannot_approve_their_own_request(
    world: World, make_request: MakeRequest
) -> None:
    own = make_request(user_key=str(Role.SECTION_MANAGER), scan=False)
    manager = world.users[str(Role.SECTION_MANAGER)]
    assert access.access_request_by_id(user=manager, request_id=own.pk) == own
    assert not access.can_approve(manager, own)


def test_a_section_manager_assignment_without_subdepartments_stops_at_the_section(
    world: World, requests: dict[str, PublicationRequest]
) -> None:
    from mamori_web.org.models import RoleAssignment

    manager = world.users[str(Role.SECTION_MANAGER)]
    RoleAssignment.objects.filter(user=manager).update(include_subdepartments=False)
    with pytest.raises(NotFound):  # the request of 住民記録係, below 市民課
        access.access_request_by_id(user=manager, request_id=requests["staff"].pk)
    assert not access.can_approve(manager, requests["staff"])


def test_a_department_head_in_another_department_sees_nothing_of_it(
    world: World, requests: dict[str, PublicationRequest]
) -> None:
    from mamori_web.org import services as org_services

    head_b = make_staff(world, "head_b", "bu_b")
    org_services.role_assign(user=head_b.user, role=Role.DEPT_HEAD, department=world.depts["bu_b"])
    user = world.users["head_b"]
    assert access.access_request_by_id(user=user, request_id=requests["b1"].pk)
    for key in ("staff", "a2", "contractor"):
        with pytest.raises(NotFound):
            access.access_request_by_id(user=user, request_id=requests[key].pk)
