"""The pages through the test client: upload → progress → review → decide → submit →
approve → download, the check record (HTML and PDF), the dashboard, and 404s outside the
scope."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from mamori.synth import Person
from mamori_web.org.models import Role
from mamori_web.publication import selectors
from mamori_web.publication.models import PublicationRequest, RequestStatus
from mamori_web.scanning import jobs
from mamori_web.scanning.models import ScanFinding
from mamori_web.testing import World, make_staff

from .conftest import CLEAN_NOTICE, MakeRequest, letter

pytestmark = pytest.mark.django_db

MANAGER = str(Role.SECTION_MANAGER)


def _client(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.users[key])
    return client


def _no_inline_script_or_style(html: str) -> None:
    assert " style=" not in html
    assert "<style" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag
    assert " onclick=" not in html


def test_the_flow_through_the_pages(world: World, residents: list[Person]) -> None:
    person = residents[0]
    name = f"{person.surname} {person.given_name}"
    staff = _client(world, "staff")
    page = staff.get("/publication/new/")
    assert page.status_code == 200
    assert 'data-testid="request-files"' in page.content.decode()
    response = staff.post(
        "/publication/new/",
        {
            "target_page": "https://www.city.example.jp/shimin/notice.html",
            "publish_on": "2026-05-01",
            "note": "試験",
            "uploads": [
                SimpleUploadedFile("お知らせ.txt", letter(person).encode()),
                SimpleUploadedFile("開庁時間.txt", CLEAN_NOTICE.encode()),
            ],
        },
    )
    assert response.status_code == 302
    pub_request = PublicationRequest.objects.get()
    assert response["Location"] == f"/publication/{pub_request.pk}/"
    detail = staff.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in detail  # polling while scanning
    assert "0 / 2" in detail
    progress = staff.get(f"/publication/{pub_request.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in progress
    while jobs.run_pending():
        pass
    progress = staff.get(f"/publication/{pub_request.pk}/progress/", HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    detail = staff.get(f"/publication/{pub_request.pk}/").content.decode()
    _no_inline_script_or_style(detail)
    assert "2 / 2" in detail
    assert "hx-trigger" not in detail
    letter_file = selectors.current_files(pub_request)[0]
    review_url = f"/publication/{pub_request.pk}/files/{letter_file.pk}/"
    review = staff.get(review_url).content.decode()
    _no_inline_script_or_style(review)
    for tag in ("[氏名]", "[住所]", "[電話番号]"):  # visible labels, not colour only
        assert tag in review
    assert name in review  # the reviewer sees the text itself (extracted, decrypted)
    assert "publication/review.js" in review
    assert re.search(r"\d+世帯\d+人分", review)
    findings = list(ScanFinding.objects.filter(job=letter_file.job))
    phone = next(f for f in findings if f.type == "PHONE")
    # a reason is required for そのまま公開: refused, shown on the row (htmx)
    row = staff.post(
        f"/publication/{pub_request.pk}/decide/",
        {"finding": phone.pk, "decision": "publish", "reason": ""},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f'id="row-{phone.pk}"' in row
    assert "理由" in row
    assert 'data-decision=""' in row
    row = staff.post(
        f"/publication/{pub_request.pk}/decide/",
        {"finding": phone.pk, "decision": "publish", "reason": "窓口の代表番号"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'data-decision="publish"' in row
    assert 'hx-swap-oob="true"' in row
    for t in ("PERSON", "ADDRESS"):
        response = staff.post(
            f"/publication/{pub_request.pk}/decide-type/",
            {"finding_type": t, "decision": "mask", "reason": "", "file": letter_file.pk},
        )
        assert response.status_code == 302
    remaining = [f for f in findings if f.type not in ("PERSON", "ADDRESS", "PHONE")]
    for f in remaining:
        staff.post(f"/publication/{pub_request.pk}/decide/", {"finding": f.pk, "decision": "mask"})
    assert selectors.request_readiness(pub_request).ready
    response = staff.post(f"/publication/{pub_request.pk}/submit/", {"comment": "確認済み"})
    assert response.status_code == 302
    pub_request.refresh_from_db()
    assert pub_request.status == RequestStatus.SUBMITTED
    # the 課長 sees it awaiting approval and approves
    manager = _client(world, MANAGER)
    listing = manager.get("/publication/").content.decode()
    assert f'data-testid="awaiting-{pub_request.pk}"' in listing
    detail = manager.get(f"/publication/{pub_request.pk}/").content.decode()
    assert 'data-testid="approve-request"' in detail
    response = manager.post(f"/publication/{pub_request.pk}/approve/", {"comment": ""})
    assert response.status_code == 302
    pub_request.refresh_from_db()
    assert pub_request.status == RequestStatus.APPROVED
    approved = selectors.approved_files(pub_request)
    masked = next(a for a in approved if a.masked)
    download = staff.get(f"/publication/{pub_request.pk}/approved/{masked.pk}/")
    assert download.status_code == 200
    body = download.content.decode()
    assert name not in body
    assert person.phone in body
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    # the check record, as a page and as PDF
    record = manager.get(f"/publication/{pub_request.pk}/record/").content.decode()
    assert masked.sha256 in record
    assert "窓口の代表番号" in record
    assert name not in record  # previews only
    pdf = manager.get(f"/publication/{pub_request.pk}/record.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # the dashboard counts it
    board = manager.get("/publication/dashboard/").content.decode()
    _no_inline_script_or_style(board)
    assert 'data-testid="status-count-approved">1<' in board
    assert "<svg" in board


def test_the_create_form_reports_a_file_over_the_limit(world: World, settings: object) -> None:
    settings.MAMORI_MAX_UPLOAD_BYTES = 10  # type: ignore[attr-defined]
    staff = _client(world, "staff")
    response = staff.post(
        "/publication/new/",
        {
            "target_page": "x",
            "publish_on": "2026-05-01",
            "uploads": [SimpleUploadedFile("a.txt", b"x" * 20)],
        },
    )
    assert response.status_code == 200
    assert "MB" in response.content.decode()
    assert not PublicationRequest.objects.exists()


@pytest.mark.parametrize(
    "key", [str(Role.DEPT_HEAD), str(Role.STAFF), str(Role.CONTRACTOR), MANAGER]
)
def test_pages_outside_the_scope_are_404(world: World, make_request: MakeRequest, key: str) -> None:
    make_staff(world, "b1", "ka_b1")
    other = make_request(user_key="b1")
    pub_file = selectors.current_files(other)[0]
    client = _client(world, key)
    for url in (
        f"/publication/{other.pk}/",
        f"/publication/{other.pk}/progress/",
        f"/publication/{other.pk}/files/{pub_file.pk}/",
        f"/publication/{other.pk}/record/",
        f"/publication/{other.pk}/record.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/publication/{other.pk}/approve/").status_code == 404
    missing = other.pk + 999
    assert client.get(f"/publication/{missing}/").status_code == 404


def test_the_department_head_reads_but_cannot_act(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request()
    head = _client(world, str(Role.DEPT_HEAD))
    detail = head.get(f"/publication/{pub_request.pk}/").content.decode()
    assert 'data-testid="approve-request"' not in detail
    assert 'data-testid="submit-request"' not in detail
    pub_file = selectors.current_files(pub_request)[0]
    review = head.get(f"/publication/{pub_request.pk}/files/{pub_file.pk}/").content.decode()
    assert "decide-mask-" not in review
    finding = ScanFinding.objects.filter(job=pub_file.job).first()
    assert finding is not None
    response = head.post(
        f"/publication/{pub_request.pk}/decide/", {"finding": finding.pk, "decision": "mask"}
    )
    assert response.status_code == 403
    assert head.post(f"/publication/{pub_request.pk}/approve/").status_code == 403
    pub_request.refresh_from_db()
    assert pub_request.status == RequestStatus.REVIEW


def test_the_navigation_leads_to_the_app_and_the_portal_card(world: World) -> None:
    staff = _client(world, "staff")
    html = staff.get("/").content.decode()
    assert 'href="/publication/"' in html
    assert 'data-testid="publication-card"' in html
    assert staff.get("/areas/publication/").status_code == 404  # no longer 未実装


def test_japanese_first(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request()
    html = _client(world, "staff").get(f"/publication/{pub_request.pk}/").content.decode()
    assert "公開前チェック" in html
    assert "確認中" in html


def test_purge_command(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request()
    from mamori_web.publication import services

    services.publication_withdraw(user=world.users["staff"], pub_request=pub_request)
    out = io.StringIO()
    call_command("purge_publication", "--days", "0", stdout=out)
    assert "1 request" in out.getvalue()
    assert selectors.current_files(pub_request)[0].job.purged_at is not None
