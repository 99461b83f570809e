"""Helpers for the accounts tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import authenticate
from django.test import RequestFactory

from mamori_web.accounts.models import AccountLock, LoginFailure
from mamori_web.audittrail.models import AuditRecord

WRONG_PASSWORD = "Wrong-Guess-42!"


def sign_in(username: str, password: str) -> Any:
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="192.0.2.10")
    return authenticate(request, username=username, password=password)


def fail(username: str, times: int) -> None:
    for _ in range(times):
        assert sign_in(username, WRONG_PASSWORD) is None


def actions(action: str) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(action=action).order_by("id"))


def shift_back(*, username: str, minutes: int) -> None:
    """Let time pass: move this user name's failures and locks `minutes` into the past.

    Test-only; the application never edits these records.
    """
    delta = dt.timedelta(minutes=minutes)
    for failure in LoginFailure.objects.filter(username=username):
        LoginFailure.objects.filter(pk=failure.pk).update(at=failure.at - delta)
    for lock in AccountLock.objects.filter(user__username=username):
        AccountLock.objects.filter(pk=lock.pk).update(
            locked_at=lock.locked_at - delta,
            until=lock.until - delta if lock.until else None,
        )
