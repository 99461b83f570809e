"""Writes to the organisation registers. Each service is one transaction with its audit record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from mamori_web.audittrail.services import audit_record
from mamori_web.errors import ValidationFailed
from mamori_web.org.models import (
    ContractorCompany,
    Department,
    DepartmentLevel,
    Employment,
    Municipality,
    Role,
    RoleAssignment,
    Staff,
)

_CHILD_LEVEL = {None: DepartmentLevel.BU, DepartmentLevel.BU: DepartmentLevel.KA,
                DepartmentLevel.KA: DepartmentLevel.KAKARI}


@transaction.atomic
def department_create(
    *,
    municipality: Municipality,
    code: str,
    name: str,
    parent: Department | None = None,
    level: str | None = None,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Department:
    """Create a department under `parent` (a 部 when there is none).

    The level defaults to one below the parent's (部 → 課 → 係).
    """
    expected = _CHILD_LEVEL.get(DepartmentLevel(parent.level) if parent else None)
    level = level or expected
    if level is None:
        raise ValidationFailed(detail={"parent": "a 係 cannot have sub-departments"})
    dept = Department.objects.create(
        municipality=municipality, parent=parent, code=code, name=name, level=level,
        path="/pending/",
    )
    dept.path = f"{parent.path if parent else '/'}{dept.pk}/"
    dept.save(update_fields=["path"])
    audit_record(actor=actor, action="org.department.create", obj=dept, department=dept,
                 request=request, detail={"code": code, "name": name})
    return dept


@transaction.atomic
def staff_create(
    *,
    municipality: Municipality,
    staff_id: str,
    name: str,
    department: Department,
    employment: str,
    start: dt.date,
    end: dt.date | None = None,
    name_kana: str = "",
    company: ContractorCompany | None = None,
    user: Any = None,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Staff:
    if employment == Employment.CONTRACTOR and company is None:
        raise ValidationFailed(detail={"company": "a contractor needs a contractor company"})
    if end is not None and end < start:
        raise ValidationFailed(detail={"end": "the end of employment is before its start"})
    staff = Staff.objects.create(
        municipality=municipality, staff_id=staff_id, name=name, name_kana=name_kana,
        department=department, employment=employment, start=start, end=end,
        company=company, user=user,
    )
    audit_record(actor=actor, action="org.staff.create", obj=staff, request=request,
                 detail={"staff_id": staff_id, "employment": employment})
    return staff


@transaction.atomic
def role_assign(
    *,
    user: Any,
    role: str,
    department: Department | None = None,
    include_subdepartments: bool = True,
    start: dt.date | None = None,
    end: dt.date | None = None,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> RoleAssignment:
    if role in (Role.DEPT_HEAD, Role.SECTION_MANAGER) and department is None:
        raise ValidationFailed(detail={"department": "this role is assigned to a department"})
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user, role=role, department=department,
        defaults={"include_subdepartments": include_subdepartments, "start": start,
                  "end": end},
    )
    audit_record(actor=actor, action="org.role.assign", obj=assignment, department=department,
                 request=request, detail={"role": role, "user": user.get_username()})
    return assignment
