"""Reads for the sweep pages: the runs, and a run's report within the user's scope.

The page and department views are those of the library (`mamori.pii.sweep.SweepReport`),
rebuilt from the rows the user may see, so the web page, the Excel export and
`mamori sweep` agree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from mamori.pii.sweep import Department, FileEntry, Preview, ScanOutcome, SweepReport
from mamori_web.org.access import Scope, scope_q
from mamori_web.sweep.access import sweep_files_visible
from mamori_web.sweep.models import FileStatus, SweepFile, SweepRun


def sweep_run_list(*, scope: Scope, runs: QuerySet[SweepRun]) -> list[dict[str, Any]]:
    """Each run with the totals of the rows ``scope`` may see."""
    visible = scope_q(scope, department="files__department")
    annotated = runs.annotate(
        file_count=Count("files", filter=visible),
        with_findings=Count("files", filter=visible & Q(files__status=FileStatus.FINDINGS)),
        unscannable=Count("files", filter=visible & Q(files__status=FileStatus.UNSCANNABLE)),
        persons=Sum("files__persons", filter=visible, default=0),
        real_persons=Sum("files__real_persons", filter=visible, default=0),
    ).select_related("imported_by")
    return [{"run": run} for run in annotated]


def _entry(row: SweepFile) -> FileEntry:
    return FileEntry(
        sha256=row.sha256,
        size=row.size,
        urls=tuple(row.urls) or (row.sha256,),
        paths=(),
        pages=tuple(row.pages),
        is_page=row.is_page,
        title=row.title or None,
        department=Department(row.department_name, row.department_code or None),
        department_source=row.department_source,
        outcome=ScanOutcome(
            status=row.status,
            error=row.error or None,
            findings=row.findings,
            by_type=dict(row.by_type),
            persons=row.persons,
            households=row.households,
            real_persons=row.real_persons,
            real_households=row.real_households,
            fictitious=row.fictitious,
            previews=tuple(
                Preview(
                    type=str(p.get("type", "")),
                    preview=str(p.get("preview", "")),
                    page=p.get("page"),
                    sheet=p.get("sheet"),
                    cell=p.get("cell"),
                )
                for p in row.previews
            ),
        ),
    )


def sweep_run_report(*, scope: Scope, run: SweepRun) -> SweepReport:
    """The run's report, holding only the rows ``scope`` may see."""
    rows = sweep_files_visible(scope=scope, run=run).order_by("id")
    return SweepReport(
        files=tuple(_entry(row) for row in rows.iterator(chunk_size=2000)),
        source={"kind": run.source_kind, "root": run.source, "base_url": run.base_url or None},
        edm=run.edm,
        generated_at=run.generated_at.isoformat() if run.generated_at else None,
        skipped=dict(run.skipped) if scope.everything else {},
    )
