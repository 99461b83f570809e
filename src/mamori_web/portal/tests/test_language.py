"""Japanese first: the browser's language does not switch the interface; the user's choice does."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_english_browser_still_gets_japanese(client: Client) -> None:
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "ja"
    assert "ログイン" in page.content.decode()


@pytest.mark.django_db
def test_chosen_english_is_the_fallback(client: Client) -> None:
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302
    page = client.get(reverse("accounts:login"))
    assert page["Content-Language"] == "en"
    assert "Sign in" in page.content.decode()


@pytest.mark.django_db
def test_unknown_language_cookie_falls_back_to_japanese(client: Client) -> None:
    client.cookies["django_language"] = "xx"
    page = client.get(reverse("accounts:login"))
    assert page["Content-Language"] == "ja"
