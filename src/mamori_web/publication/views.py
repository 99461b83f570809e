"""Pages of the 公開前チェック: parse input, check access, call one service or selector,
render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mamori_web.decorators import signed_in_view
from mamori_web.errors import AppError, InvalidTransition, PermissionDenied, ValidationFailed
from mamori_web.publication import access, selectors, services
from mamori_web.publication.checkrecord import check_record_pdf_bytes
from mamori_web.publication.forms import (
    CommentForm,
    DecisionForm,
    ListFilterForm,
    ReplaceFileForm,
    RequestCreateForm,
    TypeDecisionForm,
)
from mamori_web.publication.labels import type_label
from mamori_web.publication.models import OPEN_STATUSES, Decision, RequestStatus
from mamori_web.publication.rendering import marked_text
from mamori_web.scanning.models import ScanFinding

PAGE_SIZE = 50
FINDINGS_PAGE_SIZE = 300


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _back(
    pk: int, message_error: AppError | None = None, request: HttpRequest | None = None
) -> HttpResponse:
    if message_error is not None and request is not None:
        messages.error(request, str(message_error.message))
    return redirect("publication:detail", pk=pk)


@require_GET
@signed_in_view
def request_list(request: HttpRequest) -> HttpResponse:
    form = ListFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    visible = access.requests_visible(user=request.user)
    page = Paginator(selectors.request_list(queryset=visible, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    awaiting = selectors.request_list(
        queryset=access.requests_approvable(user=request.user), status=RequestStatus.SUBMITTED
    )
    return render(
        request,
        "publication/list.html",
        {
            "form": form,
            "page": page,
            "awaiting": list(awaiting[:50]),
            "can_create": access.can_create(request.user),
            "can_dashboard": access.can_view_dashboard(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@signed_in_view
def request_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create(request.user):
        raise PermissionDenied
    form = RequestCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = [(f.name or "upload", f.read()) for f in request.FILES.getlist("uploads")]
        try:
            pub_request = services.publication_request_create(
                user=request.user,
                target_page=form.cleaned_data["target_page"],
                publish_on=form.cleaned_data["publish_on"],
                note=form.cleaned_data["note"],
                uploads=uploads,
                request=request,
            )
        except ValidationFailed as err:
            form.add_error(None, str(err.message))
        else:
            messages.success(request, _("The files were received and are being scanned."))
            return redirect("publication:detail", pk=pub_request.pk)
    return render(request, "publication/create.html", {"form": form})


def _detail_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    pub_request = access.access_request_by_id(user=request.user, request_id=pk)
    readiness = selectors.request_readiness(pub_request)
    user = request.user
    applicant = access.is_applicant(user, pub_request)
    approver = access.can_approve(user, pub_request)
    return {
        "req": pub_request,
        "readiness": readiness,
        "transitions": selectors.transitions(pub_request),
        "approved_files": selectors.approved_files(pub_request),
        "is_applicant": applicant,
        "can_edit": applicant
        and pub_request.status in (RequestStatus.REVIEW, RequestStatus.RETURNED),
        "can_approve": approver and pub_request.status == RequestStatus.SUBMITTED,
        "can_download": applicant or approver,
        "can_withdraw": applicant
        and pub_request.status
        in (RequestStatus.REVIEW, RequestStatus.RETURNED, RequestStatus.SUBMITTED),
        "approvers": services.approvers(pub_request) if applicant else [],
        "statuses": RequestStatus,
    }


@require_GET
@signed_in_view
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "publication/detail.html", _detail_context(request, pk))


@require_GET
@signed_in_view
def request_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The scan progress (polled by htmx); once every file is scanned the page reloads."""
    context = _detail_context(request, pk)
    response = render(request, "publication/_progress.html", context)
    if _is_htmx(request) and not context["readiness"].scanning:
        response["HX-Refresh"] = "true"
    return response


@require_GET
@signed_in_view
def review(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    pub_request = access.access_request_by_id(user=request.user, request_id=pk)
    pub_file = access.access_file_by_id(user=request.user, pub_request=pub_request, file_id=file_id)
    kinds = selectors.latest_decision_kinds(pub_request)
    marks = selectors.finding_marks(pub_file, kinds)
    text = services.review_text_read(
        user=request.user, pub_request=pub_request, pub_file=pub_file, request=request
    )
    finding_type = request.GET.get("type", "")
    shown = ScanFinding.objects.filter(job=pub_file.job).order_by("index")
    if finding_type:
        shown = shown.filter(type=finding_type)
    page = Paginator(shown, FINDINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    findings = list(page.object_list)
    rows = selectors.rows_of(
        findings, selectors.decisions_for(pub_request, [f.pk for f in findings])
    )
    readiness = selectors.request_readiness(pub_request)
    file_state = next((f for f in readiness.files if f.file.pk == pub_file.pk), None)
    applicant = access.is_applicant(request.user, pub_request)
    return render(
        request,
        "publication/review.html",
        {
            "req": pub_request,
            "pub_file": pub_file,
            "file_state": file_state,
            "readiness": readiness,
            "text": marked_text(text, marks) if text is not None else None,
            "page": page,
            "rows": rows,
            "groups": _groups(marks),
            "finding_type": finding_type,
            "type_label": type_label(finding_type) if finding_type else "",
            "can_edit": applicant
            and pub_request.status in OPEN_STATUSES
            and file_state is not None,
            "decisions": Decision,
            "is_current": file_state is not None,
        },
    )


def _groups(marks: list[selectors.Mark]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for m in marks:
        g = groups.setdefault(
            m.type,
            {
                "type": m.type,
                "label": m.label,
                "css": m.css,
                "total": 0,
                "open": 0,
                "mask": 0,
                "not_personal": 0,
                "publish": 0,
            },
        )
        g["total"] += 1
        g[m.decision or "open"] += 1
    return sorted(groups.values(), key=lambda g: -g["total"])


@require_POST
@signed_in_view
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    pub_request = access.access_request_by_id(user=request.user, request_id=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Choose a decision."))
    finding = access.access_finding_by_id(
        user=request.user, pub_request=pub_request, finding_id=form.cleaned_data["finding"]
    )
    pub_file = finding.job.publication_file
    error = ""
    try:
        services.finding_decide(
            user=request.user,
            pub_request=pub_request,
            finding=finding,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except (ValidationFailed, InvalidTransition) as err:
        if not _is_htmx(request):
            messages.error(request, str(err.message))
        error = str(err.message)
    if _is_htmx(request):
        decisions = selectors.decisions_for(pub_request, [finding.pk])
        [row] = selectors.rows_of([finding], decisions)
        return render(
            request,
            "publication/_finding_row_htmx.html",
            {
                "req": pub_request,
                "pub_file": pub_file,
                "row": row,
                "can_edit": True,
                "error": error,
                "readiness": selectors.request_readiness(pub_request),
            },
        )
    url = reverse("publication:review", args=[pk, pub_file.pk])
    return redirect(f"{url}#row-{finding.pk}")


@require_POST
@signed_in_view
def decide_type(request: HttpRequest, pk: int) -> HttpResponse:
    pub_request = access.access_request_by_id(user=request.user, request_id=pk)
    form = TypeDecisionForm(request.POST)
    back = request.POST.get("file", "")
    if form.is_valid():
        try:
            count = services.findings_decide_by_type(
                user=request.user,
                pub_request=pub_request,
                finding_type=form.cleaned_data["finding_type"],
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                only_undecided=not form.cleaned_data["include_decided"],
                request=request,
            )
        except (ValidationFailed, InvalidTransition) as err:
            messages.error(request, str(err.message))
        else:
            messages.success(
                request,
                _("%(count)d findings of type %(type)s decided.")
                % {"count": count, "type": type_label(form.cleaned_data["finding_type"])},
            )
    else:
        messages.error(request, _("Choose a decision."))
    if back.isdigit():
        return redirect("publication:review", pk=pk, file_id=int(back))
    return redirect("publication:detail", pk=pk)


@require_http_methods(["GET", "POST"])
@signed_in_view
def file_replace(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    pub_request = access.access_request_by_id(user=request.user, request_id=pk)
    pub_file = access.access_file_by_id(user=request.user, pub_request=pub_request, file_id=file_id)
    access.require_applicant(request.user, pub_request)
    form = ReplaceFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.publication_file_replace(
                user=request.user,
                pub_request=pub_request,
                pub_file=pub_file,
                upload=(upload.name or "upload", upload.read()),
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except (ValidationFailed, InvalidTransition) as err:
            form.add_error(None, str(err.message))
        else:
            messages.success(request, _("The new file was received and is being scanned."))
            return redirect("publication:detail", pk=pk)
    return render(
        request,
        "publication/replace.html",
        {"req": pub_request, "pub_file": pub_file, "form": form},
    )


def _comment(request: HttpRequest) -> str:
    form = CommentForm(request.POST)
    return form.cleaned_data["comment"] if form.is_valid() else ""


def _step(request: HttpRequest, pk: int, step: Callable[..., Any], done: str) -> HttpResponse:
    pub_request = access.access_request_by_id(user=request.user, request_id=pk)
    try:
        step(user=request.user, pub_request=pub_request, comment=_comment(request), request=request)
    except (ValidationFailed, InvalidTransition) as err:
        return _back(pk, err, request)
    messages.success(request, done)
    return redirect("publication:detail", pk=pk)


@require_POST
@signed_in_view
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.publication_submit, _("Submitted to the section manager."))


@require_POST
@signed_in_view
def return_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.publication_return, _("Returned to the applicant."))


@require_POST
@signed_in_view
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, services.publication_approve, _("Approved. The files may be published.")
    )


@require_POST
@signed_in_view
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.publication_withdraw, _("The request was withdrawn."))


def _record_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    pub_request = access.access_request_by_id(user=request.user, request_id=pk)
    return {
        "req": pub_request,
        "rows": selectors.check_record_rows(pub_request),
        "readiness": selectors.request_readiness(pub_request),
        "transitions": selectors.transitions(pub_request),
        "approval": selectors.approval(pub_request),
        "approved_files": selectors.approved_files(pub_request),
    }


@require_GET
@signed_in_view
def check_record(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "publication/record.html", _record_context(request, pk))


@require_GET
@signed_in_view
def check_record_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _record_context(request, pk)
    data = check_record_pdf_bytes(context)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"check-record-{context['req'].number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@signed_in_view
def download(request: HttpRequest, pk: int, approved_id: int) -> HttpResponse:
    pub_request = access.access_request_by_id(user=request.user, request_id=pk)
    approved = access.access_approved_file_by_id(
        user=request.user, pub_request=pub_request, approved_id=approved_id
    )
    try:
        data = services.approved_file_download(
            user=request.user, pub_request=pub_request, approved=approved, request=request
        )
    except ValidationFailed as err:
        return _back(pk, err, request)
    response = HttpResponse(data, content_type="application/octet-stream")
    ascii_name = approved.filename.encode("ascii", "replace").decode().replace('"', "_")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(approved.filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@signed_in_view
def dashboard(request: HttpRequest) -> HttpResponse:
    if not access.can_view_dashboard(request.user):
        raise PermissionDenied
    return render(
        request, "publication/dashboard.html", {"board": selectors.dashboard(user=request.user)}
    )
