"""Sign-in pages and the security office's lock list, through the URL map."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from mamori_web.accounts import selectors
from mamori_web.accounts.models import AccountLock, AccountUnlock
from mamori_web.accounts.tests.helpers import WRONG_PASSWORD, actions, fail
from mamori_web.testing import TEST_PASSWORD, World

pytestmark = pytest.mark.django_db

LOCKED_JA = "アカウントがロックされています"
INVALID_JA = "ユーザー名またはパスワードが正しくありません"
SECURITY_OFFICE = ["ciso", "security_director", "privacy_officer", "it_officer"]
OTHERS = ["staff", "section_manager", "dept_head", "csirt", "contractor", "whistleblowing_handler"]


@pytest.fixture
def limits(settings: Settings) -> Settings:
    settings.MAMORI_LOCKOUT_THRESHOLD = 3
    settings.MAMORI_LOCKOUT_WINDOW_MINUTES = 15
    settings.MAMORI_LOCKOUT_MINUTES = 30
    return settings


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE="ja",
        REMOTE_ADDR="198.51.100.7",
    )


def _errors(response: Any) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def test_login_page_is_japanese(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    body = response.content.decode()
    assert "ログイン" in body
    assert 'name="password"' in body


def test_login_succeeds_and_is_audited(client: Client, world: World) -> None:
    user = world.users["staff"]
    response = _login(client, user.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert response.wsgi_request.user == user
    (record,) = actions("accounts.login")
    assert record.actor == user
    assert str(record.ip_address) == "198.51.100.7"


def test_wrong_password_is_refused_and_audited(client: Client, world: World) -> None:
    user = world.users["staff"]
    response = _login(client, user.username, WRONG_PASSWORD)
    assert response.status_code == 200
    assert INVALID_JA in _errors(response)
    assert "_auth_user_id" not in client.session
    (record,) = actions("accounts.login_failed")
    assert record.detail == {"username": user.username, "while_locked": False}
    assert actions("accounts.login") == []


def test_successful_login_resets_the_count(client: Client, world: World, limits: Settings) -> None:
    user = world.users["staff"]
    fail(user.username, 2)
    assert _login(client, user.username, TEST_PASSWORD).status_code == 302
    fail(user.username, 2)
    assert selectors.lock_active_for(user=user) is None
    fail(user.username, 1)
    assert selectors.lock_active_for(user=user) is not None


def test_locked_account_shows_japanese_message_even_with_right_password(
    client: Client, world: World, limits: Settings
) -> None:
    user = world.users["staff"]
    for _ in range(2):
        assert INVALID_JA in _errors(_login(client, user.username, WRONG_PASSWORD))
    # The attempt that locks the account already says so.
    assert LOCKED_JA in _errors(_login(client, user.username, WRONG_PASSWORD))
    response = _login(client, user.username, TEST_PASSWORD)
    assert response.status_code == 200
    errors = _errors(response)
    assert LOCKED_JA in errors
    assert "管理者" in errors
    assert "連絡" in errors
    assert "_auth_user_id" not in client.session
    assert actions("accounts.login") == []


def test_unknown_user_gets_the_same_answers_as_a_real_one(
    client: Client, world: World, limits: Settings
) -> None:
    real = world.users["staff"].username
    answers = {}
    for name in (real, "no-such-user"):
        answers[name] = [_errors(_login(client, name, WRONG_PASSWORD)) for _ in range(4)]
    assert answers[real] == answers["no-such-user"]
    assert LOCKED_JA in answers[real][-1]
    assert INVALID_JA in answers[real][0]


def test_logout_requires_post(client: Client, world: World) -> None:
    user = world.users["staff"]
    client.force_login(user)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert client.session.get("_auth_user_id") == str(user.pk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    (record,) = actions("accounts.logout")
    assert record.actor == user


def test_password_change(client: Client, world: World) -> None:
    user = world.users["staff"]
    client.force_login(user)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    weak = client.post(
        url,
        {"old_password": TEST_PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert weak.status_code == 200
    assert weak.context["form"].errors
    new = "Tsuki-no-Usagi-77"
    response = client.post(
        url, {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    assert client.get(response["Location"]).status_code == 200  # this session stays signed in
    user.refresh_from_db()
    assert user.check_password(new)
    (record,) = actions("accounts.password_change")
    assert record.actor == user
    assert new not in str(record.detail)


def test_password_change_needs_login(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", SECURITY_OFFICE)
def test_security_office_sees_locks(
    client: Client, world: World, limits: Settings, role: str
) -> None:
    target = world.users["staff"]
    fail(target.username, 3)
    client.force_login(world.users[role])
    response = client.get(reverse("accounts:locks"), HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    assert target.username in response.content.decode()
    assert list(response.context["locks"]) == list(AccountLock.objects.filter(user=target))


@pytest.mark.parametrize("role", OTHERS)
def test_others_may_not_see_locks(
    client: Client, world: World, limits: Settings, role: str
) -> None:
    fail(world.users["ciso"].username, 3)
    client.force_login(world.users[role])
    response = client.get(reverse("accounts:locks"))
    assert response.status_code == 403
    assert world.users["ciso"].username not in response.content.decode()


def test_locks_need_login(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:locks"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unlock_by_security_office(client: Client, world: World, limits: Settings) -> None:
    target, ciso = world.users["staff"], world.users["ciso"]
    fail(target.username, 3)
    lock = AccountLock.objects.get(user=target)
    client.force_login(ciso)
    url = reverse("accounts:unlock", args=[lock.pk])
    assert client.get(url).status_code == 405
    # No reason, no unlock.
    assert client.post(url, {"reason": ""}).status_code == 302
    assert selectors.lock_active_for(user=target) == lock
    response = client.post(url, {"reason": "課長に本人確認"}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:locks")
    unlock = AccountUnlock.objects.get(lock=lock)
    assert unlock.unlocked_by == ciso
    assert unlock.reason == "課長に本人確認"
    (record,) = actions("accounts.unlock")
    assert record.actor == ciso
    assert record.object_id == str(target.pk)
    assert str(record.ip_address) == "198.51.100.9"
    # An ended lock cannot be unlocked again.
    assert client.post(url, {"reason": "again"}).status_code == 404
    client.logout()
    assert _login(client, target.username, TEST_PASSWORD).status_code == 302


@pytest.mark.parametrize("role", ["staff", "section_manager"])
def test_unlock_refused_for_staff_and_section_manager(
    client: Client, world: World, limits: Settings, role: str
) -> None:
    target = world.users["csirt"]
    fail(target.username, 3)
    lock = AccountLock.objects.get(user=target)
    client.force_login(world.users[role])
    response = client.post(reverse("accounts:unlock", args=[lock.pk]), {"reason": "頼まれた"})
    assert response.status_code == 403
    assert selectors.lock_active_for(user=target) == lock
    assert not AccountUnlock.objects.exists()
    assert actions("accounts.unlock") == []


def test_unlock_of_unknown_lock_is_404(client: Client, world: World) -> None:
    client.force_login(world.users["ciso"])
    response = client.post(reverse("accounts:unlock", args=[999999]), {"reason": "x"})
    assert response.status_code == 404
