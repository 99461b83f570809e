"""Users, sign-in failures and account locks.

A `User` is a login. The person behind it (department, employment, staff id) is the
`org.Staff` record linked to it; role assignments live in `org.RoleAssignment`.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. Kept as our own model so that later fields need no auth migration dance."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username
