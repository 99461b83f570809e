"""Sign-in, sign-out, password change and account locks.

Each service is one transaction that writes its audit record. The attempted password is
never stored or logged anywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mamori_web.accounts import policies, selectors
from mamori_web.accounts.models import (
    AccountLock,
    AccountUnlock,
    LockReason,
    LoginFailure,
    User,
)
from mamori_web.audittrail.services import audit_record, client_address
from mamori_web.errors import InvalidTransition, ValidationFailed

# Longest user name we keep from a failed attempt (the field's length).
_USERNAME_MAX = 150


def _department_of(user: Any) -> Any:
    """The user's department, so that audit records can be read by department scope."""
    staff = getattr(user, "staff", None)
    return staff.department if staff is not None else None


@transaction.atomic
def login_record(*, user: User, request: HttpRequest | None) -> None:
    """A successful sign-in."""
    audit_record(
        actor=user,
        action="accounts.login",
        obj=user,
        department=_department_of(user),
        request=request,
    )


@transaction.atomic
def logout_record(*, user: User, request: HttpRequest | None) -> None:
    audit_record(
        actor=user,
        action="accounts.logout",
        obj=user,
        department=_department_of(user),
        request=request,
    )


@transaction.atomic
def login_failure_record(
    *, username: str, request: HttpRequest | None, while_locked: bool = False
) -> AccountLock | None:
    """Record a failed sign-in as `username`; lock the account when it reaches the limit.

    Returns the lock this failure caused, if any. `while_locked` marks an attempt refused
    because the account was already locked (it does not count towards a new lock).
    """
    username = username[:_USERNAME_MAX]
    user = selectors.user_by_username(username=username)
    if user is not None:
        # Serialise concurrent failures for one account so exactly one lock is created.
        user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    LoginFailure.objects.create(
        username=username, user=user, at=now, ip_address=client_address(request)
    )
    audit_record(
        actor=None,
        action="accounts.login_failed",
        obj=user,
        department=_department_of(user) if user is not None else None,
        request=request,
        detail={"username": username, "while_locked": while_locked},
    )
    if user is None or while_locked or selectors.lock_active_for(user=user, now=now):
        return None
    failures = selectors.login_failures_counting(username=username, user=user, now=now).count()
    if failures < settings.MAMORI_LOCKOUT_THRESHOLD:
        return None
    return account_lock(
        user=user,
        actor=None,
        request=request,
        reason=LockReason.TOO_MANY_FAILURES,
        minutes=settings.MAMORI_LOCKOUT_MINUTES,
        note=f"{failures} failures",
    )


@transaction.atomic
def account_lock(
    *,
    user: User,
    actor: Any,
    request: HttpRequest | None,
    reason: str,
    minutes: int | None,
    note: str = "",
) -> AccountLock:
    """Lock `user` for `minutes` (None: until the security office unlocks it).

    A lock already in force is returned unchanged.
    """
    if reason == LockReason.MANUAL:
        policies.require_manage_locks(actor)
    now = timezone.now()
    existing = selectors.lock_active_for(user=user, now=now)
    if existing is not None:
        return existing
    until = now + dt.timedelta(minutes=minutes) if minutes is not None else None
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    lock = AccountLock.objects.create(
        user=user,
        locked_at=now,
        until=until,
        reason=reason,
        note=note,
        locked_by=actor if is_user else None,
    )
    audit_record(
        actor=actor,
        action="accounts.lock",
        obj=user,
        department=_department_of(user),
        request=request,
        detail={
            "lock_id": lock.pk,
            "reason": reason,
            "until": until.isoformat() if until is not None else None,
            "note": note,
        },
    )
    return lock


@transaction.atomic
def account_unlock(
    *, user: User, actor: Any, request: HttpRequest | None, reason: str
) -> list[AccountUnlock]:
    """The security office lifts every lock in force on `user`, saying why."""
    policies.require_manage_locks(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the unlock."), detail={"reason": "required"})
    if actor.pk == user.pk:
        raise ValidationFailed(
            _("You cannot unlock your own account."), detail={"user": "self_unlock"}
        )
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    locks = list(selectors.locks_active(now=now).filter(user=user))
    if not locks:
        raise InvalidTransition(_("This account is not locked."), detail={"user": "not_locked"})
    unlocks = [
        AccountUnlock.objects.create(lock=lock, unlocked_at=now, unlocked_by=actor, reason=reason)
        for lock in locks
    ]
    audit_record(
        actor=actor,
        action="accounts.unlock",
        obj=user,
        department=_department_of(user),
        request=request,
        detail={"lock_ids": [lock.pk for lock in locks], "reason": reason},
    )
    return unlocks


@transaction.atomic
def password_change(*, user: User, new_password: str, request: HttpRequest | None) -> None:
    """Set a new password that the caller has already validated (the form does)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        action="accounts.password_change",
        obj=user,
        department=_department_of(user),
        request=request,
    )
