"""Sign-in with lockout.

A locked account is refused before its password is even checked, so a lock also stops
guessing. Every refusal is recorded by `services.login_failure_record`, which locks the
account once it has failed `MAMORI_LOCKOUT_THRESHOLD` times within
`MAMORI_LOCKOUT_WINDOW_MINUTES`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from mamori_web.accounts import selectors, services
from mamori_web.accounts.models import User


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        if selectors.login_is_locked(username=username):
            services.login_failure_record(username=username, request=request, while_locked=True)
            # Django's PermissionDenied stops `authenticate()` trying any other backend.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            services.login_failure_record(username=username, request=request)
        return user
