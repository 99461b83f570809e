"""The import form: it parses input; the rules live in services and access."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mamori_web.sweep.services import MAX_REPORT_BYTES


class SweepImportForm(forms.Form):
    report = forms.FileField(
        label=_("Sweep report (JSON)"),
        help_text=_("The output of mamori sweep --format json -o report.json"),
    )

    def clean_report(self) -> object:
        upload = self.cleaned_data["report"]
        if upload.size is not None and upload.size > MAX_REPORT_BYTES:
            raise forms.ValidationError(_("The report is too large."))
        return upload
