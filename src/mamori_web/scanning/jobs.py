"""The background scan: claim queued jobs, scan them in killable worker processes.

`run_pending()` claims queued jobs (atomically: two workers never take the same job),
scans them with `mamori._workers.run_isolated` — each file in a child process with a time
limit, so a hostile or broken upload can neither hang nor crash the web application — and
stores the results. A scan that times out or crashes makes the file *unscannable*, never
clean.

Where it runs:

- ``mamori up`` / ``mamori web`` start a `BackgroundWorker` thread in the web process
  (embedded default, no other server); a new upload wakes it at once.
- ``mamori manage scan_worker`` runs the same loop as its own process (production: one or
  more beside the web servers, all claiming from the same PostgreSQL table).

The scanner (SudachiPy's dictionary, the rule packs, the EDM index when configured) is
built once per process and inherited by the forked children.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

from mamori._workers import Failure, run_isolated
from mamori.pii import Scanner, allowlist_entry, masked_preview
from mamori.pii.extract import extract
from mamori_web.scanning import storage
from mamori_web.scanning.models import ScanJob, ScanStatus, Verdict
from mamori_web.scanning.services import (
    scan_job_store_failure,
    scan_job_store_result,
    scan_workers,
)

__all__ = [
    "BackgroundWorker",
    "requeue_stale",
    "run_pending",
    "scan_blob",
    "scanner",
    "wake",
]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
_wake = threading.Event()
_scanner_lock = threading.Lock()
_scanner: Scanner | None = None


def wake() -> None:
    """Tell an in-process worker that a job was queued."""
    _wake.set()


def scan_timeout() -> float:
    return float(getattr(settings, "MAMORI_SCAN_TIMEOUT", 300))


def scanner() -> Scanner:
    """The process's scanner, built once (with the EDM index when one is configured)."""
    global _scanner
    with _scanner_lock:
        if _scanner is None:
            edm = None
            paths = getattr(settings, "MAMORI_EDM_INDEXES", [])
            if paths:
                from mamori.pii.edm import EdmMatcher

                edm = EdmMatcher.open(
                    paths, key_file=getattr(settings, "MAMORI_EDM_KEY_FILE", None)
                )
            _scanner = Scanner(edm=edm)
            _scanner.scan_text("山田太郎様")  # load the dictionary before the first upload
        return _scanner


def hash_key() -> bytes:
    """The installation key of the findings' keyed hashes (the allowlist's key)."""
    return storage.installation_key("mamori_key", env_var="MAMORI_KEY")


def scan_blob(state: tuple[Scanner, bytes], item: tuple[str, str]) -> dict[str, Any]:
    """Scan one stored upload (in a worker process): findings without their values."""
    scan, key = state
    blob_id, filename = item
    with storage.plain_copy(blob_id, filename) as path:
        extracted = extract(path)
        result = scan.scan(extracted)
    storage.write_blob(f"{blob_id}-text", extracted.text.encode("utf-8"))
    findings = []
    for f in result.findings:
        findings.append(
            {
                "type": f.type,
                "start": f.start,
                "end": f.end,
                "score": round(f.score, 4),
                "detector": f.detector,
                "preview": masked_preview(f.type, f.text),
                "value_hash": allowlist_entry(key, f.type, f.text),
                "page": f.location.page,
                "sheet": f.location.sheet or "",
                "cell": f.location.cell or "",
                "part": (f.location.part or "")[:255],
                "explanation": f.explanation.describe(),
                "matched_fields": list(f.matched_fields),
            }
        )
    summary = result.summary.to_json()
    if not result.ok:
        verdict = Verdict.UNSCANNABLE
    else:
        verdict = Verdict.FINDINGS if findings else Verdict.CLEAN
    return {
        "findings": findings,
        "summary": summary,
        "verdict": str(verdict),
        "error": (result.error or "") if not result.ok else "",
    }


def _claim(limit: int) -> list[ScanJob]:
    with transaction.atomic():
        queued = ScanJob.objects.filter(status=ScanStatus.QUEUED).order_by("created_at")
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        picked = [job.pk for job in queued[:limit]]
        if not picked:
            return []
        ScanJob.objects.filter(pk__in=picked, status=ScanStatus.QUEUED).update(
            status=ScanStatus.RUNNING,
            started_at=timezone.now(),
            attempts=F("attempts") + 1,
            progress=10,
        )
    return list(ScanJob.objects.filter(pk__in=picked, status=ScanStatus.RUNNING))


def requeue_stale(*, older_than: dt.timedelta | None = None) -> int:
    """Jobs left running by a worker that died: queued again, or unscannable after 3 tries."""
    older_than = older_than or dt.timedelta(seconds=scan_timeout() * 2 + 60)
    stale = ScanJob.objects.filter(
        status=ScanStatus.RUNNING, started_at__lt=timezone.now() - older_than
    )
    count = 0
    for job in stale:
        if job.attempts >= MAX_ATTEMPTS:
            scan_job_store_failure(job, f"the scan was interrupted {job.attempts} times")
        else:
            ScanJob.objects.filter(pk=job.pk, status=ScanStatus.RUNNING).update(
                status=ScanStatus.QUEUED, progress=0
            )
        count += 1
    return count


def _failure_reason(failure: Failure) -> str:
    if failure.kind == "timeout":
        return f"the scan took longer than {scan_timeout():.0f} s and was stopped"
    if failure.kind == "crash":
        return f"the scanner crashed on this file ({failure.detail})"
    return f"the scan failed: {failure.detail}"


def run_pending(*, limit: int = 8, jobs: int | None = None) -> int:
    """Claim and scan up to `limit` queued jobs; returns how many were finished."""
    claimed = _claim(limit)
    if not claimed:
        return 0
    state = (scanner(), hash_key())
    by_id = {job.blob_id: job for job in claimed}
    items = [(job.blob_id, job.filename) for job in claimed]
    done = 0
    outcomes = run_isolated(
        items,
        init=lambda: state,
        task=scan_blob,
        jobs=min(jobs or scan_workers(), len(items)),
        timeout=scan_timeout(),
    )
    for (blob_id, _name), outcome in outcomes:
        job = by_id[blob_id]
        if _store(job, outcome):
            done += 1
    return done


def _store(job: ScanJob, outcome: dict[str, Any] | Failure) -> bool:
    """Store one outcome, retrying a busy database; False leaves the job to be requeued."""
    error: Exception | None = None
    for delay in (0.1, 0.5, 2.0, None):
        try:
            if isinstance(outcome, Failure):
                scan_job_store_failure(job, _failure_reason(outcome))
            else:
                scan_job_store_result(job, outcome)
            return True
        except OperationalError as err:  # locked or busy (SQLite), a lost connection
            error = err
            if delay is None:
                break
            if not connection.in_atomic_block:  # (a caller's transaction stays its own)
                close_old_connections()  # a broken connection is replaced
            time.sleep(delay)
        except Exception as err:  # a store error must not lose the other results
            error = err
            break
    log.error(
        "storing the result of scan job %s failed; it will be scanned again",
        job.pk,
        exc_info=error,
    )
    return False


class BackgroundWorker(threading.Thread):
    """Scans queued jobs in the web process until stopped (the embedded default)."""

    def __init__(self, *, poll_seconds: float = 5.0) -> None:
        super().__init__(name="mamori-scan-worker", daemon=True)
        self.poll_seconds = poll_seconds
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()
        _wake.set()

    def run(self) -> None:
        while not self._stop_event.is_set():
            _wake.clear()
            try:
                close_old_connections()
                requeue_stale()
                finished = run_pending()
            except Exception:
                log.exception("the scan worker failed; retrying")
                finished = 0
            finally:
                close_old_connections()
            if not finished:
                _wake.wait(self.poll_seconds)
