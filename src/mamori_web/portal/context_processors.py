"""Template context shared by every page: the navigation of the mission's areas."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    from mamori_web.portal.navigation import nav_items

    return {"nav_items": nav_items(request)}
