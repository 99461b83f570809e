"""Scan jobs: encrypted at rest, scanned in worker processes, findings without values."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.utils import timezone

from mamori.pii import allowlist_entry, masked_preview
from mamori_web.errors import ValidationFailed
from mamori_web.scanning import jobs, storage
from mamori_web.scanning.models import ScanFinding, ScanJob, ScanStatus, Verdict
from mamori_web.scanning.services import safe_filename, scan_job_create, scan_job_purge

pytestmark = pytest.mark.django_db

Letter = tuple[str, str, str]


def _job(text: str, name: str = "お知らせ.txt") -> ScanJob:
    return scan_job_create(filename=name, data=text.encode("utf-8"), origin="test")


def test_the_upload_is_stored_encrypted_and_reads_back(
    settings: Any, resident_letter: Letter
) -> None:
    text, name, _phone = resident_letter
    job = _job(text)
    sealed = (Path(settings.MAMORI_HOME) / "uploads" / f"{job.id}.bin").read_bytes()
    assert name.split()[0].encode() not in sealed
    assert b"\xe7\x94\xb3" not in sealed
    assert storage.read_blob(job.blob_id) == text.encode("utf-8")
    assert job.status == ScanStatus.QUEUED
    assert job.size == len(text.encode())


def test_a_blob_under_another_id_or_altered_does_not_decrypt(
    settings: Any, resident_letter: Letter
) -> None:
    job = _job(resident_letter[0])
    root = Path(settings.MAMORI_HOME) / "uploads"
    other = "00000000-0000-0000-0000-000000000000"
    (root / f"{other}.bin").write_bytes((root / f"{job.id}.bin").read_bytes())
    with pytest.raises(storage.BlobError, match="does not decrypt"):
        storage.read_blob(other)
    data = bytearray((root / f"{job.id}.bin").read_bytes())
    data[-1] ^= 1
    (root / f"{job.id}.bin").write_bytes(bytes(data))
    with pytest.raises(storage.BlobError, match="does not decrypt"):
        storage.read_blob(job.blob_id)


def test_a_scan_stores_findings_with_masked_previews_and_keyed_hashes(
    resident_letter: Letter,
) -> None:
    text, name, phone = resident_letter
    job = _job(text)
    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == ScanStatus.DONE
    assert job.verdict == Verdict.FINDINGS
    assert job.summary["persons"] >= 1
    found = {f.type: f for f in job.findings.all()}
    assert {"PERSON", "ADDRESS", "PHONE"} <= set(found)
    person = found["PERSON"]
    assert person.preview[0] == name[0]
    assert set(person.preview[1:]) <= {"■", " "}
    assert person.value_hash == allowlist_entry(jobs.hash_key(), "PERSON", name)
    # no stored field holds the values
    for f in ScanFinding.objects.filter(job=job):
        stored = " ".join(str(v) for v in vars(f).values())
        assert name not in stored
        assert name.replace(" ", "") not in stored
        assert phone not in stored
    assert phone not in str(job.summary)
    # the extracted text is kept encrypted for the review screen, offsets match it
    shown = storage.read_blob(job.text_blob_id).decode()
    assert shown[person.start : person.end].replace(" ", "") == name.replace(" ", "")


def test_a_clean_file_is_clean_and_a_corrupt_one_unscannable() -> None:
    clean = _job("本日の会議は十時から第一会議室で行います。\n")
    broken = scan_job_create(filename="壊れた.docx", data=b"PK\x03\x04 not a zip", origin="test")
    assert jobs.run_pending() == 2
    clean.refresh_from_db()
    broken.refresh_from_db()
    assert clean.verdict == Verdict.CLEAN
    assert clean.findings.count() == 0
    assert broken.verdict == Verdict.UNSCANNABLE
    assert broken.error


def _sleeping_scan(state, item):  # type: ignore[no-untyped-def]
    time.sleep(30)


def test_a_scan_over_the_time_limit_is_unscannable_not_clean(
    settings: Any, monkeypatch: Any
) -> None:
    settings.MAMORI_SCAN_TIMEOUT = 0.5
    monkeypatch.setattr(jobs, "scan_blob", _sleeping_scan)
    job = _job("会議のお知らせ\n")
    started = time.monotonic()
    assert jobs.run_pending() == 1
    assert time.monotonic() - started < 20
    job.refresh_from_db()
    assert job.verdict == Verdict.UNSCANNABLE
    assert "longer than" in job.error


def test_claimed_jobs_are_not_claimed_twice() -> None:
    first, second = _job("一\n"), _job("二\n")
    claimed = jobs._claim(1)
    assert [j.pk for j in claimed] == [first.pk]
    assert [j.pk for j in jobs._claim(5)] == [second.pk]
    assert jobs._claim(5) == []


def test_a_job_left_running_by_a_dead_worker_is_queued_again_then_given_up() -> None:
    job = _job("会議\n")
    long_ago = timezone.now() - dt.timedelta(hours=3)
    ScanJob.objects.filter(pk=job.pk).update(
        status=ScanStatus.RUNNING, started_at=long_ago, attempts=1
    )
    assert jobs.requeue_stale() == 1
    job.refresh_from_db()
    assert job.status == ScanStatus.QUEUED
    ScanJob.objects.filter(pk=job.pk).update(
        status=ScanStatus.RUNNING, started_at=long_ago, attempts=jobs.MAX_ATTEMPTS
    )
    jobs.requeue_stale()
    job.refresh_from_db()
    assert job.status == ScanStatus.DONE
    assert job.verdict == Verdict.UNSCANNABLE


def test_a_stored_result_is_not_stored_twice(resident_letter: Letter) -> None:
    job = _job(resident_letter[0])
    jobs.run_pending()
    count = ScanFinding.objects.filter(job=job).count()
    from mamori_web.scanning.services import scan_job_store_result

    scan_job_store_result(job, {"findings": [], "summary": {}, "verdict": "clean"})
    assert ScanFinding.objects.filter(job=job).count() == count
    job.refresh_from_db()
    assert job.verdict == Verdict.FINDINGS


def test_purge_deletes_the_original_and_the_text_and_is_audited(resident_letter: Letter) -> None:
    from mamori_web.audittrail.models import AuditRecord

    job = _job(resident_letter[0])
    jobs.run_pending()
    assert scan_job_purge(job) is True
    with pytest.raises(storage.BlobError, match="gone"):
        storage.read_blob(job.blob_id)
    with pytest.raises(storage.BlobError, match="gone"):
        storage.read_blob(job.text_blob_id)
    assert scan_job_purge(job) is False
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"scan.job_created", "scan.job_finished", "scan.original_deleted"} <= actions
    assert job.findings.count() > 0  # the masked findings stay


def test_a_file_over_the_size_limit_is_refused_with_the_limit(settings: Any) -> None:
    settings.MAMORI_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationFailed, match="MB"):
        scan_job_create(filename="大きい.txt", data=b"x" * 2048, origin="test")
    assert ScanJob.objects.count() == 0


def test_file_names_lose_their_folders() -> None:
    assert safe_filename("C:\\Users\\職員\\名簿.xlsx") == "名簿.xlsx"
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("") == "upload"


@pytest.mark.parametrize(
    ("label", "value", "preview"),
    [
        ("PERSON", "山田 太郎", "山■ ■■"),
        ("PHONE", "03-1234-5678", "■■-■■■■-■■78"),
        ("EMAIL", "taro@example.jp", "t■■■@example.jp"),
        ("POSTAL_CODE", "123-4567", "■■■-■■■■"),
    ],
)
def test_masked_previews_show_too_little_to_identify(label: str, value: str, preview: str) -> None:
    assert masked_preview(label, value) == preview


@pytest.mark.django_db(transaction=True)  # the worker thread has its own connection
def test_the_background_worker_scans_an_upload_when_woken() -> None:
    job = _job("会議のお知らせ\n")
    worker = jobs.BackgroundWorker(poll_seconds=0.2)
    worker.start()
    try:
        jobs.wake()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                job.refresh_from_db()
            except OperationalError:  # the worker holds SQLite's shared-cache table lock
                continue
            if job.finished:
                break
            time.sleep(0.1)
    finally:
        worker.stop()
        worker.join(10)
    assert job.verdict == Verdict.CLEAN


def test_a_busy_database_when_storing_is_retried_not_lost(monkeypatch: Any) -> None:
    from mamori_web.scanning import services

    job = _job("会議のお知らせ\n")
    calls = {"n": 0}
    real = services.scan_job_store_result

    def busy_twice(j: ScanJob, result: dict[str, Any]) -> ScanJob:
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OperationalError("database table is locked")
        return real(j, result)

    monkeypatch.setattr(jobs, "scan_job_store_result", busy_twice)
    monkeypatch.setattr("mamori_web.scanning.jobs.time.sleep", lambda _s: None)
    assert jobs.run_pending() == 1
    assert calls["n"] == 3
    job.refresh_from_db()
    assert job.verdict == Verdict.CLEAN
