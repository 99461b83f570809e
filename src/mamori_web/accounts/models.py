"""Users, sign-in failures and account locks.

A `User` is a login. The person behind it (department, employment, staff id) is the
`org.Staff` record linked to it; role assignments live in `org.RoleAssignment`.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. Kept as our own model so that later fields need no auth migration dance."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class LoginFailure(models.Model):
    """One failed sign-in. The attempted password is never stored.

    `username` is what was typed (the user may not exist); `user` is set when it does.
    """

    username = models.CharField(_("user name tried"), max_length=150, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="login_failures",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in failure")
        verbose_name_plural = _("sign-in failures")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M:%S}"


class LockReason(models.TextChoices):
    TOO_MANY_FAILURES = "too_many_failures", _("Too many failed sign-ins")
    MANUAL = "manual", _("Locked by the security office")


class AccountLock(models.Model):
    """An account lock. Never edited: it ends at `until` or with an `AccountUnlock`.

    `until` is empty for a lock that lasts until the security office lifts it.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="locks", verbose_name=_("user")
    )
    locked_at = models.DateTimeField(_("locked at"), default=timezone.now, db_index=True)
    until = models.DateTimeField(_("locked until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=32, choices=LockReason.choices)
    note = models.TextField(_("note"), blank=True)
    locked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locked by"),
    )

    class Meta:
        verbose_name = _("account lock")
        verbose_name_plural = _("account locks")
        ordering = ["-locked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gt=models.F("locked_at")),
                name="accounts_lock_until_after_locked_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.locked_at:%Y-%m-%d %H:%M}"


class AccountUnlock(models.Model):
    """The security office lifting one lock early: who, when and why."""

    lock = models.OneToOneField(
        AccountLock, on_delete=models.CASCADE, related_name="unlock", verbose_name=_("lock")
    )
    unlocked_at = models.DateTimeField(_("unlocked at"), default=timezone.now)
    unlocked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unlocked by"),
    )
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("account unlock")
        verbose_name_plural = _("account unlocks")
        ordering = ["-unlocked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.lock} → {self.unlocked_at:%Y-%m-%d %H:%M}"
