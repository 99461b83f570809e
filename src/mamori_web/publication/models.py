"""The 公開前チェック (pre-publication check): a request, its files, decisions, approval.

A `PublicationRequest` is one staff member's 公開前チェック依頼: the files for one page of
the city website, the date they are meant to go online and a note. Each file is a
`scanning.ScanJob` (`PublicationFile`); a replaced file stays on record beside the one
that replaces it. The reviewer's decision on each finding (マスキング, 個人情報ではない,
そのまま公開) is a `FindingDecision`; the request moves through `RequestStatus` by
`RequestTransition` records (submitted to the 所属長, 差戻し, 承認, 取下げ); approval writes
the `ApprovedFile` rows (the files to publish, masked where masks were chosen, with their
SHA-256), and each download is a `FileDownload`.

Append-only (DESIGN.md §4): transitions, decisions, approved files and downloads are
never changed or deleted; a new decision on the same finding is a new record and the
latest one counts. `PublicationRequest.status` repeats the latest transition so that
lists can filter on it; it is written only together with a new `RequestTransition`
(`services._transition`), and a test checks the two agree.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mamori_web.scanning.models import ScanFinding, ScanJob


class RecordImmutable(Exception):
    """An append-only record was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise RecordImmutable("publication records are never updated")

    def delete(self) -> NoReturn:
        raise RecordImmutable("publication records are never deleted")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RecordImmutable(f"{self._meta.label} records are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RecordImmutable(f"{self._meta.label} records are never deleted")


class RequestStatus(models.TextChoices):
    REVIEW = "review", _("In review")  # 確認中: the applicant resolves the findings
    SUBMITTED = "submitted", _("Awaiting approval")  # 承認待ち (所属長)
    RETURNED = "returned", _("Returned")  # 差戻し: back to the applicant
    APPROVED = "approved", _("Approved")  # 承認済み: the files may be published
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 取下げ


OPEN_STATUSES = frozenset({RequestStatus.REVIEW, RequestStatus.RETURNED})  # applicant works
CLOSED_STATUSES = frozenset({RequestStatus.APPROVED, RequestStatus.WITHDRAWN})


class Decision(models.TextChoices):
    MASK = "mask", _("Mask")  # マスキング
    NOT_PERSONAL = "not_personal", _("Not personal data")  # 個人情報ではない
    PUBLISH = "publish", _("Publish as is")  # そのまま公開


REASON_REQUIRED = frozenset({Decision.NOT_PERSONAL, Decision.PUBLISH})


class PublicationRequest(models.Model):
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    applicant = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    target_page = models.CharField(_("page (URL or title)"), max_length=500)
    publish_on = models.DateField(_("intended publication date"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.REVIEW
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pre-publication check request")
        verbose_name_plural = _("pre-publication check requests")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.target_page[:80]}"

    @property
    def number(self) -> str:
        return f"P-{self.pk:06d}"


class RequestTransition(AppendOnly):
    request = models.ForeignKey(
        PublicationRequest, on_delete=models.PROTECT, related_name="transitions"
    )
    from_status = models.CharField(max_length=16, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=RequestStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status} ({self.actor_name})"


class PublicationFile(AppendOnly):
    request = models.ForeignKey(PublicationRequest, on_delete=models.PROTECT, related_name="files")
    job = models.OneToOneField(ScanJob, on_delete=models.PROTECT, related_name="publication_file")
    # the file this one replaces (an unscannable file, or one with a mistake); that one
    # stays on record and no longer counts
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    reason = models.TextField(blank=True)  # why it replaced the other
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.job.filename


class FindingDecision(AppendOnly):
    request = models.ForeignKey(
        PublicationRequest, on_delete=models.PROTECT, related_name="decisions"
    )
    finding = models.ForeignKey(
        ScanFinding, on_delete=models.PROTECT, related_name="publication_decisions"
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    bulk = models.BooleanField(default=False)  # made for every finding of a type at once
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.decision}"


class ApprovedFile(AppendOnly):
    """A file approved for publication: the original, or its masked copy."""

    request = models.ForeignKey(
        PublicationRequest, on_delete=models.PROTECT, related_name="approved_files"
    )
    file = models.OneToOneField(PublicationFile, on_delete=models.PROTECT, related_name="approved")
    filename = models.CharField(max_length=255)
    blob_id = models.CharField(max_length=64)  # the job's blob, or "<job uuid>-masked"
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    masked = models.BooleanField()
    masked_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class FileDownload(AppendOnly):
    approved_file = models.ForeignKey(
        ApprovedFile, on_delete=models.PROTECT, related_name="downloads"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.approved_file_id} {self.at:%Y-%m-%d %H:%M}"
