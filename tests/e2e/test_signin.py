"""Sign-in, the dashboard, sign-out and the language switch, in the browser."""

from __future__ import annotations

import re
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


def test_a_wrong_password_is_refused_in_japanese(page: Any, e2e_world: Any) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(e2e_world.users["staff"].get_username())
    page.get_by_label("パスワード").fill("not-the-password")
    page.get_by_role("button", name="ログイン").click()
    assert "/accounts/login/" in page.url
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    assert re.search(r"[ぁ-んァ-ン一-龥]", alert.inner_text())  # the message is Japanese


def test_sign_out_ends_the_session(page: Any, e2e_world: Any) -> None:
    login(page, e2e_world.users["staff"])
    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_load_state()
    page.goto("/org/staff/")
    assert "/accounts/login/" in page.url  # signed out: back to the sign-in page
    assert page.get_by_role("heading", name="ログイン").is_visible()


def test_the_language_switch_turns_the_screens_english_and_back(
    page: Any, e2e_world: Any, shoot: Any
) -> None:
    login(page, e2e_world.users["ciso"])
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Dashboard", level=1).is_visible()
    shoot(page, "03-dashboard-ciso-english")
    page.goto("/org/staff/")  # the choice lasts across pages
    assert page.get_by_role("heading", name="Staff list").is_visible()
    page.get_by_role("button", name="日本語").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", name="職員一覧").is_visible()
    assert "/org/staff/" in page.url  # the switch comes back to the same page
