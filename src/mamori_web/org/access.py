"""Who may see what: the one place where department scope is decided.

Every view and API handler that fetches an object named in request data goes through an
``access_*`` function here (or in the owning app's ``access.py``, built on `scope_q`).
"Missing" and "outside your scope" raise the same `NotFound`, so a 404 never tells a user
that an object exists in another department.

Scope by role (DESIGN.md §2):

=============================  ==========================================================
CISO, 統括, CSIRT, 個人情報保護担当,  the whole municipality
情報システム担当
情報セキュリティ責任者 (部長)        the assigned 部 and everything below it
情報セキュリティ管理者 (課長)        the assigned 課 (and its 係 when the assignment says so)
一般職員, 公益通報対応業務従事者      their own items
委託事業者                          items shared with their company
=============================  ==========================================================

A user may hold several assignments; the scope is their union. Assignments outside their
``start``/``end`` dates do not count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from mamori_web.errors import NotFound, PermissionDenied
from mamori_web.org.models import Department, Role, RoleAssignment, Staff

CITY_WIDE_ROLES = frozenset(
    {Role.CISO, Role.SECURITY_DIRECTOR, Role.CSIRT, Role.PRIVACY_OFFICER, Role.IT_OFFICER}
)
DEPARTMENT_ROLES = frozenset({Role.DEPT_HEAD, Role.SECTION_MANAGER})
# Roles that administer the organisation registers (departments, staff, roles, imports).
ORG_ADMIN_ROLES = frozenset(
    {Role.CISO, Role.SECURITY_DIRECTOR, Role.PRIVACY_OFFICER, Role.IT_OFFICER}
)
# Roles that may read the application's audit trail (the security office).
AUDIT_READER_ROLES = CITY_WIDE_ROLES


@dataclass(frozen=True)
class Scope:
    """What one user may see. Build it with `scope_for`; combine it with `scope_q`."""

    roles: frozenset[str] = frozenset()
    everything: bool = False
    subtree_paths: tuple[str, ...] = ()
    exact_department_ids: tuple[int, ...] = ()
    staff_pk: int | None = None
    company_ids: tuple[int, ...] = ()
    managed_department_ids: tuple[int, ...] = field(default=())

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def is_department_manager(self) -> bool:
        return bool(self.subtree_paths or self.exact_department_ids)


def _active(assignment: RoleAssignment, today: dt.date) -> bool:
    if assignment.start and assignment.start > today:
        return False
    return not (assignment.end and assignment.end < today)


def scope_for(
    user: Any, *, today: dt.date | None = None, roles: frozenset[str] | None = None
) -> Scope:
    """The scope of `user` today, the union of their active role assignments.

    `roles` limits it to the assignments of those roles (e.g. only SECTION_MANAGER: the
    departments where the user is 所属長, for approvals).
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    today = today or timezone.localdate()
    assignments = [
        a
        for a in RoleAssignment.objects.filter(user=user).select_related("department")
        if _active(a, today) and (roles is None or a.role in roles)
    ]
    roles = frozenset(a.role for a in assignments)
    staff = Staff.objects.filter(user=user).only("pk", "company_id", "end").first()
    if staff is not None and staff.end is not None and staff.end < today:
        # Employment ended: nothing is visible any more, whatever the assignments say.
        return Scope()
    subtree: list[str] = []
    exact: list[int] = []
    for a in assignments:
        if a.role in DEPARTMENT_ROLES and a.department is not None:
            if a.include_subdepartments:
                subtree.append(a.department.path)
            else:
                exact.append(a.department.pk)
    companies: tuple[int, ...] = ()
    if Role.CONTRACTOR in roles and staff is not None and staff.company_id is not None:
        companies = (staff.company_id,)
    return Scope(
        roles=roles,
        everything=bool(roles & CITY_WIDE_ROLES),
        subtree_paths=tuple(sorted(set(subtree))),
        exact_department_ids=tuple(sorted(set(exact))),
        staff_pk=staff.pk if staff is not None else None,
        company_ids=companies,
        managed_department_ids=tuple(
            sorted(
                {
                    a.department.pk
                    for a in assignments
                    if a.role in DEPARTMENT_ROLES and a.department is not None
                }
            )
        ),
    )


def scope_q(
    scope: Scope,
    *,
    department: str | None = None,
    owner: str | None = None,
    company: str | None = None,
) -> Q:
    """A filter for objects visible in `scope`.

    `department` is the lookup path to the object's `Department` (e.g. ``"department"``),
    `owner` the lookup of the owning `Staff` primary key (e.g. ``"applicant_id"``),
    `company` the lookup of the `ContractorCompany` it is shared with. Leave out what
    the object does not have.
    """
    if scope.everything:
        return Q()
    conditions = Q(pk__in=[])
    if department is not None:
        for path in scope.subtree_paths:
            conditions |= Q(**{f"{department}__path__startswith": path})
        if scope.exact_department_ids:
            conditions |= Q(**{f"{department}__in": scope.exact_department_ids})
    if owner is not None and scope.staff_pk is not None:
        conditions |= Q(**{owner: scope.staff_pk})
    if company is not None and scope.company_ids:
        conditions |= Q(**{f"{company}__in": scope.company_ids})
    return conditions


# --- Departments -------------------------------------------------------------------------


def departments_visible(*, user: Any) -> QuerySet[Department]:
    scope = scope_for(user)
    qs = Department.objects.all()
    if scope.everything:
        return qs
    visible = Q(pk__in=[])
    for path in scope.subtree_paths:
        visible |= Q(path__startswith=path)
    if scope.exact_department_ids:
        visible |= Q(pk__in=scope.exact_department_ids)
    return qs.filter(visible)


def access_department_by_id(*, user: Any, department_id: int) -> Department:
    try:
        return departments_visible(user=user).get(pk=department_id)
    except Department.DoesNotExist as err:
        raise NotFound from err


# --- Staff -------------------------------------------------------------------------------


def staff_visible(*, user: Any) -> QuerySet[Staff]:
    """Staff records `user` may see: by department, their own, or their company's."""
    scope = scope_for(user)
    return Staff.objects.filter(
        scope_q(scope, department="department", owner="pk", company="company")
    )


def access_staff_by_id(*, user: Any, staff_pk: int) -> Staff:
    try:
        return staff_visible(user=user).select_related("department", "company").get(pk=staff_pk)
    except Staff.DoesNotExist as err:
        raise NotFound from err


# --- Policies (what a role may do, beyond what it may see) --------------------------------


def can_administer_org(user: Any) -> bool:
    return scope_for(user).has_role(*ORG_ADMIN_ROLES)


def require_org_admin(user: Any) -> None:
    if not can_administer_org(user):
        raise PermissionDenied


def can_read_audit_trail(user: Any) -> bool:
    return scope_for(user).has_role(*AUDIT_READER_ROLES)
