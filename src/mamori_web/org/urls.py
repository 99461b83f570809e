from django.urls import path

from mamori_web.org import views

app_name = "org"
urlpatterns = [
    path("", views.departments, name="departments"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("import/", views.import_files, name="import"),
    path("export/staff.xlsx", views.export_staff, name="export_staff"),
    path("export/departments.xlsx", views.export_departments, name="export_departments"),
    path("roles/", views.roles, name="roles"),
]
