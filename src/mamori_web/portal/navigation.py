"""The navigation of the mission's areas, decided per user by role.

`nav_items(request)` is the only place that decides which links a user sees. Visibility
comes from `mamori_web.org.access` (scope and policies), never from ad-hoc role checks in
templates. Links to other apps are resolved defensively: an app whose URL name does not
exist yet is left out instead of breaking every page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mamori_web.org.access import (
    AUDIT_READER_ROLES,
    ORG_ADMIN_ROLES,
    Scope,
    scope_for,
)
from mamori_web.portal.areas import PENDING_AREAS


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Promise | str
    url: str
    section: str  # "work" (the mission's areas) or "admin"
    pending: bool = False  # the area is not built yet (未実装)
    current: bool = False


def _reverse(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _is_current(path: str, url: str) -> bool:
    if url == "/":
        return path == "/"
    return path.startswith(url)


def _candidates(scope: Scope) -> Iterable[tuple[str, Promise, str | None, str, bool]]:
    yield "dashboard", _("Dashboard"), _reverse("portal:dashboard"), "work", False
    yield "publication", _("Pre-publication check"), _reverse("publication:list"), "work", False
    for area in PENDING_AREAS:
        yield area.slug, area.label, _reverse("portal:area", area.slug), "work", True
    if scope.everything or scope.is_department_manager:
        yield "sweep", _("Published-site sweep"), _reverse("sweep:list"), "work", False
    if scope.has_role(*ORG_ADMIN_ROLES):
        yield "org", _("Organisation and staff"), _reverse("org:departments"), "admin", False
    elif scope.is_department_manager:
        yield "org", _("Organisation and staff"), _reverse("org:staff_list"), "admin", False
    if scope.has_role(*AUDIT_READER_ROLES):
        yield "audit", _("Audit trail"), _reverse("audittrail:list"), "admin", False
    if scope.has_role(*ORG_ADMIN_ROLES):
        yield "locks", _("Account locks"), _reverse("accounts:locks"), "admin", False
        yield "api_clients", _("CMS API"), _reverse("api_clients:list"), "admin", False


def nav_items_for(user: Any, *, path: str = "", scope: Scope | None = None) -> list[NavItem]:
    """The navigation for `user`; empty for anonymous users."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if scope is None:
        scope = scope_for(user)
    items: list[NavItem] = []
    for key, label, url, section, pending in _candidates(scope):
        if url is None:
            continue
        items.append(
            NavItem(
                key=key,
                label=label,
                url=url,
                section=section,
                pending=pending,
                current=_is_current(path, url),
            )
        )
    return items


def nav_items(request: HttpRequest) -> list[NavItem]:
    return nav_items_for(getattr(request, "user", None), path=request.path)
