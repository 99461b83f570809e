"""Reads of the organisation registers, always through the user's scope (`access.py`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mamori_web.errors import NotFound
from mamori_web.org.access import access_department_by_id, departments_visible, staff_visible
from mamori_web.org.models import Department, Municipality, RoleAssignment, Staff

STATUS_ACTIVE = "active"
STATUS_ENDED = "ended"


@dataclass(frozen=True)
class DepartmentNode:
    department: Department
    depth: int  # 0 for the shallowest department the user sees
    staff_count: int  # active staff placed directly in this department
    subtree_staff_count: int  # … in it and everything below it that the user sees

    @property
    def indent(self) -> str:
        return "\u3000" * self.depth  # full-width spaces, readable without CSS


def _active_q(today: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": today})


def department_tree(*, user: Any, today: dt.date | None = None) -> list[DepartmentNode]:
    """The departments `user` sees, in tree order, with counts of the staff they see."""
    today = today or timezone.localdate()
    departments = list(departments_visible(user=user).select_related("parent").order_by("path"))
    counts = dict(
        staff_visible(user=user)
        .filter(_active_q(today))
        .order_by()
        .values("department_id")
        .annotate(n=Count("pk"))
        .values_list("department_id", "n")
    )
    top = min((d.depth for d in departments), default=0)
    nodes = []
    for d in departments:
        subtree = sum(
            counts.get(other.pk, 0) for other in departments if other.path.startswith(d.path)
        )
        nodes.append(
            DepartmentNode(
                department=d,
                depth=d.depth - top,
                staff_count=counts.get(d.pk, 0),
                subtree_staff_count=subtree,
            )
        )
    return nodes


def department_choices(*, user: Any) -> QuerySet[Department]:
    return departments_visible(user=user).order_by("path")


def staff_list(
    *,
    user: Any,
    department_id: int | None = None,
    employment: str = "",
    status: str = "",
    text: str = "",
    today: dt.date | None = None,
) -> QuerySet[Staff]:
    """Staff `user` sees, filtered. A department filter covers its sub-departments; a
    department outside the user's scope raises `NotFound`."""
    today = today or timezone.localdate()
    qs = staff_visible(user=user).select_related("department", "company")
    if department_id is not None:
        department = access_department_by_id(user=user, department_id=department_id)
        qs = qs.filter(department__path__startswith=department.path)
    if employment:
        qs = qs.filter(employment=employment)
    if status == STATUS_ACTIVE:
        qs = qs.filter(_active_q(today))
    elif status == STATUS_ENDED:
        qs = qs.filter(end__lt=today)
    if text:
        qs = qs.filter(
            Q(name__icontains=text) | Q(name_kana__icontains=text) | Q(staff_id__icontains=text)
        )
    return qs.order_by("staff_id")


def staff_for_export(*, user: Any) -> QuerySet[Staff]:
    return staff_visible(user=user).select_related("department", "company").order_by("staff_id")


def departments_for_export(*, user: Any) -> QuerySet[Department]:
    return departments_visible(user=user).select_related("parent").order_by("path")


def role_assignment_list() -> QuerySet[RoleAssignment]:
    """All role assignments (for org administrators; the view checks the policy)."""
    return RoleAssignment.objects.select_related("user", "department").order_by(
        "department__path", "role", "user__username"
    )


def municipality_for(*, user: Any) -> Municipality:
    """The municipality `user` works for: that of their staff record, else the only one."""
    staff = Staff.objects.filter(user=user).select_related("municipality").first()
    if staff is not None:
        return staff.municipality
    municipalities = list(Municipality.objects.all()[:2])
    if len(municipalities) != 1:
        raise NotFound
    return municipalities[0]
