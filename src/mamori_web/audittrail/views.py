"""The audit trail page: read-only, for the security office only.

Other users get the same 404 as for a page that does not exist. The page answers GET
only; there is no code path that edits or deletes a record.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mamori_web.audittrail import exports
from mamori_web.audittrail.forms import AuditFilterForm
from mamori_web.audittrail.models import AuditRecord
from mamori_web.audittrail.selectors import (
    access_audit_trail,
    audit_object_types,
    audit_records_filter,
)
from mamori_web.audittrail.services import audit_record
from mamori_web.errors import NotFound, ValidationFailed
from mamori_web.org.access import departments_visible

PAGE_SIZE = 50
FILTER_FIELDS = ("date_from", "date_to", "actor", "action", "object_type", "department")


def _form(request: HttpRequest, records: QuerySet[AuditRecord]) -> AuditFilterForm:
    data = request.GET if any(request.GET.get(f) for f in FILTER_FIELDS) else None
    return AuditFilterForm(
        data,
        departments=departments_visible(user=request.user),
        object_types=audit_object_types(records=records),
    )


def _filtered(form: AuditFilterForm, records: QuerySet[AuditRecord]) -> QuerySet[AuditRecord]:
    if not form.is_bound:
        return records
    form.is_valid()  # apply the fields that are valid; errors are shown next to the others
    cleaned = form.cleaned_data
    return audit_records_filter(
        records=records,
        date_from=cleaned.get("date_from"),
        date_to=cleaned.get("date_to"),
        actor=cleaned.get("actor") or "",
        action=cleaned.get("action") or "",
        object_type=cleaned.get("object_type") or "",
        department=cleaned.get("department"),
    )


@require_GET
@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    records = access_audit_trail(user=request.user)
    form = _form(request, records)
    page = Paginator(_filtered(form, records), PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "filtered": form.is_bound,
    }
    return render(request, "audittrail/list.html", context)


@require_GET
@login_required
def audit_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    records = access_audit_trail(user=request.user)
    if fmt not in ("csv", "xlsx"):
        raise NotFound
    form = _form(request, records)
    if form.is_bound and not form.is_valid():
        raise ValidationFailed(detail=form.errors.get_json_data())
    selected = _filtered(form, records)
    # Freeze the selection before the export itself is recorded.
    last = selected.aggregate(last=Max("pk"))["last"]
    selected = selected.filter(pk__lte=last) if last is not None else selected.none()
    audit_record(
        actor=request.user,
        action="audittrail.export",
        request=request,
        detail={
            "format": fmt,
            "rows": selected.count(),
            "filters": {f: request.GET.get(f, "") for f in FILTER_FIELDS if request.GET.get(f)},
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    filename = f"audit-trail-{stamp}.{fmt}"
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(selected), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.xlsx_bytes(selected, sheet_title=_("Audit trail")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
