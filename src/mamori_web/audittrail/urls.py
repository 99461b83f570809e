from django.urls import path

app_name = "audittrail"
urlpatterns: list = []
