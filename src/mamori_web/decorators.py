"""View decorators shared by the apps."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse

from mamori_web.errors import PermissionDenied

View = Callable[..., HttpResponse]


def signed_in_view(view: View) -> View:
    """Signed-in users only; the application's `PermissionDenied` becomes a 403 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as err:
            raise DjangoPermissionDenied(str(err.message)) from err

    return login_required(wrapper)
