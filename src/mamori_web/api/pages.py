"""The security office's page for the CMS API's clients: register a system, issue a token
(shown once), revoke one. Only the organisation administrators (ORG_ADMIN_ROLES) may."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from mamori_web.api import selectors, services
from mamori_web.api.models import ApiClient, ApiToken
from mamori_web.errors import NotFound, PermissionDenied
from mamori_web.org.access import can_administer_org
from mamori_web.org.models import Department


class ClientForm(forms.Form):
    name = forms.CharField(label=_("system name"), max_length=100)
    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.order_by("path")
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)


def _require_admin(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise NotFound()
    if not can_administer_org(request.user):
        raise PermissionDenied()


def _shown_once(request: HttpRequest, token: ApiToken, plain: str) -> HttpResponse:
    response = render(request, "api/token_created.html", {"token": token, "plain": plain})
    response["Cache-Control"] = "no-store"  # the token is never shown again, nor cached
    return response


@require_http_methods(["GET", "POST"])
def clients(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = services.api_client_create(
            name=form.cleaned_data["name"],
            department=form.cleaned_data["department"],
            actor=request.user,
        )
        token, plain = services.api_token_create(client=client, actor=request.user)
        return _shown_once(request, token, plain)
    return render(
        request,
        "api/clients.html",
        {"clients": selectors.api_client_list(), "form": form, "revoke_form": RevokeForm()},
    )


@require_POST
def token_issue(request: HttpRequest, client_id: int) -> HttpResponse:
    _require_admin(request)
    client = ApiClient.objects.filter(pk=client_id).first()
    if client is None:
        raise NotFound()
    token, plain = services.api_token_create(client=client, actor=request.user)
    return _shown_once(request, token, plain)


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    _require_admin(request)
    token = ApiToken.objects.select_related("client").filter(pk=token_id).first()
    if token is None:
        raise NotFound()
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "api/clients.html",
            {"clients": selectors.api_client_list(), "form": ClientForm(), "revoke_form": form},
            status=400,
        )
    services.api_token_revoke(token=token, actor=request.user, reason=form.cleaned_data["reason"])
    return redirect("api_clients:list")
