"""Template context shared by every page: the navigation and the header of the shell."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    from mamori_web.org.access import scope_for
    from mamori_web.portal.navigation import nav_items_for
    from mamori_web.portal.selectors import shell_header

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "shell": shell_header(user=None, scope=None)}
    scope = scope_for(user)
    return {
        "nav_items": nav_items_for(user, path=request.path, scope=scope),
        "shell": shell_header(user=user, scope=scope),
    }
