"""The dashboard and the pages of areas that are not built yet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mamori_web.errors import NotFound
from mamori_web.org.access import can_read_audit_trail, scope_for
from mamori_web.portal import selectors
from mamori_web.portal.areas import AREAS_BY_SLUG
from mamori_web.portal.navigation import nav_items_for
from mamori_web.publication.selectors import portal_card as publication_card


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = scope_for(user)
    context = {
        "profile": selectors.own_staff(user=user),
        "role_labels": selectors.role_labels(scope),
        "department_summary": selectors.department_summary(user=user, scope=scope),
        "city_summary": selectors.city_summary(user=user, scope=scope),
        "show_audit": can_read_audit_trail(user),
        "recent_audit": selectors.recent_audit_records(user=user),
        "publication_card": publication_card(user=user),
        "shortcuts": [i for i in nav_items_for(user, scope=scope) if i.key != "dashboard"],
    }
    return render(request, "portal/dashboard.html", context)


@require_GET
@login_required
def area(request: HttpRequest, slug: str) -> HttpResponse:
    found = AREAS_BY_SLUG.get(slug)
    if found is None:
        raise NotFound
    return render(request, "portal/area.html", {"area": found})
