"""The project's URLs plus views that raise each application error."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from mamori_web import errors
from mamori_web.urls import urlpatterns as project_urlpatterns


def _raiser(exc: errors.AppError):  # type: ignore[no-untyped-def]
    def view(request: HttpRequest) -> HttpResponse:
        raise exc

    return view


urlpatterns = [
    path("boom/forbidden/", _raiser(errors.PermissionDenied())),
    path("boom/missing/", _raiser(errors.NotFound())),
    path("boom/conflict/", _raiser(errors.InvalidTransition())),
    path("boom/invalid/", _raiser(errors.ValidationFailed(detail={"f": "bad"}))),
    *project_urlpatterns,
]
