"""Reads for the shell and the dashboard.

Every query on organisation data starts from `mamori_web.org.access` (`staff_visible`,
`departments_visible`, `scope_for`), so the dashboard can never show more than the
user's scope allows; the audit trail comes from `audittrail.selectors`, which applies the
security-office policy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mamori_web.audittrail.models import AuditRecord
from mamori_web.audittrail.selectors import audit_records_visible
from mamori_web.org.access import Scope, departments_visible, staff_visible
from mamori_web.org.models import Department, Employment, Municipality, Role, Staff

RECENT_AUDIT_RECORDS = 10
ENDED_WITH_LOGIN_SHOWN = 20


@dataclass(frozen=True)
class ShellHeader:
    municipality_name: str = ""
    user_name: str = ""
    role_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class DepartmentCount:
    department: Department
    staff: int


@dataclass(frozen=True)
class DepartmentSummary:
    """Staff counts of the departments a 部長 / 課長 is responsible for."""

    by_employment: list[tuple[str, int]]
    departments: list[DepartmentCount]
    total: int


@dataclass(frozen=True)
class CitySummary:
    """City-wide figures for the security office."""

    departments: int
    by_employment: list[tuple[str, int]]
    total: int
    ended_with_login_count: int
    ended_with_login: list[Staff] = field(default_factory=list)


def _employed_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start__lte": day}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day})
    )


def role_labels(scope: Scope) -> tuple[str, ...]:
    """The user's roles in the order of `Role`, as translated labels."""
    return tuple(str(role.label) for role in Role if role.value in scope.roles)


def own_staff(*, user: Any) -> Staff | None:
    """The staff record linked to `user`, if it is visible to them (not after it ended)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        staff_visible(user=user)
        .filter(user=user)
        .select_related("department", "company", "municipality")
        .first()
    )


def shell_header(*, user: Any, scope: Scope | None) -> ShellHeader:
    """What the page header shows: the municipality, the user and their roles."""
    staff = own_staff(user=user) if user is not None else None
    if staff is not None:
        municipality_name = staff.municipality.name
    else:
        # Before sign-in (or without a staff record) the name is shown only when the
        # installation serves a single municipality.
        cities = list(Municipality.objects.order_by("pk").values_list("name", flat=True)[:2])
        municipality_name = cities[0] if len(cities) == 1 else ""
    if user is None or not user.is_authenticated:
        return ShellHeader(municipality_name=municipality_name)
    return ShellHeader(
        municipality_name=municipality_name,
        user_name=staff.name if staff is not None else str(user),
        role_labels=role_labels(scope) if scope is not None else (),
    )


def employment_counts(staff: QuerySet[Staff]) -> list[tuple[str, int]]:
    """(label, count) for every employment type in the order of `Employment`, zeros kept."""
    counts = dict(staff.order_by().values_list("employment").annotate(n=Count("pk")))
    return [(str(e.label), counts.get(e.value, 0)) for e in Employment]


def department_summary(
    *, user: Any, scope: Scope, today: dt.date | None = None
) -> DepartmentSummary | None:
    """Counts for a 部長 / 課長's departments (their subtree); None for other roles."""
    if not scope.is_department_manager:
        return None
    today = today or timezone.localdate()
    departments = departments_visible(user=user).filter(active=True)
    staff = staff_visible(user=user).filter(department__in=departments).filter(_employed_on(today))
    per_department = departments.annotate(
        n=Count("staff", filter=_employed_on(today, "staff__"))
    ).order_by("path")
    by_employment = employment_counts(staff)
    return DepartmentSummary(
        by_employment=by_employment,
        departments=[DepartmentCount(department=d, staff=d.n) for d in per_department],
        total=sum(n for _label, n in by_employment),
    )


def city_summary(*, user: Any, scope: Scope, today: dt.date | None = None) -> CitySummary | None:
    """City-wide counts for roles whose scope is the whole municipality; None otherwise."""
    if not scope.everything:
        return None
    today = today or timezone.localdate()
    staff = staff_visible(user=user)
    by_employment = employment_counts(staff.filter(_employed_on(today)))
    # A login that outlives the employment is a way in for a former employee.
    ended = (
        staff.filter(end__lt=today, user__isnull=False, user__is_active=True)
        .select_related("department", "user")
        .order_by("end", "staff_id")
    )
    return CitySummary(
        departments=departments_visible(user=user).filter(active=True).count(),
        by_employment=by_employment,
        total=sum(n for _label, n in by_employment),
        ended_with_login_count=ended.count(),
        ended_with_login=list(ended[:ENDED_WITH_LOGIN_SHOWN]),
    )


def recent_audit_records(*, user: Any) -> list[AuditRecord]:
    """The latest audit records for the security office; empty for everyone else."""
    return list(audit_records_visible(user=user)[:RECENT_AUDIT_RECORDS])
