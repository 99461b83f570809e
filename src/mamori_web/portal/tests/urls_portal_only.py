"""A URL conf with the portal only, to prove navigation survives missing apps."""

from django.urls import include, path

urlpatterns = [path("", include("mamori_web.portal.urls"))]
