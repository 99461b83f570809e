"""Writes of the 公開前チェック: each one transaction with its audit record.

The flow: `publication_request_create` (files → scan jobs) → `finding_decide` /
`findings_decide_by_type` (the applicant resolves every finding; `publication_file_replace`
for an unscannable file) → `publication_submit` (to the 所属長) → `publication_return`
(差戻し, with a comment) or `publication_approve` (masked copies made and verified, the
チェック記録 complete) → `approved_file_download`. `publication_withdraw` closes a request
without publishing; `publication_purge_expired` deletes originals after the retention.

State changes are new records (`RequestTransition`, `FindingDecision`, `ApprovedFile`,
`FileDownload`), never edits (DESIGN.md §4).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mamori.pii import allowlist_entry
from mamori.pii.redact import NotRedactableError, RedactionError, redact_file
from mamori_web.audittrail.services import audit_record
from mamori_web.errors import InvalidTransition, PermissionDenied, ValidationFailed
from mamori_web.org.models import Staff
from mamori_web.publication import access, selectors
from mamori_web.publication.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    REASON_REQUIRED,
    ApprovedFile,
    Decision,
    FileDownload,
    FindingDecision,
    PublicationFile,
    PublicationRequest,
    RequestStatus,
    RequestTransition,
)
from mamori_web.scanning import storage
from mamori_web.scanning.models import ScanFinding
from mamori_web.scanning.services import safe_filename, scan_job_create, scan_job_purge

__all__ = [
    "approved_file_download",
    "finding_decide",
    "findings_decide_by_type",
    "publication_approve",
    "publication_file_replace",
    "publication_purge_expired",
    "publication_request_create",
    "publication_return",
    "publication_submit",
    "publication_withdraw",
    "retention_days",
    "review_text_read",
]

log = logging.getLogger(__name__)

ORIGIN = "publication"
MAX_FILES = 20
MASK = "■"

Upload = tuple[str, bytes]


def retention_days() -> int:
    return int(getattr(settings, "MAMORI_PUBLICATION_RETENTION_DAYS", 30))


def _lock(pub_request: PublicationRequest) -> PublicationRequest:
    return PublicationRequest.objects.select_for_update().get(pk=pub_request.pk)


def _transition(
    pub_request: PublicationRequest,
    *,
    to: RequestStatus,
    allowed_from: Sequence[str],
    actor: Any,
    comment: str = "",
) -> RequestTransition:
    """Move `pub_request` (locked by the caller) to `to`: a new record, and the status."""
    if pub_request.status not in allowed_from:
        raise InvalidTransition(
            detail={"status": pub_request.status, "to": str(to)},
        )
    record = RequestTransition.objects.create(
        request=pub_request,
        from_status=pub_request.status,
        to_status=to,
        actor=actor,
        actor_name=actor.get_username(),
        comment=comment,
    )
    pub_request.status = to
    pub_request.save(update_fields=["status"])
    return record


def _add_file(
    pub_request: PublicationRequest,
    *,
    upload: Upload,
    user: Any,
    request: HttpRequest | None,
    replaces: PublicationFile | None = None,
    reason: str = "",
) -> PublicationFile:
    name, data = upload
    job = scan_job_create(
        filename=name,
        data=data,
        origin=ORIGIN,
        department=pub_request.department,
        requested_by=user,
        request=request,
    )
    return PublicationFile.objects.create(
        request=pub_request, job=job, replaces=replaces, reason=reason, added_by=user
    )


@transaction.atomic
def publication_request_create(
    *,
    user: Any,
    target_page: str,
    publish_on: dt.date,
    note: str = "",
    uploads: Sequence[Upload],
    request: HttpRequest | None = None,
) -> PublicationRequest:
    """A 公開前チェック依頼 of the applicant's department; each file is queued for a scan."""
    staff = Staff.objects.filter(user=user).select_related("department").first()
    if staff is None or not access.can_create(user):
        raise PermissionDenied(_("Only staff with a current staff record can ask for a check."))
    if not uploads:
        raise ValidationFailed(_("Attach at least one file."))
    if len(uploads) > MAX_FILES:
        raise ValidationFailed(
            _("At most %(n)d files per request; put more into a ZIP file.") % {"n": MAX_FILES}
        )
    target_page = target_page.strip()
    if not target_page:
        raise ValidationFailed(_("Name the page the files are for (URL or page title)."))
    pub_request = PublicationRequest.objects.create(
        department=staff.department,
        applicant=staff,
        applicant_user=user,
        target_page=target_page[:500],
        publish_on=publish_on,
        note=note.strip(),
        status=RequestStatus.REVIEW,
    )
    RequestTransition.objects.create(
        request=pub_request,
        from_status="",
        to_status=RequestStatus.REVIEW,
        actor=user,
        actor_name=user.get_username(),
    )
    files = [_add_file(pub_request, upload=u, user=user, request=request) for u in uploads]
    audit_record(
        actor=user,
        action="publication.request_created",
        obj=pub_request,
        request=request,
        detail={
            "files": [{"filename": f.job.filename, "sha256": f.job.sha256} for f in files],
            "publish_on": publish_on.isoformat(),
        },
    )
    return pub_request


@transaction.atomic
def publication_file_replace(
    *,
    user: Any,
    pub_request: PublicationRequest,
    pub_file: PublicationFile,
    upload: Upload,
    reason: str,
    request: HttpRequest | None = None,
) -> PublicationFile:
    """A new version of a file (e.g. an unscannable one fixed at source); scanned afresh,
    with no decisions. The old file stays on record."""
    access.require_applicant(user, pub_request)
    pub_request = _lock(pub_request)
    if pub_request.status not in OPEN_STATUSES:
        raise InvalidTransition(_("Files can be replaced only while the request is in review."))
    if (
        PublicationFile.objects.filter(replaces=pub_file).exists()
        or pub_file.request_id != pub_request.pk
    ):
        raise InvalidTransition(_("This file has been replaced already."))
    new = _add_file(
        pub_request, upload=upload, user=user, request=request, replaces=pub_file, reason=reason
    )
    audit_record(
        actor=user,
        action="publication.file_replaced",
        obj=pub_request,
        request=request,
        detail={
            "old": {"filename": pub_file.job.filename, "sha256": pub_file.job.sha256},
            "new": {"filename": new.job.filename, "sha256": new.job.sha256},
            "reason": reason[:500],
        },
    )
    return new


def _check_decision(decision: str, reason: str) -> str:
    if decision not in Decision.values:
        raise ValidationFailed(_("Choose a decision."))
    reason = reason.strip()
    if decision in REASON_REQUIRED and not reason:
        raise ValidationFailed(
            _("Give a reason when a finding is not personal data or is published as is.")
        )
    return reason


def _check_decidable(user: Any, pub_request: PublicationRequest) -> None:
    access.require_applicant(user, pub_request)
    if pub_request.status not in OPEN_STATUSES:
        raise InvalidTransition(_("Findings can be decided only while the request is in review."))


def _is_current(finding: ScanFinding, pub_request: PublicationRequest) -> bool:
    return PublicationFile.objects.filter(
        request=pub_request, job_id=finding.job_id, replaced_by__isnull=True
    ).exists()


@transaction.atomic
def finding_decide(
    *,
    user: Any,
    pub_request: PublicationRequest,
    finding: ScanFinding,
    decision: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> FindingDecision:
    """Record the applicant's decision on one finding (a later one supersedes it)."""
    pub_request = _lock(pub_request)
    _check_decidable(user, pub_request)
    reason = _check_decision(decision, reason)
    if not _is_current(finding, pub_request):
        raise InvalidTransition(_("This file has been replaced; decide on the new one."))
    record = FindingDecision.objects.create(
        request=pub_request, finding=finding, decision=decision, reason=reason, decided_by=user
    )
    audit_record(
        actor=user,
        action="publication.finding_decided",
        obj=pub_request,
        request=request,
        detail={
            "finding": finding.pk,
            "type": finding.type,
            "where": finding.where,
            "decision": decision,
            "reason": reason[:500],
        },
    )
    return record


@transaction.atomic
def findings_decide_by_type(
    *,
    user: Any,
    pub_request: PublicationRequest,
    finding_type: str,
    decision: str,
    reason: str = "",
    only_undecided: bool = True,
    request: HttpRequest | None = None,
) -> int:
    """One decision for every finding of `finding_type` in the current files; returns how
    many were decided. Findings decided already keep their decision unless
    `only_undecided` is False."""
    pub_request = _lock(pub_request)
    _check_decidable(user, pub_request)
    reason = _check_decision(decision, reason)
    decided = selectors.latest_decision_kinds(pub_request)
    jobs = [f.job_id for f in selectors.current_files(pub_request)]
    targets = [
        f
        for f in ScanFinding.objects.filter(job_id__in=jobs, type=finding_type).order_by(
            "job_id", "index"
        )
        if not (only_undecided and f.pk in decided)
    ]
    FindingDecision.objects.bulk_create(
        [
            FindingDecision(
                request=pub_request,
                finding=f,
                decision=decision,
                reason=reason,
                bulk=True,
                decided_by=user,
            )
            for f in targets
        ]
    )
    audit_record(
        actor=user,
        action="publication.findings_decided",
        obj=pub_request,
        request=request,
        detail={
            "type": finding_type,
            "decision": decision,
            "reason": reason[:500],
            "count": len(targets),
            "only_undecided": only_undecided,
        },
    )
    return len(targets)


def approvers(pub_request: PublicationRequest) -> list[Any]:
    """The 所属長 who may approve `pub_request` (to name them on the submit button)."""
    from django.contrib.auth import get_user_model

    from mamori_web.org.models import Role, RoleAssignment

    candidates = (
        RoleAssignment.objects.filter(role=Role.SECTION_MANAGER)
        .exclude(user=pub_request.applicant_user)
        .select_related("user")
    )
    users = {a.user for a in candidates if a.user.is_active}
    return sorted(
        (u for u in users if access.can_approve(u, pub_request)),
        key=get_user_model().get_username,
    )


@transaction.atomic
def publication_submit(
    *,
    user: Any,
    pub_request: PublicationRequest,
    comment: str = "",
    request: HttpRequest | None = None,
) -> PublicationRequest:
    """Send the resolved request to the 所属長. Every file scanned (none unscannable), every
    finding decided, and no mask on a file that cannot be masked (PDF …)."""
    access.require_applicant(user, pub_request)
    pub_request = _lock(pub_request)
    readiness = selectors.request_readiness(pub_request)
    if pub_request.status in OPEN_STATUSES and not readiness.ready:
        raise InvalidTransition(
            _("The request cannot be submitted yet: resolve what the page lists first."),
            detail={"blockers": readiness.blockers},
        )
    if pub_request.status in OPEN_STATUSES and not approvers(pub_request):
        raise InvalidTransition(
            _("No section manager is registered for your department; ask the security office.")
        )
    _transition(
        pub_request,
        to=RequestStatus.SUBMITTED,
        allowed_from=tuple(OPEN_STATUSES),
        actor=user,
        comment=comment.strip(),
    )
    audit_record(
        actor=user,
        action="publication.submitted",
        obj=pub_request,
        request=request,
        detail={"findings": readiness.findings, "comment": comment.strip()[:500]},
    )
    return pub_request


@transaction.atomic
def publication_return(
    *,
    user: Any,
    pub_request: PublicationRequest,
    comment: str,
    request: HttpRequest | None = None,
) -> PublicationRequest:
    """差戻し: back to the applicant, with the 所属長's comment (required)."""
    access.require_approver(user, pub_request)
    comment = comment.strip()
    if not comment:
        raise ValidationFailed(_("Say why the request is returned."))
    pub_request = _lock(pub_request)
    _transition(
        pub_request,
        to=RequestStatus.RETURNED,
        allowed_from=(RequestStatus.SUBMITTED,),
        actor=user,
        comment=comment,
    )
    audit_record(
        actor=user,
        action="publication.returned",
        obj=pub_request,
        request=request,
        detail={"comment": comment[:500]},
    )
    return pub_request


@transaction.atomic
def publication_withdraw(
    *,
    user: Any,
    pub_request: PublicationRequest,
    comment: str = "",
    request: HttpRequest | None = None,
) -> PublicationRequest:
    """取下げ by the applicant: nothing is published; the originals go after the retention."""
    access.require_applicant(user, pub_request)
    pub_request = _lock(pub_request)
    _transition(
        pub_request,
        to=RequestStatus.WITHDRAWN,
        allowed_from=(*OPEN_STATUSES, RequestStatus.SUBMITTED),
        actor=user,
        comment=comment.strip(),
    )
    audit_record(
        actor=user,
        action="publication.withdrawn",
        obj=pub_request,
        request=request,
        detail={"comment": comment.strip()[:500]},
    )
    return pub_request


@dataclass(frozen=True)
class _Output:
    file: PublicationFile
    filename: str
    data: bytes | None  # None: the original itself is published
    masked_count: int


def _output_name(filename: str) -> str:
    path = PurePath(filename)
    return safe_filename(f"{path.stem}_公開用{path.suffix}")


def _masked_copy(pub_file: PublicationFile, mask_hashes: set[str]) -> tuple[bytes, int]:
    """The masked copy of one file: the findings decided マスキング (by their keyed hash)
    masked, verified by `redact_file` (re-extracted and re-scanned) before it is kept."""
    from mamori_web.scanning import jobs

    key = jobs.hash_key()
    types = set(
        ScanFinding.objects.filter(job=pub_file.job, value_hash__in=mask_hashes).values_list(
            "type", flat=True
        )
    )

    def chosen(finding: Any) -> bool:
        return allowlist_entry(key, finding.type, finding.text) in mask_hashes

    job = pub_file.job
    with storage.plain_copy(job.blob_id, job.filename) as source:
        target = source.parent / f"masked{source.suffix}"
        try:
            report = redact_file(
                source, target, scanner=jobs.scanner(), mask=MASK, types=types, select=chosen
            )
        except NotRedactableError as err:
            raise ValidationFailed(
                _(
                    "%(file)s cannot be masked (PDF and similar formats): fix the source "
                    "document, export it again and replace the file."
                )
                % {"file": job.filename}
            ) from err
        except RedactionError as err:
            raise ValidationFailed(
                _("The masked copy of %(file)s could not be verified: %(error)s")
                % {"file": job.filename, "error": str(err).replace(str(source), job.filename)}
            ) from err
        return target.read_bytes(), len(report.masked)


def _outputs(pub_request: PublicationRequest) -> list[_Output]:
    decisions = selectors.latest_decision_kinds(pub_request)
    outputs = []
    for f in selectors.current_files(pub_request):
        masks = {
            value_hash
            for pk, value_hash in ScanFinding.objects.filter(job=f.job).values_list(
                "pk", "value_hash"
            )
            if decisions.get(pk) == Decision.MASK
        }
        if not masks:
            outputs.append(_Output(f, f.job.filename, None, 0))
            continue
        data, count = _masked_copy(f, masks)
        outputs.append(_Output(f, _output_name(f.job.filename), data, count))
    return outputs


def publication_approve(
    *,
    user: Any,
    pub_request: PublicationRequest,
    comment: str = "",
    request: HttpRequest | None = None,
) -> list[ApprovedFile]:
    """承認 by the 所属長: the publishable files are made (masked copies verified before
    anything is recorded), stored encrypted, and recorded with their SHA-256 beside the
    approval. A file whose masked copy fails stops the approval (nothing is recorded)."""
    access.require_approver(user, pub_request)
    if pub_request.status != RequestStatus.SUBMITTED:
        raise InvalidTransition(detail={"status": pub_request.status})
    readiness = selectors.request_readiness(pub_request)
    if not readiness.ready:  # changed since submission (cannot, but fail closed)
        raise InvalidTransition(detail={"blockers": readiness.blockers})
    outputs = _outputs(pub_request)  # slow part (scans), outside the transaction
    written: list[str] = []
    try:
        with transaction.atomic():
            pub_request = _lock(pub_request)
            _transition(
                pub_request,
                to=RequestStatus.APPROVED,
                allowed_from=(RequestStatus.SUBMITTED,),
                actor=user,
                comment=comment.strip(),
            )
            approved = []
            for out in outputs:
                job = out.file.job
                if out.data is None:
                    blob_id, sha, size = job.blob_id, job.sha256, job.size
                else:
                    blob_id = f"{job.id}-masked"
                    storage.write_blob(blob_id, out.data)
                    written.append(blob_id)
                    sha, size = hashlib.sha256(out.data).hexdigest(), len(out.data)
                approved.append(
                    ApprovedFile.objects.create(
                        request=pub_request,
                        file=out.file,
                        filename=out.filename,
                        blob_id=blob_id,
                        sha256=sha,
                        size=size,
                        masked=out.data is not None,
                        masked_count=out.masked_count,
                    )
                )
            audit_record(
                actor=user,
                action="publication.approved",
                obj=pub_request,
                request=request,
                detail={
                    "files": [
                        {"filename": a.filename, "sha256": a.sha256, "masked": a.masked_count}
                        for a in approved
                    ],
                    "comment": comment.strip()[:500],
                },
            )
            return approved
    except BaseException:
        for blob_id in written:
            storage.delete_blob(blob_id)
        raise


@transaction.atomic
def approved_file_download(
    *,
    user: Any,
    pub_request: PublicationRequest,
    approved: ApprovedFile,
    request: HttpRequest | None = None,
) -> bytes:
    """The approved file's bytes, for the applicant or the 所属長; each download recorded."""
    access.require_downloader(user, pub_request)
    try:
        data = storage.read_blob(approved.blob_id)
    except storage.BlobError as err:
        raise ValidationFailed(
            _("This file was deleted after its retention period; ask for a new check.")
        ) from err
    if hashlib.sha256(data).hexdigest() != approved.sha256:  # fail closed
        raise ValidationFailed(_("The stored file does not match its check record."))
    FileDownload.objects.create(approved_file=approved, user=user)
    audit_record(
        actor=user,
        action="publication.file_downloaded",
        obj=pub_request,
        request=request,
        detail={"filename": approved.filename, "sha256": approved.sha256},
    )
    return data


@transaction.atomic
def review_text_read(
    *,
    user: Any,
    pub_request: PublicationRequest,
    pub_file: PublicationFile,
    request: HttpRequest | None = None,
) -> str | None:
    """The extracted text of a file for the review screen (personal data: each reading is
    audited). None when it was deleted after the retention or the scan made none."""
    job = pub_file.job
    if job.purged_at is not None:
        return None
    try:
        text = storage.read_blob(job.text_blob_id).decode("utf-8")
    except storage.BlobError:
        return None
    audit_record(
        actor=user,
        action="publication.text_viewed",
        obj=pub_request,
        request=request,
        detail={"filename": job.filename},
    )
    return text


def publication_purge_expired(
    *, now: dt.datetime | None = None, days: int | None = None
) -> list[int]:
    """Delete the originals, extracted texts and masked copies of requests closed more than
    `days` (MAMORI_PUBLICATION_RETENTION_DAYS) ago; returns the requests purged. Findings
    (masked previews and keyed hashes), decisions and the check record stay."""
    now = now or timezone.now()
    keep = dt.timedelta(days=retention_days() if days is None else days)
    purged = []
    candidates = PublicationRequest.objects.filter(
        status__in=list(CLOSED_STATUSES), files__job__purged_at__isnull=True
    ).distinct()
    for pub_request in candidates:
        closed = selectors.closed_at(pub_request)
        if closed is None or closed + keep > now:
            continue
        with transaction.atomic():
            names = []
            for f in PublicationFile.objects.filter(request=pub_request).select_related("job"):
                storage.delete_blob(f"{f.job.id}-masked")
                if f.job.purged_at is None:
                    scan_job_purge(f.job, reason="publication retention")
                    names.append(f.job.filename)
            audit_record(
                actor=None,
                action="publication.originals_deleted",
                obj=pub_request,
                detail={
                    "files": names,
                    "closed_at": closed.isoformat(),
                    "retention_days": keep.days,
                },
            )
        purged.append(pub_request.pk)
    return purged
