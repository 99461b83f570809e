from django.urls import path

from mamori_web.sweep import views

app_name = "sweep"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("import/", views.run_import, name="import"),
    path("<int:run_id>/", views.run_detail, name="detail"),
    path("<int:run_id>/export.xlsx", views.run_export, name="export"),
]
