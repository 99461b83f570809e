"""Render `mamori_web.errors.AppError` for HTML pages and as JSON for API clients.

Views and services raise `AppError` subclasses (NotFound, PermissionDenied,
InvalidTransition, ValidationFailed); this middleware turns each into a response with the
error's status: the Japanese error page for a browser, ``{"code", "message", "detail"}``
for a client that asks for JSON. Django's own `PermissionDenied` and `Http404` keep going
to its handlers, which render the same 403.html and 404.html.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from mamori_web.errors import AppError

TEMPLATES = {404: "404.html", 403: "403.html"}
GENERIC_TEMPLATE = "portal/error.html"


def wants_json(request: HttpRequest) -> bool:
    if request.path.startswith("/api/"):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


class AppErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AppError):
            return None
        if wants_json(request):
            return JsonResponse(exception.as_dict(), status=exception.status)
        template = TEMPLATES.get(exception.status, GENERIC_TEMPLATE)
        body = render_to_string(
            template,
            {"error": exception, "status": exception.status},
            request=request,
        )
        return HttpResponse(body, status=exception.status)
