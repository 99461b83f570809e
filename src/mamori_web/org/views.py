"""Pages of the organisation registers: parse input, check access, call one service or
selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mamori_web.decorators import signed_in_view
from mamori_web.errors import ValidationFailed
from mamori_web.org import exporting, selectors, services
from mamori_web.org.access import access_staff_by_id, can_administer_org, require_org_admin
from mamori_web.org.forms import ImportForm, RoleAssignForm, StaffFilterForm

STAFF_PAGE_SIZE = 50


@require_GET
@signed_in_view
def departments(request: HttpRequest) -> HttpResponse:
    nodes = selectors.department_tree(user=request.user)
    return render(
        request,
        "org/departments.html",
        {"nodes": nodes, "can_administer": can_administer_org(request.user)},
    )


@require_GET
@signed_in_view
def staff_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(
        request.GET or None, departments=selectors.department_choices(user=request.user)
    )
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        department = form.cleaned_data["department"]
        filters = {
            "department_id": department.pk if department else None,
            "employment": form.cleaned_data["employment"],
            "status": form.cleaned_data["status"],
            "text": form.cleaned_data["q"].strip(),
        }
    staff = selectors.staff_list(user=request.user, **filters)
    page = Paginator(staff, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "org/staff_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_administer": can_administer_org(request.user),
        },
    )


@require_GET
@signed_in_view
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access_staff_by_id(user=request.user, staff_pk=pk)
    return render(request, "org/staff_detail.html", {"staff": staff})


@require_http_methods(["GET", "POST"])
@signed_in_view
def import_files(request: HttpRequest) -> HttpResponse:
    require_org_admin(request.user)
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            uploads = {
                kind: (upload.read(), upload.name or "")
                for kind in ("departments", "staff")
                if (upload := form.cleaned_data.get(kind))
            }
            result = services.org_files_import(
                municipality=selectors.municipality_for(user=request.user),
                departments=uploads.get("departments"),
                staff=uploads.get("staff"),
                actor=request.user,
                request=request,
            )
    else:
        form = ImportForm()
    return render(request, "org/import.html", {"form": form, "result": result})


@require_GET
@signed_in_view
def export_staff(request: HttpRequest) -> HttpResponse:
    data = exporting.staff_workbook(selectors.staff_for_export(user=request.user))
    return _xlsx(data, f"職員一覧_{timezone.localdate():%Y%m%d}.xlsx")


@require_GET
@signed_in_view
def export_departments(request: HttpRequest) -> HttpResponse:
    data = exporting.department_workbook(selectors.departments_for_export(user=request.user))
    return _xlsx(data, f"組織一覧_{timezone.localdate():%Y%m%d}.xlsx")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=exporting.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = exporting.content_disposition(filename)
    return response


@require_http_methods(["GET", "POST"])
@signed_in_view
def roles(request: HttpRequest) -> HttpResponse:
    require_org_admin(request.user)
    form = RoleAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_assign(
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                department=form.cleaned_data["department"],
                include_subdepartments=form.cleaned_data["include_subdepartments"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                actor=request.user,
                request=request,
            )
        except ValidationFailed as err:
            form.add_error("department", str(err.message))
        else:
            messages.success(request, _("The role was assigned."))
            return redirect("org:roles")
    return render(
        request,
        "org/roles.html",
        {"form": form, "assignments": selectors.role_assignment_list()},
    )
