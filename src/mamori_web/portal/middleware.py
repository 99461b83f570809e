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


class JapaneseFirstLocaleMiddleware:
    """Japanese unless the user chose otherwise: the browser's Accept-Language is ignored.

    A city's interface speaks the city's terms (持出し申請, 所属長, 年度); English is the
    fallback a user picks with the language switch (Django's ``set_language``, which
    stores the choice in the language cookie).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response
