"""Imported sweep reports (`mamori sweep --format json`): one run, one row per distinct file.

Only what the report holds is stored: counts, types, masked previews and where each file
is published — never a raw value (DESIGN.md §4). A run is never edited: importing again
makes a new run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mamori_web.org.models import Department, Municipality


class FileStatus(models.TextChoices):
    CLEAN = "clean", pgettext_lazy("sweep", "No findings")
    FINDINGS = "findings", pgettext_lazy("sweep", "Findings")
    UNSCANNABLE = "unscannable", pgettext_lazy("sweep", "Unscannable")


class SweepRun(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="sweep_runs"
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    report_sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField(_("swept at"), null=True, blank=True)
    source_kind = models.CharField(max_length=20, blank=True)
    source = models.CharField(pgettext_lazy("sweep", "source"), max_length=500, blank=True)
    base_url = models.CharField(max_length=500, blank=True)
    edm = models.BooleanField(_("real residents checked"), default=False)
    skipped = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("sweep run")
        verbose_name_plural = _("sweep runs")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename or self.source} ({self.imported_at:%Y-%m-%d %H:%M})"


class SweepFile(models.Model):
    """One distinct published file (by SHA-256) of a run, with every URL it is served under."""

    run = models.ForeignKey(SweepRun, on_delete=models.CASCADE, related_name="files")
    sha256 = models.CharField(max_length=80)
    size = models.BigIntegerField(default=0)
    urls = models.JSONField(default=list)
    pages = models.JSONField(default=list)
    is_page = models.BooleanField(default=False)
    title = models.CharField(max_length=500, blank=True)
    department_name = models.CharField(_("department"), max_length=100)
    department_code = models.CharField(max_length=20, blank=True)
    department_source = models.CharField(max_length=10, blank=True)
    # The register's department with that code or (unique) name; None: seen city-wide only.
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        pgettext_lazy("sweep", "status"), max_length=12, choices=FileStatus.choices
    )
    error = models.TextField(blank=True)
    findings = models.PositiveIntegerField(default=0)
    by_type = models.JSONField(default=dict)
    persons = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    real_persons = models.PositiveIntegerField(null=True, blank=True)
    real_households = models.PositiveIntegerField(null=True, blank=True)
    fictitious = models.BooleanField(default=False)
    previews = models.JSONField(default=list)  # masked previews only

    class Meta:
        verbose_name = _("swept file")
        verbose_name_plural = _("swept files")
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "sha256"], name="sweep_file_unique_sha"),
        ]

    def __str__(self) -> str:
        return self.urls[0] if self.urls else self.sha256
