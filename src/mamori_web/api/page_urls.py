"""The security office's pages for the CMS API's clients, mounted at ``api-clients/``."""

from django.urls import path

from mamori_web.api import pages

app_name = "api_clients"

urlpatterns = [
    path("", pages.clients, name="list"),
    path("<int:client_id>/tokens/", pages.token_issue, name="token_issue"),
    path("tokens/<int:token_id>/revoke/", pages.token_revoke, name="token_revoke"),
]
