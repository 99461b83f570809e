"""Importing a sweep report: one transaction with its audit record."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from mamori.pii.sweep import FileEntry, SweepReport, mask
from mamori_web.audittrail.services import audit_record
from mamori_web.errors import ValidationFailed
from mamori_web.org.models import Department, Municipality
from mamori_web.sweep.models import SweepFile, SweepRun

MAX_REPORT_BYTES = 200 * 1024 * 1024


def _parse(data: bytes) -> SweepReport:
    if len(data) > MAX_REPORT_BYTES:
        raise ValidationFailed(_("The report is too large."))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValidationFailed(
            _("The file is not a JSON sweep report: %(error)s") % {"error": err}
        ) from err
    from mamori._exceptions import InputError

    try:
        return SweepReport.from_json(document)
    except InputError as err:
        raise ValidationFailed(
            _("The file is not a sweep report of this version: %(error)s") % {"error": err}
        ) from err


class _Departments:
    """The register's departments matched by code, else by a name that is unique."""

    def __init__(self, municipality: Municipality) -> None:
        self.by_code: dict[str, Department] = {}
        by_name: dict[str, list[Department]] = {}
        for department in Department.objects.filter(municipality=municipality):
            self.by_code[department.code] = department
            by_name.setdefault(department.name, []).append(department)
        self.by_name = {name: found[0] for name, found in by_name.items() if len(found) == 1}

    def match(self, entry: FileEntry) -> Department | None:
        code = entry.department.code
        if code and code in self.by_code:
            return self.by_code[code]
        return self.by_name.get(entry.department.name)


def _when(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def _previews(entry: FileEntry) -> list[dict[str, Any]]:
    # Masked again on the way in: a hand-edited report must not put values in the database.
    return [{**p.to_json(), "preview": mask(p.preview)[:80]} for p in entry.outcome.previews]


@transaction.atomic
def sweep_run_import(
    *,
    municipality: Municipality,
    data: bytes,
    filename: str,
    actor: Any | None,
    request: HttpRequest | None = None,
) -> SweepRun:
    """Store the report in ``data`` as a new run; ValidationFailed if it is not one."""
    report = _parse(data)
    departments = _Departments(municipality)
    source = report.source
    run = SweepRun.objects.create(
        municipality=municipality,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        filename=filename[:255],
        report_sha256=hashlib.sha256(data).hexdigest(),
        generated_at=_when(report.generated_at),
        source_kind=str(source.get("kind") or "")[:20],
        source=str(source.get("root") or "")[:500],
        base_url=str(source.get("base_url") or "")[:500],
        edm=report.edm,
        skipped=dict(report.skipped),
    )
    rows = []
    for entry in report.files:
        o = entry.outcome
        rows.append(
            SweepFile(
                run=run,
                sha256=entry.sha256[:80],
                size=entry.size,
                urls=list(entry.urls),
                pages=list(entry.pages),
                is_page=entry.is_page,
                title=(entry.title or "")[:500],
                department_name=entry.department.name[:100],
                department_code=(entry.department.code or "")[:20],
                department_source=entry.department_source[:10],
                department=departments.match(entry),
                status=o.status,
                error=o.error or "",
                findings=o.findings,
                by_type=dict(o.by_type),
                persons=o.persons,
                households=o.households,
                real_persons=o.real_persons,
                real_households=o.real_households,
                fictitious=o.fictitious,
                previews=_previews(entry),
            )
        )
    SweepFile.objects.bulk_create(rows, batch_size=1000)
    totals = report.totals()
    audit_record(
        actor=actor,
        action="sweep.import",
        obj=run,
        request=request,
        detail={
            "filename": filename,
            "files": totals.files,
            "with_findings": totals.with_findings,
            "unscannable": totals.unscannable,
            "unmatched_departments": sum(1 for r in rows if r.department is None),
        },
    )
    return run
