"""Lockout: the backend and the services behind it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from pytest_django import Settings

from mamori_web.accounts import selectors, services
from mamori_web.accounts.models import AccountLock, LockReason, LoginFailure
from mamori_web.accounts.tests.helpers import WRONG_PASSWORD, actions, fail, shift_back, sign_in
from mamori_web.audittrail.models import AuditRecord
from mamori_web.errors import InvalidTransition, PermissionDenied, ValidationFailed
from mamori_web.testing import TEST_PASSWORD, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings: Settings) -> Settings:
    settings.MAMORI_LOCKOUT_THRESHOLD = 3
    settings.MAMORI_LOCKOUT_WINDOW_MINUTES = 15
    settings.MAMORI_LOCKOUT_MINUTES = 30
    return settings


def test_right_password_signs_in(world: World) -> None:
    user = world.users["staff"]
    assert sign_in(user.username, TEST_PASSWORD) == user
    assert not LoginFailure.objects.exists()


def test_locks_after_threshold_failures(world: World, limits: Settings) -> None:
    user = world.users["staff"]
    fail(user.username, 2)
    assert not AccountLock.objects.filter(user=user).exists()
    assert not selectors.login_is_locked(username=user.username)
    fail(user.username, 1)
    lock = AccountLock.objects.get(user=user)
    assert lock.reason == LockReason.TOO_MANY_FAILURES
    assert lock.locked_by is None
    assert lock.until is not None
    assert lock.until - lock.locked_at == dt.timedelta(minutes=30)
    assert selectors.login_is_locked(username=user.username)


def test_threshold_comes_from_settings(world: World, settings: Settings) -> None:
    settings.MAMORI_LOCKOUT_THRESHOLD = 5
    user = world.users["staff"]
    fail(user.username, 4)
    assert not AccountLock.objects.filter(user=user).exists()
    fail(user.username, 1)
    assert AccountLock.objects.filter(user=user).count() == 1


def test_right_password_refused_while_locked(world: World, limits: Settings) -> None:
    user = world.users["staff"]
    fail(user.username, 3)
    assert sign_in(user.username, TEST_PASSWORD) is None
    refused = actions("accounts.login_failed")[-1]
    assert refused.detail == {"username": user.username, "while_locked": True}
    # Attempts while locked neither extend nor duplicate the lock.
    fail(user.username, 5)
    assert AccountLock.objects.filter(user=user).count() == 1


def test_failures_outside_the_window_do_not_count(world: World, limits: Settings) -> None:
    user = world.users["staff"]
    fail(user.username, 2)
    shift_back(username=user.username, minutes=16)
    fail(user.username, 2)
    assert not AccountLock.objects.filter(user=user).exists()
    fail(user.username, 1)
    assert AccountLock.objects.filter(user=user).exists()


def test_lock_expires(world: World, limits: Settings) -> None:
    user = world.users["staff"]
    fail(user.username, 3)
    shift_back(username=user.username, minutes=29)
    assert sign_in(user.username, TEST_PASSWORD) is None  # one minute to go
    shift_back(username=user.username, minutes=2)
    assert not selectors.login_is_locked(username=user.username)
    # One mistake after the lock has expired does not lock again at once.
    fail(user.username, 1)
    assert selectors.lock_active_for(user=user) is None
    assert sign_in(user.username, TEST_PASSWORD) == user


def test_unknown_user_looks_locked_but_gets_no_lock(world: World, limits: Settings) -> None:
    fail("no-such-user", 2)
    assert not selectors.login_is_locked(username="no-such-user")
    fail("no-such-user", 1)
    assert selectors.login_is_locked(username="no-such-user")
    assert not AccountLock.objects.exists()
    record = actions("accounts.login_failed")[-1]
    assert record.actor is None
    assert record.object_id == ""
    assert record.detail["username"] == "no-such-user"


def test_failures_are_audited_without_the_password(world: World, limits: Settings) -> None:
    user = world.users["staff"]
    fail(user.username, 3)
    failed = actions("accounts.login_failed")
    assert len(failed) == 3
    assert all(r.object_id == str(user.pk) for r in failed)
    assert all(str(r.ip_address) == "192.0.2.10" for r in failed)
    assert failed[0].department == world.depts["kakari_a1"]
    (locked,) = actions("accounts.lock")
    assert locked.actor is None
    assert locked.object_id == str(user.pk)
    assert locked.detail["reason"] == LockReason.TOO_MANY_FAILURES
    for record in AuditRecord.objects.all():
        assert WRONG_PASSWORD not in str(record.detail)
        assert WRONG_PASSWORD not in record.object_repr
    assert LoginFailure.objects.count() == 3
    assert {f.ip_address for f in LoginFailure.objects.all()} == {"192.0.2.10"}


def test_unlock_by_security_office_is_audited(world: World, limits: Settings) -> None:
    user, ciso = world.users["staff"], world.users["ciso"]
    fail(user.username, 3)
    lock = AccountLock.objects.get(user=user)
    (unlock,) = services.account_unlock(
        user=user, actor=ciso, request=None, reason="本人確認済み（電話）"
    )
    assert unlock.lock == lock
    assert unlock.unlocked_by == ciso
    assert selectors.lock_active_for(user=user) is None
    (record,) = actions("accounts.unlock")
    assert record.actor == ciso
    assert record.object_id == str(user.pk)
    assert record.detail == {"lock_ids": [lock.pk], "reason": "本人確認済み（電話）"}
    # The lock record itself is kept as it was.
    lock.refresh_from_db()
    assert lock.until is not None
    assert lock.until > timezone.now()
    assert sign_in(user.username, TEST_PASSWORD) == user
    # Failures before the unlock no longer count.
    user.refresh_from_db()
    fail(user.username, 1)
    assert selectors.lock_active_for(user=user) is None


@pytest.mark.parametrize("role", ["staff", "section_manager", "dept_head", "contractor"])
def test_unlock_refused_outside_the_security_office(
    world: World, limits: Settings, role: str
) -> None:
    target = world.users["csirt"]
    fail(target.username, 3)
    with pytest.raises(PermissionDenied):
        services.account_unlock(user=target, actor=world.users[role], request=None, reason="x")
    assert selectors.lock_active_for(user=target) is not None
    assert actions("accounts.unlock") == []


def test_unlock_needs_a_reason_and_a_lock_and_another_person(
    world: World, limits: Settings
) -> None:
    user, ciso = world.users["staff"], world.users["ciso"]
    with pytest.raises(InvalidTransition):
        services.account_unlock(user=user, actor=ciso, request=None, reason="確認済み")
    fail(user.username, 3)
    with pytest.raises(ValidationFailed):
        services.account_unlock(user=user, actor=ciso, request=None, reason="   ")
    services.account_lock(
        user=ciso,
        actor=world.users["security_director"],
        request=None,
        reason=LockReason.MANUAL,
        minutes=None,
    )
    with pytest.raises(ValidationFailed):
        services.account_unlock(user=ciso, actor=ciso, request=None, reason="自分で")
    assert actions("accounts.unlock") == []


def test_manual_lock_lasts_until_unlocked(world: World, limits: Settings) -> None:
    user = world.users["staff"]
    lock = services.account_lock(
        user=user,
        actor=world.users["ciso"],
        request=None,
        reason=LockReason.MANUAL,
        minutes=None,
        note="退職手続中",
    )
    assert lock.until is None
    assert lock.locked_by == world.users["ciso"]
    shift_back(username=user.username, minutes=60 * 24 * 365)
    assert sign_in(user.username, TEST_PASSWORD) is None
    (record,) = actions("accounts.lock")
    assert record.actor == world.users["ciso"]
    with pytest.raises(PermissionDenied):
        services.account_lock(
            user=world.users["csirt"],
            actor=world.users["staff"],
            request=None,
            reason=LockReason.MANUAL,
            minutes=None,
        )
