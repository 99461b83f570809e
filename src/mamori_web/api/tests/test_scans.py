"""POST /api/v1/scans and GET /api/v1/scans/{id}: success paths and every error."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mamori_web.api.models import ApiScan
from mamori_web.api.tests.conftest import CLEAN_TEXT, Caller
from mamori_web.audittrail.models import AuditRecord
from mamori_web.scanning import jobs
from mamori_web.scanning.models import ScanJob

pytestmark = pytest.mark.django_db

Letter = tuple[str, str, str]


def _scanned(cms: Caller, response: Any) -> dict[str, Any]:
    """Run the worker for a 202 and fetch the result."""
    assert response.status_code == 202, response.content
    body = response.json()
    assert response["Location"] == f"/api/v1/scans/{body['id']}"
    assert int(response["Retry-After"]) >= 1
    assert body["status"] == "queued"
    assert body["verdict"] is None
    assert jobs.run_pending() == 1
    done = cms.get(body["id"])
    assert done.status_code == 200, done.content
    return dict(done.json())


def test_a_document_with_personal_data_has_findings_with_masked_text(
    cms: Caller, resident_letter: Letter
) -> None:
    text, name, phone = resident_letter
    body = _scanned(cms, cms.post_file(text.encode(), "申請書.txt"))
    assert body["status"] == "ok"
    assert body["verdict"] == "findings"
    assert body["path"] == "申請書.txt"
    assert body["error"] is None
    types = {f["type"] for f in body["findings"]}
    assert {"PERSON", "ADDRESS", "PHONE"} <= types
    person = next(f for f in body["findings"] if f["type"] == "PERSON")
    assert person["text"][0] == name[0]
    assert set(person["text"][1:]) <= {"■", " "}
    assert person["end"] - person["start"] == len(name)
    assert person["location"] == {"page": None, "sheet": None, "cell": None}
    assert body["summary"]["persons"] >= 1
    # the response never carries the values found
    raw = json.dumps(body, ensure_ascii=False)
    assert name not in raw
    assert name.replace(" ", "") not in raw
    assert phone not in raw


def test_a_clean_document_is_clean(cms: Caller) -> None:
    body = _scanned(cms, cms.post_raw(CLEAN_TEXT.encode(), "お知らせ.txt"))
    assert body["verdict"] == "clean"
    assert body["findings"] == []
    assert body["summary"]["persons"] == 0


def test_a_raw_body_named_by_its_content_type_only(cms: Caller) -> None:
    response = cms.http.generic(
        "POST", "/api/v1/scans", CLEAN_TEXT.encode(), content_type="text/csv", **cms.auth()
    )
    body = _scanned(cms, response)
    assert body["path"] == "upload.csv"


def test_an_unreadable_file_is_unscannable_never_clean(cms: Caller) -> None:
    body = _scanned(cms, cms.post_file(b"PK\x03\x04 this is no zip at all", "名簿.xlsx"))
    assert body["status"] == "unscannable"
    assert body["verdict"] == "unscannable"
    assert body["error"]
    assert body["findings"] == []


def test_the_scan_belongs_to_the_clients_department(cms: Caller) -> None:
    body = cms.post_raw(CLEAN_TEXT.encode(), "a.txt", HTTP_X_PAGE_URL="https://city.example/a")
    job = ScanJob.objects.get(pk=body.json()["id"])
    assert job.origin == "api"
    assert job.department == cms.client.department
    scan = ApiScan.objects.get(job=job)
    assert scan.client == cms.client
    assert scan.page_url == "https://city.example/a"
    assert body.json()["page_url"] == "https://city.example/a"


def test_post_waits_for_the_running_worker_and_answers_200(
    cms: Caller, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the worker of `mamori up` runs beside the view: here its pass runs in the view's wait
    settings.MAMORI_API_WAIT_SECONDS = 600
    from mamori_web.api import views

    monkeypatch.setattr(views, "_pause", lambda _seconds: jobs.run_pending())
    response = cms.post_raw(CLEAN_TEXT.encode(), "お知らせ.txt")
    assert response.status_code == 200
    assert response.json()["verdict"] == "clean"


# --- errors ---------------------------------------------------------------------------


def test_too_large_is_413_and_names_the_limit(cms: Caller, settings: Any) -> None:
    settings.MAMORI_MAX_UPLOAD_BYTES = 1000
    for response in (
        cms.post_raw(b"a" * 1001, "big.txt"),
        cms.post_file(b"a" * 1001, "big.txt"),
    ):
        assert response.status_code == 413
        error = response.json()
        assert error["code"] == "payload_too_large"
        assert error["detail"]["limit"] == 1000
        assert "1000 バイト" in error["message"]
    assert ScanJob.objects.count() == 0


def test_too_large_is_refused_on_content_length_before_reading(cms: Caller, settings: Any) -> None:
    settings.MAMORI_MAX_UPLOAD_BYTES = 1000
    response = cms.http.generic(
        "POST",
        "/api/v1/scans",
        b"small",
        content_type="text/plain",
        CONTENT_LENGTH="50000000",
        HTTP_X_FILENAME="a.txt",
        **cms.auth(),
    )
    assert response.status_code == 413
    assert response.json()["detail"] == {"size": 50_000_000, "limit": 1000}


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "写真.png"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "写真.pdf"),  # the content decides
        (b"MZ\x90\x00" + b"\x00" * 32, "setup.exe"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "古い文書.doc"),
    ],
)
def test_unsupported_types_are_415_with_the_supported_list(
    cms: Caller, data: bytes, name: str
) -> None:
    response = cms.post_file(data, name)
    assert response.status_code == 415
    error = response.json()
    assert error["code"] == "unsupported_media_type"
    assert ".docx" in error["detail"]["supported"]
    assert ".pdf" in error["message"]
    assert ScanJob.objects.count() == 0


def test_an_empty_file_or_no_file_is_400(cms: Caller) -> None:
    empty = cms.post_file(b"", "空.txt")
    assert empty.status_code == 400
    assert empty.json()["code"] == "validation_failed"
    missing = cms.http.post("/api/v1/scans", {"page_url": "https://x.example/"}, **cms.auth())
    assert missing.status_code == 400
    assert missing.json()["detail"] == {"field": "file"}
    bad_url = cms.post_file(b"abc", "a.txt", page_url="javascript:alert(1)")
    assert bad_url.status_code == 400
    assert bad_url.json()["detail"] == {"field": "page_url"}


def test_another_clients_scan_is_404_like_a_missing_one(cms: Caller, other_cms: Caller) -> None:
    mine = cms.post_raw(CLEAN_TEXT.encode(), "a.txt").json()["id"]
    theirs = other_cms.get(mine)
    missing = other_cms.get("00000000-0000-4000-8000-000000000000")
    garbage = other_cms.get("not-a-uuid")
    assert theirs.status_code == missing.status_code == garbage.status_code == 404
    assert theirs.json() == missing.json() == garbage.json()
    assert theirs.json()["code"] == "not_found"
    assert cms.get(mine).status_code == 202


def test_the_scan_rate_limit_is_429_with_retry_after_and_audited_once(
    cms: Caller, other_cms: Caller, settings: Any
) -> None:
    settings.MAMORI_API_SCANS_PER_MINUTE = 2
    codes = [cms.post_raw(CLEAN_TEXT.encode(), "a.txt").status_code for _ in range(4)]
    assert codes == [202, 202, 429, 429]
    refused = cms.post_raw(CLEAN_TEXT.encode(), "a.txt")
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert AuditRecord.objects.filter(action="api.rate_limited").count() == 1
    # another system has its own counter
    assert other_cms.post_raw(CLEAN_TEXT.encode(), "a.txt").status_code == 202


def test_too_many_waiting_files_is_429(cms: Caller, settings: Any) -> None:
    settings.MAMORI_API_MAX_PENDING = 2
    codes = [cms.post_raw(CLEAN_TEXT.encode(), "a.txt").status_code for _ in range(3)]
    assert codes == [202, 202, 429]
    jobs.run_pending()
    assert cms.post_raw(CLEAN_TEXT.encode(), "a.txt").status_code == 202


def test_reads_have_their_own_limit(cms: Caller, settings: Any) -> None:
    settings.MAMORI_API_READS_PER_MINUTE = 1
    scan_id = cms.post_raw(CLEAN_TEXT.encode(), "a.txt").json()["id"]
    assert cms.get(scan_id).status_code == 202
    assert cms.get(scan_id).status_code == 429


def test_wrong_methods_and_unknown_endpoints_answer_json(cms: Caller) -> None:
    listing = cms.http.get("/api/v1/scans", **cms.auth())
    assert listing.status_code == 405
    assert listing["Allow"] == "POST"
    unknown = cms.http.post("/api/v1/nothing", **cms.auth())
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "not_found"


def test_scan_requests_and_rejections_are_audited_without_contents(
    cms: Caller, resident_letter: Letter, settings: Any
) -> None:
    text, name, phone = resident_letter
    scan_id = cms.post_file(text.encode(), "申請書.txt").json()["id"]
    cms.post_file(b"", "empty.txt")
    jobs.run_pending()
    requested = AuditRecord.objects.get(action="api.scan_requested")
    assert requested.object_id == scan_id
    assert requested.department == cms.client.department
    assert requested.detail["client_name"] == "CMS（広報課）"
    assert requested.detail["filename"] == "申請書.txt"
    rejected = AuditRecord.objects.get(action="api.scan_rejected")
    assert rejected.detail["code"] == "validation_failed"
    everything = json.dumps([r.detail for r in AuditRecord.objects.all()], ensure_ascii=False)
    assert name not in everything
    assert phone not in everything
    assert cms.token not in everything


def test_a_multipart_upload_stays_in_memory_whatever_its_size(
    cms: Caller, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Django spools a large upload to a temporary file in clear; the API never lets it
    from django.core.files import uploadedfile

    spooled: list[str] = []
    real_init = uploadedfile.TemporaryUploadedFile.__init__

    def spy(self: Any, *args: Any, **kwargs: Any) -> None:
        spooled.append(str(args[:1]))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", spy)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    response = cms.post_file(CLEAN_TEXT.encode() * 50, "長いお知らせ.txt")
    assert response.status_code == 202
    assert ScanJob.objects.get().size == len(CLEAN_TEXT.encode()) * 50
    assert spooled == []
