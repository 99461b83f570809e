"""Pages of the published-site sweep: parse input, check access, call one service or
selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mamori.pii.sweep import xlsx_bytes
from mamori_web.audittrail.services import audit_record
from mamori_web.decorators import signed_in_view
from mamori_web.errors import ValidationFailed
from mamori_web.org.exporting import XLSX_CONTENT_TYPE, content_disposition
from mamori_web.org.selectors import municipality_for
from mamori_web.sweep import selectors, services
from mamori_web.sweep.access import (
    access_sweep_run_by_id,
    can_import_sweeps,
    require_sweep_importer,
    require_sweep_reader,
    sweep_runs_visible,
)
from mamori_web.sweep.forms import SweepImportForm

FLAGGED_LIMIT = 500  # files listed on the page; the Excel export has them all


@require_GET
@signed_in_view
def run_list(request: HttpRequest) -> HttpResponse:
    scope = require_sweep_reader(user=request.user)
    runs = selectors.sweep_run_list(scope=scope, runs=sweep_runs_visible(user=request.user))
    return render(
        request,
        "sweep/list.html",
        {
            "runs": runs,
            "can_import": can_import_sweeps(scope),
            "form": SweepImportForm(),
            "everything": scope.everything,
        },
    )


@require_http_methods(["GET", "POST"])
@signed_in_view
def run_import(request: HttpRequest) -> HttpResponse:
    require_sweep_importer(user=request.user)
    error = None
    form = SweepImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["report"]
        try:
            run = services.sweep_run_import(
                municipality=municipality_for(user=request.user),
                data=upload.read(),
                filename=upload.name or "",
                actor=request.user,
                request=request,
            )
        except ValidationFailed as err:
            error = err.message
        else:
            messages.success(request, _("The sweep report was imported."))
            return redirect("sweep:detail", run_id=run.pk)
    context = {"form": form, "error": error}
    return render(request, "sweep/import.html", context, status=400 if error else 200)


@require_GET
@signed_in_view
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    scope = require_sweep_reader(user=request.user)
    run = access_sweep_run_by_id(user=request.user, run_id=run_id)
    report = selectors.sweep_run_report(scope=scope, run=run)
    departments = report.departments()
    flagged = [f for f in report.files if f.status != "clean"]
    flagged.sort(key=lambda f: (f.status != "unscannable", -f.outcome.persons, f.urls[0]))
    return render(
        request,
        "sweep/detail.html",
        {
            "run": run,
            "report": report,
            "totals": report.totals(),
            "departments": departments,
            "pages": [p for p in report.pages() if p.totals.status != "clean"],
            "flagged": flagged[:FLAGGED_LIMIT],
            "flagged_more": max(0, len(flagged) - FLAGGED_LIMIT),
            "chart_files": [(d.department.name, d.totals.with_findings) for d in departments],
            "chart_persons": [(d.department.name, d.totals.persons) for d in departments],
            "everything": scope.everything,
        },
    )


@require_GET
@signed_in_view
def run_export(request: HttpRequest, run_id: int) -> HttpResponse:
    scope = require_sweep_reader(user=request.user)
    run = access_sweep_run_by_id(user=request.user, run_id=run_id)
    report = selectors.sweep_run_report(scope=scope, run=run)
    audit_record(
        actor=request.user,
        action="sweep.export",
        obj=run,
        request=request,
        detail={
            "format": "xlsx",
            "files": len(report.files),
            "scope": "all" if scope.everything else "departments",
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = HttpResponse(xlsx_bytes(report), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(f"公開サイト点検-{run.pk}-{stamp}.xlsx")
    return response
