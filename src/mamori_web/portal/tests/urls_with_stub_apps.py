"""The project's URLs plus stand-ins for org and accounts URL names the shell links to.

The navigation must work before and after those apps define their pages; these stubs let
the tests pin which roles get which links without depending on the other apps' progress.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from mamori_web.urls import urlpatterns as project_urlpatterns


def _stub(request: HttpRequest) -> HttpResponse:
    return HttpResponse("stub")


org_stubs = [
    path("departments/", _stub, name="departments"),
    path("staff/", _stub, name="staff_list"),
]
accounts_stubs = [
    path("login/", _stub, name="login"),
    path("logout/", _stub, name="logout"),
    path("password/", _stub, name="password_change"),
    path("locks/", _stub, name="locks"),
]

urlpatterns = [
    path("stub-org/", include((org_stubs, "org"))),
    path("stub-accounts/", include((accounts_stubs, "accounts"))),
    *[p for p in project_urlpatterns if str(p.pattern) not in ("accounts/", "org/")],
]
