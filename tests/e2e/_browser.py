"""Browser steps shared by the end-to-end tests."""

from __future__ import annotations

from typing import Any

VIEWPORT = {"width": 1366, "height": 768}


def login(page: Any, user: Any) -> None:
    """Sign in through the Japanese sign-in form."""
    from mamori_web.testing import TEST_PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.get_username())
    page.get_by_label("パスワード").fill(TEST_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def assert_no_horizontal_overflow(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORT["width"], f"{page.url}: scrollWidth {width} > {VIEWPORT['width']}"
