"""Scan jobs: one uploaded file, scanned in the background, with its findings.

A `ScanJob` is what the publication review (公開前チェック) and the CMS API both create: the
file is stored encrypted (`storage`), a worker scans it (`jobs`), and the result is kept
as `ScanFinding` rows. A finding keeps its type, place, score and explanation, a **masked
preview** (山■■■) and a **keyed hash** of its value (the allowlist's HMAC, so "publish as
is" can become an allowlist entry) — never the value itself (DESIGN.md §4). The extracted
text the review screen shows is stored encrypted beside the original and deleted with it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScanStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("scanning")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Verdict(models.TextChoices):
    CLEAN = "clean", _("no personal data found")
    FINDINGS = "findings", _("personal data found")
    UNSCANNABLE = "unscannable", _("could not be scanned")


class ScanJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    origin = models.CharField(_("origin"), max_length=32, db_index=True)  # "publication", "api"
    filename = models.CharField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ScanStatus.choices, default=ScanStatus.QUEUED
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices, blank=True)
    error = models.TextField(_("reason"), blank=True)  # why unscannable / failed
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    # spec/pii.md's per-file summary: counts by type, persons, households (no values)
    summary = models.JSONField(default=dict, blank=True)
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # the encrypted original and extracted text are deleted after their retention
    purged_at = models.DateTimeField(_("original deleted"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("scan job")
        verbose_name_plural = _("scan jobs")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def blob_id(self) -> str:
        return str(self.id)

    @property
    def text_blob_id(self) -> str:
        return f"{self.id}-text"

    @property
    def finished(self) -> bool:
        return self.status in (ScanStatus.DONE, ScanStatus.FAILED)


class ScanFinding(models.Model):
    job = models.ForeignKey(ScanJob, on_delete=models.CASCADE, related_name="findings")
    index = models.PositiveIntegerField()  # order in the file, 0-based
    type = models.CharField(_("type"), max_length=32, db_index=True)
    start = models.PositiveIntegerField()  # offsets into the extracted text
    end = models.PositiveIntegerField()
    score = models.FloatField()
    detector = models.CharField(max_length=64)
    preview = models.CharField(_("preview"), max_length=64)  # masked: 山■■■
    value_hash = models.CharField(max_length=64)  # keyed HMAC (mamori.pii.allowlist_entry)
    page = models.PositiveIntegerField(null=True, blank=True)
    sheet = models.CharField(max_length=128, blank=True)
    cell = models.CharField(max_length=16, blank=True)
    part = models.CharField(max_length=255, blank=True)
    explanation = models.TextField(blank=True)
    matched_fields = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["job", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="scanfinding_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.preview}"

    @property
    def where(self) -> str:
        """Sheet and cell, page or attachment, as a reviewer reads it (シート1!B3, p.2)."""
        parts = []
        if self.part:
            parts.append(self.part)
        if self.sheet:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        elif self.page:
            parts.append(f"p.{self.page}")
        return " ".join(parts)
