"""The 公開前チェック workflow: request → scan → decisions → submit → 差戻し/承認 → download,
with append-only records and an audit record for every step."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from typing import Any

import pytest
from django.utils import timezone

from mamori.synth import Person
from mamori_web.audittrail.models import AuditRecord
from mamori_web.errors import InvalidTransition, PermissionDenied, ValidationFailed
from mamori_web.org.models import Role
from mamori_web.publication import selectors, services
from mamori_web.publication.models import (
    ApprovedFile,
    Decision,
    FindingDecision,
    PublicationRequest,
    RecordImmutable,
    RequestStatus,
    RequestTransition,
)
from mamori_web.scanning import jobs, storage
from mamori_web.scanning.models import ScanFinding, Verdict
from mamori_web.testing import World

from .conftest import CLEAN_NOTICE, MakeRequest, decide_all, letter

pytestmark = pytest.mark.django_db

MANAGER = str(Role.SECTION_MANAGER)


def _actions(pub_request: PublicationRequest) -> list[str]:
    return list(
        AuditRecord.objects.filter(
            object_type="publication.publicationrequest", object_id=str(pub_request.pk)
        )
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def _approve(world: World, pub_request: PublicationRequest) -> list[ApprovedFile]:
    services.publication_submit(user=world.users["staff"], pub_request=pub_request)
    pub_request.refresh_from_db()
    return services.publication_approve(user=world.users[MANAGER], pub_request=pub_request)


def test_a_request_queues_one_scan_job_per_file_in_the_applicants_department(
    world: World, make_request: MakeRequest, residents: list[Person]
) -> None:
    pub_request = make_request(
        files=[
            ("お知らせ.txt", letter(residents[0]).encode()),
            ("開庁時間.txt", CLEAN_NOTICE.encode()),
        ],
        scan=False,
    )
    assert pub_request.status == RequestStatus.REVIEW
    assert pub_request.department == world.staff["staff"].department
    files = selectors.current_files(pub_request)
    assert [f.job.origin for f in files] == ["publication", "publication"]
    assert all(f.job.department == pub_request.department for f in files)
    readiness = selectors.request_readiness(pub_request)
    assert (readiness.scanned, readiness.total) == (0, 2)
    assert "scanning" in readiness.blockers
    assert _actions(pub_request) == ["publication.request_created"]


def test_a_user_without_a_staff_record_cannot_ask(world: World) -> None:
    from mamori_web.testing import make_user

    with pytest.raises(PermissionDenied):
        services.publication_request_create(
            user=make_user("nostaff"),
            target_page="x",
            publish_on=dt.date(2026, 5, 1),
            uploads=[("a.txt", b"a")],
        )


def test_no_files_or_too_large_is_refused(world: World, settings: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.publication_request_create(
            user=world.users["staff"], target_page="x", publish_on=dt.date(2026, 5, 1), uploads=[]
        )
    settings.MAMORI_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationFailed):
        services.publication_request_create(
            user=world.users["staff"],
            target_page="x",
            publish_on=dt.date(2026, 5, 1),
            uploads=[("a.txt", b"x" * 11)],
        )
    assert not PublicationRequest.objects.exists()


def test_the_whole_flow_masks_only_what_was_chosen(
    world: World, make_request: MakeRequest, residents: list[Person]
) -> None:
    person = residents[0]
    name = f"{person.surname} {person.given_name}"
    pub_request = make_request()
    readiness = selectors.request_readiness(pub_request)
    assert readiness.ready is False
    assert readiness.blockers == ["unresolved"]
    assert readiness.persons >= 1
    findings = {f.type: f for f in ScanFinding.objects.filter(job=readiness.files[0].job)}
    assert {"PERSON", "ADDRESS", "PHONE"} <= set(findings)
    staff = world.users["staff"]
    for t, f in findings.items():
        if t == "PHONE":  # e.g. a contact the city publishes on purpose
            services.finding_decide(
                user=staff, pub_request=pub_request, finding=f, decision="publish", reason="窓口"
            )
        else:
            services.finding_decide(user=staff, pub_request=pub_request, finding=f, decision="mask")
    assert selectors.request_readiness(pub_request).ready
    services.publication_submit(user=staff, pub_request=pub_request, comment="お願いします")
    pub_request.refresh_from_db()
    assert pub_request.status == RequestStatus.SUBMITTED
    approved = services.publication_approve(
        user=world.users[MANAGER], pub_request=pub_request, comment="確認しました"
    )
    pub_request.refresh_from_db()
    assert pub_request.status == RequestStatus.APPROVED
    [out] = approved
    assert out.masked
    assert out.filename == "お知らせ_公開用.txt"
    data = services.approved_file_download(user=staff, pub_request=pub_request, approved=out)
    text = data.decode()
    assert name not in text
    assert person.address.block not in text
    assert person.phone in text  # published as is, as decided
    assert hashlib.sha256(data).hexdigest() == out.sha256
    # stored encrypted, not in clear
    assert out.blob_id.endswith("-masked")
    assert person.phone.encode() not in (storage._path(out.blob_id)).read_bytes()
    actions = _actions(pub_request)
    assert actions[0] == "publication.request_created"
    assert actions.count("publication.finding_decided") == len(findings)
    assert actions[-3:] == [
        "publication.submitted",
        "publication.approved",
        "publication.file_downloaded",
    ]
    approval = selectors.approval(pub_request)
    assert approval is not None
    assert approval.actor == world.users[MANAGER]
    assert approval.comment == "確認しました"


def test_a_clean_file_is_approved_as_it_is(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request(files=[("開庁時間.txt", CLEAN_NOTICE.encode())])
    readiness = selectors.request_readiness(pub_request)
    assert readiness.files[0].job.verdict == Verdict.CLEAN
    assert readiness.ready
    [out] = _approve(world, pub_request)
    assert not out.masked
    assert out.sha256 == hashlib.sha256(CLEAN_NOTICE.encode()).hexdigest()
    assert out.filename == "開庁時間.txt"


def test_a_reason_is_required_unless_masked(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request()
    finding = ScanFinding.objects.filter(job__publication_file__request=pub_request).first()
    assert finding is not None
    for decision in (Decision.NOT_PERSONAL, Decision.PUBLISH):
        with pytest.raises(ValidationFailed):
            services.finding_decide(
                user=world.users["staff"],
                pub_request=pub_request,
                finding=finding,
                decision=decision,
                reason="  ",
            )
    with pytest.raises(ValidationFailed):
        services.finding_decide(
            user=world.users["staff"], pub_request=pub_request, finding=finding, decision="bogus"
        )
    assert not FindingDecision.objects.exists()


def test_only_the_applicant_decides(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request()
    finding = ScanFinding.objects.filter(job__publication_file__request=pub_request).first()
    assert finding is not None
    for key in (MANAGER, str(Role.DEPT_HEAD), str(Role.CISO)):
        with pytest.raises(PermissionDenied):
            services.finding_decide(
                user=world.users[key], pub_request=pub_request, finding=finding, decision="mask"
            )


def test_a_new_decision_is_a_new_record_and_the_latest_counts(
    world: World, make_request: MakeRequest
) -> None:
    pub_request = make_request()
    finding = ScanFinding.objects.filter(job__publication_file__request=pub_request).first()
    assert finding is not None
    staff = world.users["staff"]
    first = services.finding_decide(
        user=staff, pub_request=pub_request, finding=finding, decision="publish", reason="公表済み"
    )
    second = services.finding_decide(
        user=staff, pub_request=pub_request, finding=finding, decision="mask"
    )
    assert FindingDecision.objects.filter(finding=finding).count() == 2
    assert selectors.latest_decisions(pub_request)[finding.pk] == second
    first.refresh_from_db()
    assert first.decision == "publish"  # unchanged


def test_records_are_append_only(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request()
    decide_all(world, pub_request)
    decision = FindingDecision.objects.first()
    assert decision is not None
    decision.reason = "edited"
    with pytest.raises(RecordImmutable):
        decision.save()
    with pytest.raises(RecordImmutable):
        decision.delete()
    with pytest.raises(RecordImmutable):
        FindingDecision.objects.update(reason="x")
    with pytest.raises(RecordImmutable):
        RequestTransition.objects.all().delete()
    [out] = _approve(world, pub_request)
    with pytest.raises(RecordImmutable):
        ApprovedFile.objects.filter(pk=out.pk).update(sha256="0" * 64)


def test_the_status_is_always_the_latest_transition(
    world: World, make_request: MakeRequest
) -> None:
    pub_request = make_request()
    decide_all(world, pub_request)
    staff, manager = world.users["staff"], world.users[MANAGER]

    def check() -> None:
        pub_request.refresh_from_db()
        last = RequestTransition.objects.filter(request=pub_request).last()
        assert last is not None
        assert last.to_status == pub_request.status

    check()
    services.publication_submit(user=staff, pub_request=pub_request)
    check()
    services.publication_return(user=manager, pub_request=pub_request, comment="住所を確認")
    check()
    assert pub_request.status == RequestStatus.RETURNED
    services.publication_submit(user=staff, pub_request=pub_request)
    check()
    services.publication_approve(user=manager, pub_request=pub_request)
    check()
    steps = list(
        RequestTransition.objects.filter(request=pub_request).values_list("to_status", flat=True)
    )
    assert steps == ["review", "submitted", "returned", "submitted", "approved"]


def test_submit_is_blocked_until_every_finding_is_resolved(
    world: World, make_request: MakeRequest
) -> None:
    pub_request = make_request()
    with pytest.raises(InvalidTransition) as err:
        services.publication_submit(user=world.users["staff"], pub_request=pub_request)
    assert err.value.detail == {"blockers": ["unresolved"]}
    pub_request.refresh_from_db()
    assert pub_request.status == RequestStatus.REVIEW


def test_submit_is_blocked_while_scanning(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request(files=[("開庁時間.txt", CLEAN_NOTICE.encode())], scan=False)
    with pytest.raises(InvalidTransition) as err:
        services.publication_submit(user=world.users["staff"], pub_request=pub_request)
    assert "scanning" in err.value.detail["blockers"]


def test_return_needs_a_comment_and_the_approver(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request()
    decide_all(world, pub_request)
    services.publication_submit(user=world.users["staff"], pub_request=pub_request)
    with pytest.raises(ValidationFailed):
        services.publication_return(user=world.users[MANAGER], pub_request=pub_request, comment=" ")
    for key in ("staff", str(Role.DEPT_HEAD), str(Role.CISO)):
        with pytest.raises(PermissionDenied):
            services.publication_return(user=world.users[key], pub_request=pub_request, comment="x")
        with pytest.raises(PermissionDenied):
            services.publication_approve(user=world.users[key], pub_request=pub_request)


def test_decisions_are_frozen_once_submitted(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request()
    decide_all(world, pub_request)
    services.publication_submit(user=world.users["staff"], pub_request=pub_request)
    finding = ScanFinding.objects.filter(job__publication_file__request=pub_request).first()
    assert finding is not None
    with pytest.raises(InvalidTransition):
        services.finding_decide(
            user=world.users["staff"], pub_request=pub_request, finding=finding, decision="mask"
        )


def test_approve_twice_is_an_invalid_transition(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request()
    decide_all(world, pub_request)
    [out] = _approve(world, pub_request)
    pub_request.refresh_from_db()
    with pytest.raises(InvalidTransition):
        services.publication_approve(user=world.users[MANAGER], pub_request=pub_request)
    assert storage.read_blob(out.blob_id)  # the first approval's copy is still there


def test_bulk_decisions_per_type(
    world: World, make_request: MakeRequest, residents: list[Person]
) -> None:
    pub_request = make_request(
        files=[
            ("a.txt", letter(residents[0]).encode()),
            ("b.txt", letter(residents[1]).encode()),
        ]
    )
    staff = world.users["staff"]
    one = ScanFinding.objects.filter(
        job__publication_file__request=pub_request, type="PERSON"
    ).first()
    assert one is not None
    services.finding_decide(
        user=staff, pub_request=pub_request, finding=one, decision="publish", reason="公表済み"
    )
    count = services.findings_decide_by_type(
        user=staff, pub_request=pub_request, finding_type="PERSON", decision="mask"
    )
    persons = ScanFinding.objects.filter(job__publication_file__request=pub_request, type="PERSON")
    assert count == persons.count() - 1  # the one decided already keeps its decision
    latest = selectors.latest_decisions(pub_request)
    assert latest[one.pk].decision == "publish"
    assert all(latest[f.pk].bulk for f in persons if f.pk != one.pk)
    with pytest.raises(ValidationFailed):
        services.findings_decide_by_type(
            user=staff, pub_request=pub_request, finding_type="PHONE", decision="publish"
        )
    services.findings_decide_by_type(
        user=staff,
        pub_request=pub_request,
        finding_type="PERSON",
        decision="mask",
        only_undecided=False,
    )
    assert selectors.latest_decisions(pub_request)[one.pk].decision == "mask"


def test_a_zip_is_one_job_whose_members_are_named(
    world: World, make_request: MakeRequest, residents: list[Person]
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("資料/お知らせ.txt", letter(residents[0]))
        archive.writestr("資料/開庁時間.txt", CLEAN_NOTICE)
    pub_request = make_request(files=[("資料.zip", buffer.getvalue())])
    [state] = selectors.request_readiness(pub_request).files
    parts = set(ScanFinding.objects.filter(job=state.job).values_list("part", flat=True))
    assert any("お知らせ.txt" in p for p in parts)
    # a ZIP cannot be masked: publishable only without masks
    decide_all(world, pub_request, decision="mask")
    readiness = selectors.request_readiness(pub_request)
    assert readiness.blockers == ["mask_not_possible"]
    decide_all(world, pub_request, decision="not_personal", reason="架空の記載例")
    [out] = _approve(world, pub_request)
    assert not out.masked


def _pdf(text: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped]
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("HeiseiKakuGo-W5", 11)
    for i, line in enumerate(text.splitlines()):
        c.drawString(60, 780 - 18 * i, line)
    c.save()
    return out.getvalue()


def test_a_pdf_with_masks_must_be_fixed_at_source_and_replaced(
    world: World, make_request: MakeRequest, residents: list[Person]
) -> None:
    pub_request = make_request(files=[("お知らせ.pdf", _pdf(letter(residents[0])))])
    [state] = selectors.request_readiness(pub_request).files
    assert state.findings > 0
    decide_all(world, pub_request, decision="mask")
    readiness = selectors.request_readiness(pub_request)
    assert readiness.mask_blocked == readiness.files
    with pytest.raises(InvalidTransition) as err:
        services.publication_submit(user=world.users["staff"], pub_request=pub_request)
    assert err.value.detail == {"blockers": ["mask_not_possible"]}
    # fixed at source: the name removed, exported again, the file replaced
    new = services.publication_file_replace(
        user=world.users["staff"],
        pub_request=pub_request,
        pub_file=state.file,
        upload=("お知らせ.pdf", _pdf(CLEAN_NOTICE)),
        reason="元の文書で氏名を削除して再出力",
    )
    while jobs.run_pending():
        pass
    readiness = selectors.request_readiness(pub_request)
    assert [f.file for f in readiness.files] == [new]
    assert readiness.ready
    [out] = _approve(world, pub_request)
    assert out.file == new
    assert not out.masked


def test_an_unscannable_file_blocks_until_replaced(world: World, make_request: MakeRequest) -> None:
    broken = b"PK\x03\x04 this is not really a docx"
    pub_request = make_request(files=[("仕様書.docx", broken)])
    readiness = selectors.request_readiness(pub_request)
    assert [f.unscannable for f in readiness.files] == [True]
    assert readiness.blockers == ["unscannable"]
    with pytest.raises(InvalidTransition):
        services.publication_submit(user=world.users["staff"], pub_request=pub_request)
    old = readiness.files[0].file
    services.publication_file_replace(
        user=world.users["staff"],
        pub_request=pub_request,
        pub_file=old,
        upload=("仕様書.txt", CLEAN_NOTICE.encode()),
        reason="読める形式で再提出",
    )
    with pytest.raises(InvalidTransition):  # replaced once already
        services.publication_file_replace(
            user=world.users["staff"],
            pub_request=pub_request,
            pub_file=old,
            upload=("x.txt", b"x"),
            reason="again",
        )
    while jobs.run_pending():
        pass
    assert selectors.request_readiness(pub_request).ready
    assert "publication.file_replaced" in _actions(pub_request)


def test_withdraw_closes_and_purge_deletes_originals_after_the_retention(
    world: World, make_request: MakeRequest
) -> None:
    pub_request = make_request()
    [state] = selectors.request_readiness(pub_request).files
    job = state.job
    services.publication_withdraw(
        user=world.users["staff"], pub_request=pub_request, comment="中止"
    )
    assert services.publication_purge_expired(days=30) == []  # closed just now
    later = timezone.now() + dt.timedelta(days=31)
    assert services.publication_purge_expired(now=later, days=30) == [pub_request.pk]
    job.refresh_from_db()
    assert job.purged_at is not None
    with pytest.raises(storage.BlobError):
        storage.read_blob(job.blob_id)
    assert ScanFinding.objects.filter(job=job).exists()  # masked previews and hashes stay
    assert services.publication_purge_expired(now=later, days=30) == []  # once only
    assert "publication.originals_deleted" in _actions(pub_request)


def test_an_approved_request_is_closed_when_every_file_was_downloaded(
    world: World, make_request: MakeRequest
) -> None:
    pub_request = make_request()
    decide_all(world, pub_request)
    [out] = _approve(world, pub_request)
    pub_request.refresh_from_db()
    approved_at = selectors.closed_at(pub_request)  # not downloaded: closed at the approval
    assert approved_at is not None
    services.approved_file_download(
        user=world.users[MANAGER], pub_request=pub_request, approved=out
    )
    downloaded_at = selectors.closed_at(pub_request)
    assert downloaded_at is not None
    assert downloaded_at >= approved_at
    later = timezone.now() + dt.timedelta(days=40)
    assert services.publication_purge_expired(now=later) == [pub_request.pk]
    with pytest.raises(ValidationFailed):  # the masked copy went with the original
        services.approved_file_download(
            user=world.users["staff"], pub_request=pub_request, approved=out
        )


def test_reading_the_text_is_audited(world: World, make_request: MakeRequest) -> None:
    pub_request = make_request()
    [state] = selectors.request_readiness(pub_request).files
    text = services.review_text_read(
        user=world.users[MANAGER], pub_request=pub_request, pub_file=state.file
    )
    assert text is not None
    assert "住民票の写し" in text
    assert _actions(pub_request)[-1] == "publication.text_viewed"


def test_originals_of_an_approved_request_nobody_downloads_go_after_the_retention(
    world: World, make_request: MakeRequest
) -> None:
    pub_request = make_request()
    decide_all(world, pub_request)
    _approve(world, pub_request)
    pub_request.refresh_from_db()
    assert services.publication_purge_expired(days=30) == []  # approved just now
    later = timezone.now() + dt.timedelta(days=31)
    assert services.publication_purge_expired(now=later, days=30) == [pub_request.pk]
