"""Reads of the API: a scan as the JSON of spec/pii.md, the client list."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mamori_web.api.models import ApiClient, ApiScan
from mamori_web.scanning.models import ScanJob, ScanStatus, Verdict

__all__ = ["api_client_list", "api_scan_document"]


def _status(job: ScanJob) -> str:
    if job.status in (ScanStatus.QUEUED, ScanStatus.RUNNING):
        return str(job.status)
    if job.status == ScanStatus.DONE and job.verdict in (Verdict.CLEAN, Verdict.FINDINGS):
        return "ok"
    return "unscannable"  # failed, or done without a usable verdict: never clean


def api_scan_document(*, scan: ApiScan) -> dict[str, Any]:
    """The file entry of spec/pii.md for one API scan, plus its id, status and verdict.

    ``text`` of a finding is its masked preview: the raw value was never stored.
    """
    job = scan.job
    status = _status(job)
    finished = status in ("ok", "unscannable")
    verdict: str | None = None
    if finished:
        verdict = str(job.verdict) if status == "ok" else str(Verdict.UNSCANNABLE)
    findings: list[dict[str, Any]] = []
    if finished:
        for f in job.findings.all():
            location: dict[str, Any] = {
                "page": f.page,
                "sheet": f.sheet or None,
                "cell": f.cell or None,
            }
            if f.part:
                location["part"] = f.part
            entry: dict[str, Any] = {
                "type": f.type,
                "start": f.start,
                "end": f.end,
                "text": f.preview,
                "score": round(f.score, 3),
                "detector": f.detector,
                "location": location,
                "explanation": f.explanation,
            }
            if f.matched_fields:
                entry["matched_fields"] = list(f.matched_fields)
            findings.append(entry)
    error: str | None = None
    if status == "unscannable":
        error = job.error or "unscannable"
    return {
        "id": str(job.id),
        "status": status,
        "verdict": verdict,
        "path": job.filename,
        "size": job.size,
        "sha256": job.sha256,
        "page_url": scan.page_url or None,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "findings": findings,
        "summary": {"persons": 0, "households": 0, "by_type": {}, **job.summary}
        if finished
        else None,
        "error": error,
    }


def api_client_list() -> QuerySet[ApiClient]:
    return ApiClient.objects.select_related("department", "created_by").prefetch_related("tokens")
