"""URL map: one include per area of the mission."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("mamori_web.accounts.urls")),
    path("org/", include("mamori_web.org.urls")),
    path("audit/", include("mamori_web.audittrail.urls")),
    path("sweep/", include("mamori_web.sweep.urls")),
    path("api/v1/", include("mamori_web.api.urls")),
    path("api-clients/", include("mamori_web.api.page_urls")),
    path("publication/", include("mamori_web.publication.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("mamori_web.portal.urls")),
]
