from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from mamori_web.portal.areas import PENDING_AREAS
from mamori_web.portal.navigation import nav_items, nav_items_for
from mamori_web.testing import World

pytestmark = pytest.mark.django_db

SECURITY_OFFICE = ["ciso", "security_director", "csirt", "privacy_officer", "it_officer"]
PENDING_KEYS = {a.slug for a in PENDING_AREAS}


def keys(user: Any) -> set[str]:
    return {item.key for item in nav_items_for(user, path="/")}


def test_anonymous_gets_no_navigation() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert nav_items(request) == []


@pytest.mark.parametrize("role", SECURITY_OFFICE)
def test_security_office_sees_audit_trail(world: World, role: str) -> None:
    visible = keys(world.users[role])
    assert "audit" in visible
    assert {"dashboard", *PENDING_KEYS} <= visible


@pytest.mark.parametrize(
    "role", ["dept_head", "section_manager", "staff", "contractor", "whistleblowing_handler"]
)
def test_others_do_not_see_audit_trail_or_locks(world: World, role: str) -> None:
    visible = keys(world.users[role])
    assert "audit" not in visible
    assert "locks" not in visible
    # The areas that are not built yet are shown to everyone signed in.
    assert {"dashboard", *PENDING_KEYS} <= visible


@pytest.mark.parametrize("role", ["staff", "contractor", "whistleblowing_handler"])
def test_ordinary_staff_do_not_see_org_admin(world: World, role: str) -> None:
    assert "org" not in keys(world.users[role])


def test_pending_areas_are_marked_and_lead_to_area_pages(world: World) -> None:
    items = {i.key: i for i in nav_items_for(world.users["staff"], path="/")}
    for slug in PENDING_KEYS:
        assert items[slug].pending
        assert items[slug].url == f"/areas/{slug}/"
    assert not items["dashboard"].pending


def test_current_item_follows_the_path(world: World) -> None:
    items = nav_items_for(world.users["staff"], path="/areas/training/")
    current = [i.key for i in items if i.current]
    assert current == ["training"]


def test_missing_url_names_are_left_out(world: World, settings: Any) -> None:
    # A URL conf without the audit app: the link disappears instead of raising.
    settings.ROOT_URLCONF = "mamori_web.portal.tests.urls_portal_only"
    visible = keys(world.users["ciso"])
    assert "audit" not in visible
    assert "dashboard" in visible


def test_ended_employment_loses_admin_links(world: World) -> None:
    import datetime as dt

    staff = world.staff["ciso"]
    staff.end = dt.date(2021, 3, 31)
    staff.save()
    assert "audit" not in keys(world.users["ciso"])


@pytest.mark.urls("mamori_web.portal.tests.urls_with_stub_apps")
@pytest.mark.parametrize(
    ("role", "org_url"),
    [
        ("ciso", "/stub-org/departments/"),
        ("privacy_officer", "/stub-org/departments/"),
        ("dept_head", "/stub-org/staff/"),
        ("section_manager", "/stub-org/staff/"),
    ],
)
def test_org_link_by_role(world: World, role: str, org_url: str) -> None:
    items = {i.key: i for i in nav_items_for(world.users[role], path="/")}
    assert items["org"].url == org_url


@pytest.mark.urls("mamori_web.portal.tests.urls_with_stub_apps")
@pytest.mark.parametrize(
    ("role", "sees_locks"),
    [
        ("ciso", True),
        ("csirt", False),
        ("privacy_officer", True),
        ("dept_head", False),
        ("staff", False),
    ],
)
def test_account_locks_only_for_org_administrators(
    world: World, role: str, sees_locks: bool
) -> None:
    assert ("locks" in keys(world.users[role])) is sees_locks


@pytest.mark.urls("mamori_web.portal.tests.urls_with_stub_apps")
def test_header_has_logout_form_and_password_link(client: Client, world: World) -> None:
    client.force_login(world.users["staff"])
    html = client.get("/").content.decode()
    assert '<form class="logout" method="post" action="/stub-accounts/logout/">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'href="/stub-accounts/password/"' in html
