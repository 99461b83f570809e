"""Writes to the organisation registers. Each service is one transaction with its audit record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mamori_web.audittrail.services import audit_record
from mamori_web.errors import ValidationFailed
from mamori_web.org import importing
from mamori_web.org.importing import ImportFileError, ImportReport
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

_CHILD_LEVEL = {
    None: DepartmentLevel.BU,
    DepartmentLevel.BU: DepartmentLevel.KA,
    DepartmentLevel.KA: DepartmentLevel.KAKARI,
}


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
        raise ValidationFailed(
            _("A unit (kakari) cannot have sub-departments."),
            detail={"parent": "a 係 cannot have sub-departments"},
        )
    dept = _department_insert(
        municipality=municipality, code=code, name=name, parent=parent, level=level
    )
    audit_record(
        actor=actor,
        action="org.department.create",
        obj=dept,
        department=dept,
        request=request,
        detail={"code": code, "name": name},
    )
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
        raise ValidationFailed(
            _("A contractor needs a contractor company."),
            detail={"company": "a contractor needs a contractor company"},
        )
    if end is not None and end < start:
        raise ValidationFailed(
            _("The end of employment is before its start."),
            detail={"end": "the end of employment is before its start"},
        )
    staff = Staff.objects.create(
        municipality=municipality,
        staff_id=staff_id,
        name=name,
        name_kana=name_kana,
        department=department,
        employment=employment,
        start=start,
        end=end,
        company=company,
        user=user,
    )
    audit_record(
        actor=actor,
        action="org.staff.create",
        obj=staff,
        request=request,
        detail={"staff_id": staff_id, "employment": employment},
    )
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
        raise ValidationFailed(
            _("This role is assigned to a department."),
            detail={"department": "this role is assigned to a department"},
        )
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user,
        role=role,
        department=department,
        defaults={"include_subdepartments": include_subdepartments, "start": start, "end": end},
    )
    audit_record(
        actor=actor,
        action="org.role.assign",
        obj=assignment,
        department=department,
        request=request,
        detail={"role": role, "user": user.get_username()},
    )
    return assignment


def _department_insert(
    *, municipality: Municipality, code: str, name: str, parent: Department | None, level: str
) -> Department:
    """Insert a department and give it its materialised path (no audit record)."""
    dept = Department.objects.create(
        municipality=municipality,
        parent=parent,
        code=code,
        name=name,
        level=level,
        path="/pending/",
    )
    dept.path = f"{parent.path if parent else '/'}{dept.pk}/"
    dept.save(update_fields=["path"])
    return dept


def _department_reparent(dept: Department, parent: Department | None) -> tuple[str, str]:
    """Move `dept` (and its subtree) under `parent`; returns (old path, new path)."""
    old = dept.path
    new = f"{parent.path if parent else '/'}{dept.pk}/"
    dept.parent = parent
    Department.objects.filter(path__startswith=old).update(
        path=Concat(Value(new), Substr("path", len(old) + 1), output_field=CharField())
    )
    dept.path = new
    return old, new


# --- Import ------------------------------------------------------------------------------


def departments_import(
    *,
    municipality: Municipality,
    data: bytes,
    filename: str = "",
    actor: Any = None,
    request: HttpRequest | None = None,
) -> ImportReport:
    """Create or update departments from a CSV or Excel file (upsert by code).

    Good rows are written in one transaction with one audit record; rejected rows are
    reported. A file-level problem raises `ImportFileError` and writes nothing.
    """
    table = importing.read_table(data, filename)
    rows, errors = importing.parse_department_rows(table)
    with transaction.atomic():
        by_code = {
            d.code: d
            for d in Department.objects.select_for_update(of=("self",))
            .filter(municipality=municipality)
            .select_related("parent")
        }
        existing = {
            code: importing.DepartmentState(
                d.name, d.parent.code if d.parent else "", DepartmentLevel(d.level)
            )
            for code, d in by_code.items()
        }
        final, plan_errors = importing.plan_departments(rows, existing)
        report = ImportReport(
            kind="departments", rejected=sorted(errors + plan_errors, key=lambda e: e.row)
        )
        combined = {**existing, **final}

        def depth(code: str) -> int:
            parent_code = combined[code].parent_code
            return 0 if not parent_code else 1 + depth(parent_code)

        for code in sorted(final, key=depth):
            state = final[code]
            parent = by_code[state.parent_code] if state.parent_code else None
            dept = by_code.get(code)
            if dept is None:
                by_code[code] = _department_insert(
                    municipality=municipality,
                    code=code,
                    name=state.name,
                    parent=parent,
                    level=state.level,
                )
                report.created += 1
                continue
            changed: list[str] = []
            if dept.parent_id != (parent.pk if parent else None):
                old, new = _department_reparent(dept, parent)
                for other in by_code.values():
                    if other is not dept and other.path.startswith(old):
                        other.path = new + other.path[len(old) :]
                changed += ["parent", "path"]
            if dept.name != state.name:
                dept.name = state.name
                changed.append("name")
            if dept.level != state.level:
                dept.level = state.level
                changed.append("level")
            if changed:
                dept.save(update_fields=changed)
                report.updated += 1
            else:
                report.unchanged += 1
        audit_record(
            actor=actor,
            action="org.import.departments",
            request=request,
            detail=report.audit_detail(),
        )
    return report


def staff_import(
    *,
    municipality: Municipality,
    data: bytes,
    filename: str = "",
    actor: Any = None,
    request: HttpRequest | None = None,
) -> ImportReport:
    """Create or update staff from a CSV or Excel file (upsert by staff id).

    Contractor companies named in the file are created when missing. Good rows are written
    in one transaction with one audit record that holds counts only, no personal data.
    """
    table = importing.read_table(data, filename)
    departments = {d.code: d for d in Department.objects.filter(municipality=municipality)}
    names: dict[str, list[str]] = {}
    for code, dept in departments.items():
        names.setdefault(dept.name, []).append(code)
    rows, errors = importing.parse_staff_rows(
        table, department_codes=departments.keys(), department_names=names
    )
    report = ImportReport(kind="staff", rejected=errors)
    companies_created = 0
    with transaction.atomic():
        existing: dict[str, Staff] = {}
        ids = [r.staff_id for r in rows]
        for i in range(0, len(ids), 500):
            for s in Staff.objects.select_for_update().filter(staff_id__in=ids[i : i + 500]):
                existing[s.staff_id] = s
        companies = {c.name: c for c in ContractorCompany.objects.filter(municipality=municipality)}
        for row in rows:
            staff = existing.get(row.staff_id)
            if staff is not None and staff.municipality_id != municipality.pk:
                report.rejected.append(
                    importing.RowError(
                        row.row, importing.Reason.OTHER_MUNICIPALITY, "staff_id", row.staff_id
                    )
                )
                continue
            values: dict[str, Any] = {
                "name": row.name,
                "department_id": departments[row.department_code].pk,
                "employment": row.employment.value,
                "start": row.start,
            }
            if row.name_kana is not None or staff is None:
                values["name_kana"] = row.name_kana or ""
            if row.has_end_column or staff is None:
                values["end"] = row.end
            if row.has_company_column or staff is None:
                company = None
                if row.company:
                    company = companies.get(row.company)
                    if company is None:
                        company = ContractorCompany.objects.create(
                            municipality=municipality, name=row.company
                        )
                        companies[row.company] = company
                        companies_created += 1
                values["company_id"] = company.pk if company else None
            if staff is None:
                Staff.objects.create(municipality=municipality, staff_id=row.staff_id, **values)
                report.created += 1
                continue
            changed = [f for f, v in values.items() if getattr(staff, f) != v]
            if changed:
                for f in changed:
                    setattr(staff, f, values[f])
                staff.save(update_fields=changed)
                report.updated += 1
            else:
                report.unchanged += 1
        report.rejected.sort(key=lambda e: e.row)
        audit_record(
            actor=actor,
            action="org.import.staff",
            request=request,
            detail={**report.audit_detail(), "companies_created": companies_created},
        )
    return report


@dataclass
class OrgImportResult:
    """The outcome of importing a departments file and/or a staff file."""

    reports: list[ImportReport] = field(default_factory=list)
    # kind ("departments" / "staff") → the file-level error; that file imported nothing.
    file_errors: dict[str, str] = field(default_factory=dict)


def org_files_import(
    *,
    municipality: Municipality,
    departments: tuple[bytes, str] | None = None,
    staff: tuple[bytes, str] | None = None,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> OrgImportResult:
    """Import departments first (staff refer to them), then staff; each (data, filename).

    Each file is its own transaction; a file-level error in one is reported and does not
    stop the other (staff then import against the departments that exist).
    """
    result = OrgImportResult()
    steps = (("departments", departments, departments_import), ("staff", staff, staff_import))
    for kind, upload, service in steps:
        if upload is None:
            continue
        data, filename = upload
        try:
            result.reports.append(
                service(
                    municipality=municipality,
                    data=data,
                    filename=filename,
                    actor=actor,
                    request=request,
                )
            )
        except ImportFileError as err:
            result.file_errors[kind] = str(err.message)
    return result
