"""API clients (the systems that call the CMS API) and their tokens.

An `ApiClient` is one system of the city — 「CMS（広報課）」 — that belongs to a department;
the scans it asks for belong to that department. Its `ApiToken`s are stored as the SHA-256
of the token only (the token is a random 32-byte secret shown once, at creation). A token
is revoked by setting `revoked_at` once (`services.api_token_revoke`, audited); it is never
deleted or re-enabled. `ApiScan` ties a scan job to the client that asked for it, so a
client sees its own scans only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    name = models.CharField(_("system name"), max_length=100)
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="api_client_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="tokens")
    # SHA-256 (hex) of the whole token; the token itself is never stored
    token_hash = models.CharField(max_length=64, unique=True)
    # the token's first characters, to tell tokens apart in lists and revoke one
    prefix = models.CharField(_("token prefix"), max_length=16, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.client})"


class ApiScan(models.Model):
    job = models.OneToOneField(
        "scanning.ScanJob", on_delete=models.PROTECT, primary_key=True, related_name="api_scan"
    )
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="scans")
    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="+")
    page_url = models.CharField(_("page URL"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("API scan")
        verbose_name_plural = _("API scans")
        indexes = [models.Index(fields=["client", "created_at"])]

    def __str__(self) -> str:
        return f"{self.client}: {self.job_id}"
