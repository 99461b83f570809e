"""The CMS API, mounted at ``api/v1/``."""

from django.urls import path, re_path

from mamori_web.api import views

app_name = "api"

urlpatterns = [
    path("scans", views.scans_create, name="scans"),
    path("scans/<str:scan_id>", views.scan_detail, name="scan"),
    path("openapi.json", views.openapi_json, name="openapi"),
    re_path(r"^(?P<rest>.*)$", views.unknown_endpoint, name="unknown"),
]
