from django.urls import path

from mamori_web.audittrail import views

app_name = "audittrail"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("export.<str:fmt>", views.audit_export, name="export"),
]
