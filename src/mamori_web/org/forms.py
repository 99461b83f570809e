"""Forms of the organisation pages: they parse input; rules live in services and access."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mamori_web.org.models import Department, Employment, Role
from mamori_web.org.selectors import STATUS_ACTIVE, STATUS_ENDED

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class StaffFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), required=False, label=_("Department")
    )
    employment = forms.ChoiceField(
        choices=[("", _("All employment types")), *Employment.choices],
        required=False,
        label=_("Employment"),
    )
    status = forms.ChoiceField(
        choices=[("", _("All")), (STATUS_ACTIVE, _("Employed")), (STATUS_ENDED, _("Ended"))],
        required=False,
        label=pgettext_lazy("employment", "Status"),
    )
    q = forms.CharField(required=False, max_length=100, label=_("Name or staff id"))

    def __init__(self, *args: Any, departments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if departments is not None:
            field = self.fields["department"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = departments


def _checked_upload(upload: UploadedFile[Any] | None) -> UploadedFile[Any] | None:
    if upload is not None and upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(_("The file is larger than 20 MB."))
    return upload


class ImportForm(forms.Form):
    departments = forms.FileField(
        required=False,
        label=_("Departments file (CSV or Excel)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    staff = forms.FileField(
        required=False,
        label=_("Staff file (CSV or Excel)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_departments(self) -> UploadedFile[Any] | None:
        return _checked_upload(self.cleaned_data.get("departments"))

    def clean_staff(self) -> UploadedFile[Any] | None:
        return _checked_upload(self.cleaned_data.get("staff"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("departments") and not cleaned.get("staff"):
            raise forms.ValidationError(_("Choose a departments file, a staff file or both."))
        return cleaned


class RoleAssignForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        label=_("User"),
    )
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    department = forms.ModelChoiceField(
        queryset=Department.objects.order_by("path"), required=False, label=_("Department")
    )
    include_subdepartments = forms.BooleanField(
        required=False, initial=True, label=_("Include sub-departments")
    )
    start = forms.DateField(required=False, label=_("From"))
    end = forms.DateField(required=False, label=_("Until"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end is before the start."))
        return cleaned
