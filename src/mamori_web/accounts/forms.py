from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mamori_web.accounts import selectors

LOCKED_MESSAGE = _(
    "This account is locked because of repeated failed sign-ins. Try again later, or "
    "contact the administrator (the information security office) to have it unlocked."
)


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or the password is incorrect."),
        "locked": LOCKED_MESSAGE,
    }

    def get_invalid_login_error(self) -> ValidationError:
        # Asked after the attempt, so the attempt that causes the lock already says so.
        # Unknown names look locked after as many failures (see `login_is_locked`).
        username = self.cleaned_data.get("username")
        if username and selectors.login_is_locked(username=username):
            return ValidationError(self.error_messages["locked"], code="locked")
        return ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the unlock"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: identity confirmed by telephone with the section head."),
    )
