"""Forms of the 公開前チェック pages (stable ids/names for the browser tests)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mamori_web.publication.models import Decision, RequestStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"data-testid": "request-files"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class RequestCreateForm(forms.Form):
    target_page = forms.CharField(
        label=_("Page the files are for"),
        help_text=_("The URL or the title of the page on the city website."),
        max_length=500,
        widget=forms.TextInput(attrs={"data-testid": "request-target-page"}),
    )
    publish_on = forms.DateField(
        label=_("Intended publication date"),
        widget=forms.DateInput(attrs={"type": "date", "data-testid": "request-publish-on"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-testid": "request-note"}),
    )
    uploads = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "One or more files (Word, Excel, PDF, text, HTML …) or one ZIP file with all of them."
        ),
    )


class ReplaceFileForm(forms.Form):
    file = forms.FileField(
        label=_("New version of the file"),
        widget=forms.ClearableFileInput(attrs={"data-testid": "replace-file"}),
    )
    reason = forms.CharField(
        label=_("Why it is replaced"),
        max_length=1000,
        widget=forms.TextInput(attrs={"data-testid": "replace-reason"}),
    )


class DecisionForm(forms.Form):
    finding = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=Decision.choices)
    reason = forms.CharField(required=False, max_length=1000)


class TypeDecisionForm(forms.Form):
    finding_type = forms.CharField(max_length=32, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=Decision.choices)
    reason = forms.CharField(required=False, max_length=1000)
    include_decided = forms.BooleanField(required=False)


class CommentForm(forms.Form):
    comment = forms.CharField(required=False, max_length=2000)


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *RequestStatus.choices],
        widget=forms.Select(attrs={"data-testid": "filter-status"}),
    )
