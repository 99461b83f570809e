"""Sign-in, sign-out, password change, and the security office's list of locks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mamori_web.accounts import policies, selectors, services
from mamori_web.accounts.forms import LoginForm, UnlockForm
from mamori_web.errors import AppError


def _app_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Render an `AppError` as a page with its status (403, 404, 409, 400)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except AppError as err:
            return render(request, "accounts/error.html", {"error": err}, status=err.status)

    return wrapper


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        # Audit first: a sign-in that cannot be recorded does not happen.
        services.login_record(user=form.get_user(), request=self.request)
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    """Sign-out is POST only (Django's LogoutView refuses GET with 405)."""

    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            services.logout_record(user=user, request=request)
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        services.password_change(
            user=form.user,
            new_password=form.cleaned_data["new_password1"],
            request=self.request,
        )
        # Keep this session signed in; other sessions of the user end.
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@require_GET
@login_required
@_app_errors
def locks(request: HttpRequest) -> HttpResponse:
    policies.require_manage_locks(request.user)
    return render(
        request,
        "accounts/locks.html",
        {"locks": selectors.locks_active(), "form": UnlockForm()},
    )


@require_POST
@login_required
@_app_errors
def unlock(request: HttpRequest, lock_id: int) -> HttpResponse:
    lock = policies.access_active_lock_by_id(user=request.user, lock_id=lock_id)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the unlock."))
        return redirect("accounts:locks")
    services.account_unlock(
        user=lock.user, actor=request.user, request=request, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request, _("The account %(username)s is unlocked.") % {"username": lock.user.username}
    )
    return redirect("accounts:locks")
