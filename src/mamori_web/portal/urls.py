from django.urls import path

from mamori_web.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("areas/<slug:slug>/", views.area, name="area"),
]
