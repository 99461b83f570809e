from django.urls import path

from mamori_web.publication import views

app_name = "publication"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/progress/", views.request_progress, name="progress"),
    path("<int:pk>/files/<int:file_id>/", views.review, name="review"),
    path("<int:pk>/files/<int:file_id>/replace/", views.file_replace, name="replace"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/decide-type/", views.decide_type, name="decide_type"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/return/", views.return_request, name="return"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/record/", views.check_record, name="record"),
    path("<int:pk>/record.pdf", views.check_record_pdf, name="record_pdf"),
    path("<int:pk>/approved/<int:approved_id>/", views.download, name="download"),
]
