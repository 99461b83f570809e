"""Reads for sign-in and locks."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from mamori_web.accounts.models import AccountLock, LoginFailure, User


def _active_q(now: dt.datetime) -> Q:
    return Q(unlock__isnull=True) & (Q(until__isnull=True) | Q(until__gt=now))


def locks_active(*, now: dt.datetime | None = None) -> QuerySet[AccountLock]:
    """Locks in force now: not lifted by the security office and not yet expired."""
    now = now or timezone.now()
    return (
        AccountLock.objects.filter(_active_q(now))
        .select_related("user", "user__staff__department", "locked_by")
        .order_by("-locked_at", "-id")
    )


def lock_active_for(*, user: User, now: dt.datetime | None = None) -> AccountLock | None:
    now = now or timezone.now()
    return AccountLock.objects.filter(_active_q(now), user=user).order_by("-locked_at").first()


def lock_last_ended(*, user: User, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the user's most recent lock ended (by expiry or unlock), if it has ended."""
    now = now or timezone.now()
    last = (
        AccountLock.objects.filter(user=user)
        .select_related("unlock")
        .order_by("-locked_at", "-id")
        .first()
    )
    if last is None:
        return None
    ends = [last.until] if last.until is not None else []
    if hasattr(last, "unlock"):
        ends.append(last.unlock.unlocked_at)
    ended = min(ends) if ends else None
    return ended if ended is not None and ended <= now else None


def login_failures_counting(
    *, username: str, user: User | None, now: dt.datetime | None = None
) -> QuerySet[LoginFailure]:
    """The failures that count towards a lock.

    Those within the lockout window, and for a known user only those after their last
    successful sign-in and after their last lock ended (so an expired or lifted lock does
    not re-lock on the next mistake).
    """
    now = now or timezone.now()
    since = now - dt.timedelta(minutes=settings.MAMORI_LOCKOUT_WINDOW_MINUTES)
    if user is not None:
        for t in (user.last_login, lock_last_ended(user=user, now=now)):
            if t is not None and t > since:
                since = t
    return LoginFailure.objects.filter(username=username, at__gt=since, at__lte=now)


def user_by_username(*, username: str) -> User | None:
    return User.objects.filter(**{User.USERNAME_FIELD: username}).first()


def login_is_locked(*, username: str, now: dt.datetime | None = None) -> bool:
    """Whether sign-in as `username` is refused now.

    An unknown name looks locked after as many failures as would lock a real account,
    so that the answer never tells whether a user name exists.
    """
    user = user_by_username(username=username)
    if user is not None:
        return lock_active_for(user=user, now=now) is not None
    count = login_failures_counting(username=username, user=None, now=now).count()
    return count >= settings.MAMORI_LOCKOUT_THRESHOLD
