"""Sign-in, the dashboard, sign-out and the language switch, in the browser."""

from __future__ import annotations

from typing import Any

from tests.e2e._browser import login


def test_sign_in_in_japanese_shows_the_dashboard(page: Any, e2e_world: Any, shoot: Any) -> None:
    page.goto("/")
    assert "/accounts/login/" in page.url  # signed out: the sign-in page, in Japanese
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", name="ログイン").is_visible()
    shoot(page, "01-login")
    login(page, e2e_world.users["staff"])
    assert page.get_by_role("heading", name="ダッシュボード", level=1).is_visible()
    shoot(page, "02-dashboard-staff")
