"""The main screens at 1366×768 (an office laptop), in Japanese and in English.

Each screen is saved as a full-page screenshot in $MAMORI_SCREENSHOTS and must not scroll
sideways: document.documentElement.scrollWidth <= 1366.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e._browser import login

# (name, path, a heading the page must show in Japanese)
SCREENS = [
    ("dashboard", "/", "ダッシュボード"),
    ("departments", "/org/", "組織一覧"),
    ("staff-list", "/org/staff/", "職員一覧"),
    ("roles", "/org/roles/", None),
    ("import", "/org/import/", None),
    ("audit-trail", "/audit/", "監査証跡"),
    ("publication-list", "/publication/", "公開前チェック"),
    ("publication-dashboard", "/publication/dashboard/", None),
    ("account-locks", "/accounts/locks/", None),
    ("api-clients", "/api-clients/", None),
    ("password-change", "/accounts/password/", None),
    ("area-pending", "/areas/takeout/", None),
    ("not-found", "/org/staff/987654/", "ページが見つかりません"),
]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_main_screens_fit_1366_pixels(
    page: Any, e2e_world: Any, shoot: Any, language: str
) -> None:
    login(page, e2e_world.users["ciso"])
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    staff = e2e_world.staff["plain_ka_a1"]
    screens = [*SCREENS, ("staff-detail", f"/org/staff/{staff.pk}/", None)]
    for name, path, heading in screens:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").first.is_visible(), f"{path}: no heading"
        if heading and language == "ja":
            assert page.get_by_role("heading", name=heading, level=1).is_visible()
        shoot(page, f"20-{language}-{name}")
