"""Creating scan jobs and storing their results (each write with its audit record).

`scan_job_create` stores the upload encrypted and queues the job; the worker (`jobs`)
scans it and calls `scan_job_store_result`. `scan_job_purge` deletes the encrypted
original and extracted text once the owning workflow no longer needs them; the findings'
masked previews and keyed hashes stay.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mamori_web.audittrail.services import audit_record
from mamori_web.errors import ValidationFailed
from mamori_web.org.models import Department
from mamori_web.scanning import storage
from mamori_web.scanning.models import ScanFinding, ScanJob, ScanStatus, Verdict

__all__ = [
    "max_upload_bytes",
    "safe_filename",
    "scan_job_create",
    "scan_job_purge",
    "scan_job_store_failure",
    "scan_job_store_result",
]


def max_upload_bytes() -> int:
    return int(getattr(settings, "MAMORI_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))


def safe_filename(name: str) -> str:
    """The file's own name, without any folder a browser or client sent along."""
    base = PurePath(name.replace("\\", "/")).name.strip()
    base = "".join(ch for ch in base if ch.isprintable())
    return base[:255] or "upload"


@transaction.atomic
def scan_job_create(
    *,
    filename: str,
    data: bytes,
    origin: str,
    department: Department | None = None,
    requested_by: Any = None,
    request: HttpRequest | None = None,
) -> ScanJob:
    """Store `data` encrypted and queue it for scanning; returns the queued job."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ValidationFailed(
            _(
                "The file is larger than the limit of %(mb)d MB."
                " Split it or ask the security office."
            )
            % {"mb": limit // (1024 * 1024)},
            detail={"size": len(data), "limit": limit},
        )
    user = requested_by if getattr(requested_by, "is_authenticated", False) else None
    job = ScanJob.objects.create(
        origin=origin,
        filename=safe_filename(filename),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        department=department,
        requested_by=user,
    )
    storage.write_blob(job.blob_id, data)
    # a failed transaction leaves no readable orphan behind
    transaction.on_commit(_wake_worker, robust=True)
    audit_record(
        actor=requested_by,
        action="scan.job_created",
        obj=job,
        department=department,
        request=request,
        detail={"filename": job.filename, "size": job.size, "sha256": job.sha256, "origin": origin},
    )
    return job


def _wake_worker() -> None:
    from mamori_web.scanning import jobs

    jobs.wake()


@transaction.atomic
def scan_job_store_result(job: ScanJob, result: dict[str, Any]) -> ScanJob:
    """Store a worker's result (`jobs.scan_blob`): findings, summary and verdict."""
    job = ScanJob.objects.select_for_update().get(pk=job.pk)
    if job.finished:
        return job  # stored already (a retried worker): nothing is duplicated
    ScanFinding.objects.filter(job=job).delete()
    _insert_findings(job, result["findings"])
    job.summary = result["summary"]
    job.verdict = result["verdict"]
    job.error = result.get("error", "")
    job.status = ScanStatus.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save()
    audit_record(
        actor=None,
        action="scan.job_finished",
        obj=job,
        department=job.department,
        detail={
            "verdict": job.verdict,
            "findings": len(result["findings"]),
            "error": job.error[:200],
        },
    )
    return job


def _insert_findings(job: ScanJob, findings: list[dict[str, Any]]) -> None:
    """One INSERT executed for all rows: a 5,000-row register has some 25,000 findings,
    which bulk_create would send as hundreds of statements (SQLite's variable limit)."""
    if not findings:
        return
    meta = ScanFinding._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = []
    for i, values in enumerate(findings):
        finding = ScanFinding(job=job, index=i, **values)  # defaults and field checks
        rows.append([f.get_db_prep_save(getattr(finding, f.attname), connection) for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})",
            rows,
        )


@transaction.atomic
def scan_job_store_failure(job: ScanJob, reason: str) -> ScanJob:
    """The scan could not finish (time limit, crash, unreadable blob): never "clean"."""
    job = ScanJob.objects.select_for_update().get(pk=job.pk)
    if job.finished:
        return job
    job.status = ScanStatus.DONE
    job.verdict = Verdict.UNSCANNABLE
    job.error = reason
    job.progress = 100
    job.finished_at = timezone.now()
    job.save()
    audit_record(
        actor=None,
        action="scan.job_unscannable",
        obj=job,
        department=job.department,
        detail={"error": reason[:200]},
    )
    return job


@transaction.atomic
def scan_job_purge(job: ScanJob, *, actor: Any = None, reason: str = "retention") -> bool:
    """Delete the encrypted original and extracted text; True when anything was deleted."""
    job = ScanJob.objects.select_for_update().get(pk=job.pk)
    if job.purged_at is not None:
        return False
    deleted = storage.delete_blob(job.blob_id)
    deleted = storage.delete_blob(job.text_blob_id) or deleted
    job.purged_at = timezone.now()
    job.save(update_fields=["purged_at"])
    audit_record(
        actor=actor,
        action="scan.original_deleted",
        obj=job,
        department=job.department,
        detail={"reason": reason},
    )
    return deleted


def scan_workers() -> int:
    return max(1, int(getattr(settings, "MAMORI_SCAN_WORKERS", min(2, os.cpu_count() or 1))))
