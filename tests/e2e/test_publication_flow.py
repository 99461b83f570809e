"""公開前チェック in the browser: upload → scan → decisions → approval → masked download.

A staff member of 住民記録係 (under 市民課) uploads a fictitious participants' list (names,
addresses and phones from `mamori.synth.generate_residents`: never real data), waits for
the scan, masks the findings but one, which they mark 「個人情報ではない」 with a reason,
and submits; the 市民課長 approves and downloads the masked copy, which must hold none
of the masked values. A 課長 of the neighbouring 保険年金課 and the 税務部長 get the same
404 as for a missing request and do not see it in their lists.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from mamori.synth import generate_residents
from tests.e2e._browser import login

SCAN_TIMEOUT_MS = 180_000
MISSING_PK = 987_654
NOT_PERSONAL_REASON = "市の代表窓口の記載で、個人の情報ではない"


def _document() -> tuple[str, list[str]]:
    """A participants' list of two fictitious residents: (text, the values in it)."""
    people = list(generate_residents(2, seed=606))
    lines = ["令和8年度 窓口サービス説明会 参加者名簿", ""]
    values: list[str] = []
    for n, p in enumerate(people, 1):
        address = p.address.full(with_building=False)
        lines += [
            f"{n}. 氏名 {p.name} 様",
            f"   住所 {address}",
            f"   電話 {p.phone}",
            "",
        ]
        values += [p.name, address, p.phone]
    lines.append("問合せ先 みなと守市 市民課")
    return "\n".join(lines) + "\n", values


def _add_user(world: Any, key: str, role: str, dept: str) -> Any:
    from mamori_web.org import services as org_services
    from mamori_web.testing import make_staff

    staff = make_staff(world, key, dept)
    org_services.role_assign(user=staff.user, role=role, department=world.depts[dept])
    return staff.user


def _findings_with_values(request_pk: int) -> dict[int, tuple[str, str]]:
    """finding pk → (type, the value in the extracted text), read on the server side."""
    from mamori_web.scanning import storage
    from mamori_web.scanning.models import ScanFinding

    out: dict[int, tuple[str, str]] = {}
    texts: dict[str, str] = {}
    for f in ScanFinding.objects.filter(
        job__publication_file__request_id=request_pk
    ).select_related("job"):
        blob = f.job.blob_id
        if blob not in texts:
            texts[blob] = storage.read_blob(f"{blob}-text").decode("utf-8")
        out[f.pk] = (f.type, texts[blob][f.start : f.end])
    return out


def _status(page: Any, url: str) -> int:
    status: int = page.request.get(url, max_redirects=0).status
    return status


@pytest.mark.usefixtures("scan_worker")
def test_upload_scan_resolve_approve_and_download_the_masked_file(
    new_page: Any, e2e_world: Any, shoot: Any
) -> None:
    from mamori_web.org.models import Role

    text, values = _document()
    neighbour = _add_user(e2e_world, "hoken_kacho", Role.SECTION_MANAGER, "ka_a2")
    other_head = _add_user(e2e_world, "zeimu_bucho", Role.DEPT_HEAD, "bu_b")

    # --- the applicant uploads ------------------------------------------------------------
    staff = new_page()
    login(staff, e2e_world.users["staff"])
    staff.goto("/publication/")
    staff.get_by_test_id("new-request").click()
    staff.get_by_test_id("request-target-page").fill("説明会のお知らせ（市民課）")
    staff.get_by_test_id("request-publish-on").fill("2027-01-15")
    staff.get_by_test_id("request-note").fill("参加者名簿を添付（架空データ）")
    staff.get_by_test_id("request-files").set_input_files(
        files=[{"name": "参加者名簿.txt", "mimeType": "text/plain", "buffer": text.encode()}]
    )
    shoot(staff, "30-publication-create")
    staff.get_by_test_id("request-create").click()
    staff.wait_for_url(re.compile(r"/publication/\d+/$"))
    request_pk = int(re.findall(r"/publication/(\d+)/$", staff.url)[0])
    detail_url = f"/publication/{request_pk}/"

    # --- the scan, in the background worker; the page follows it (htmx) --------------------
    staff.get_by_test_id("scan-done").wait_for(timeout=SCAN_TIMEOUT_MS)
    assert "個人情報" in staff.get_by_test_id("file-table").inner_text()
    shoot(staff, "31-publication-scanned")

    # --- every finding resolved on the review screen ----------------------------------------
    review_link = staff.locator('a[data-testid^="review-"]').first
    review_url = review_link.get_attribute("href")
    review_link.click()
    staff.get_by_test_id("findings-table").wait_for()
    finding_ids = [
        int(x)
        for x in staff.locator("tr.finding-row").evaluate_all(
            "rs => rs.map(r => r.dataset.finding)"
        )
    ]
    assert len(finding_ids) >= 3, "the list of two residents should give several findings"
    found = _findings_with_values(request_pk)
    assert set(found) == set(finding_ids)
    # the one kept: a finding whose value is not also a masked value elsewhere
    kept = finding_ids[-1]
    masked = [fid for fid in finding_ids if fid != kept]
    for fid in masked:
        staff.get_by_test_id(f"decide-mask-{fid}").click()
        staff.locator(f'#row-{fid}[data-decision="mask"]').wait_for()
    staff.get_by_test_id(f"reason-{kept}").fill(NOT_PERSONAL_REASON)
    staff.get_by_test_id(f"decide-not-personal-{kept}").click()
    staff.locator(f'#row-{kept}[data-decision="not_personal"]').wait_for()
    staff.reload()
    assert staff.get_by_test_id("unresolved-count").inner_text().strip() == "0"
    assert NOT_PERSONAL_REASON in staff.get_by_test_id(f"decision-{kept}").inner_text()
    shoot(staff, "32-publication-review")

    # --- submitted to the 課長 ------------------------------------------------------------------
    staff.get_by_test_id("back-to-request").click()
    staff.get_by_test_id("submit-comment").fill("ご確認をお願いします")
    staff.get_by_test_id("submit-request").click()
    staff.wait_for_load_state()
    assert staff.get_by_test_id("submit-request").count() == 0  # no longer editable

    # --- the 市民課長 approves and downloads -------------------------------------------------
    manager = new_page()
    login(manager, e2e_world.users["section_manager"])
    manager.goto("/publication/")
    manager.get_by_test_id(f"awaiting-{request_pk}").click()
    shoot(manager, "33-publication-to-approve")
    manager.get_by_test_id("approve-comment").fill("確認しました")
    manager.get_by_test_id("approve-request").click()
    manager.get_by_test_id("approved-table").wait_for()
    link = manager.locator('a[data-testid^="download-"]').first
    approved_id = int(str(link.get_attribute("data-testid")).rsplit("-", 1)[1])
    with manager.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".txt")
    path = download.path()
    assert path is not None
    published = Path(path).read_text(encoding="utf-8")
    for fid in masked:
        label, value = found[fid]
        assert value not in published, f"{label} {value!r} was to be masked"
    kept_value = found[kept][1]
    masked_values = {found[fid][1] for fid in masked}
    if not any(kept_value in v or v in kept_value for v in masked_values):
        assert kept_value in published  # the finding marked 個人情報ではない stays
    assert "参加者名簿" in published  # the rest of the document is kept
    assert any(v not in published for v in values)
    shoot(manager, "34-publication-approved")

    manager.get_by_test_id("check-record").click()
    record = manager.get_by_test_id("check-record-facts").inner_text()
    assert manager.get_by_test_id("record-approver").inner_text().strip() != ""
    assert "承認" in record or "公開" in record
    assert NOT_PERSONAL_REASON in manager.locator("main").inner_text()
    shoot(manager, "35-publication-check-record")

    # --- another department: the same 404 as a missing request, and not in the lists --------
    for outsider in (neighbour, other_head):
        page = new_page()
        login(page, outsider)
        missing = page.goto(f"/publication/{MISSING_PK}/")
        assert missing is not None
        missing_text = page.locator("main").inner_text()
        response = page.goto(detail_url)
        assert response is not None
        assert response.status == missing.status == 404
        assert page.locator("main").inner_text() == missing_text
        for url in (
            f"{detail_url}record/",
            f"{detail_url}record.pdf",
            f"{detail_url}progress/",
            f"{detail_url}approved/{approved_id}/",
            review_url,
        ):
            assert _status(page, url) == 404, url
        page.goto("/publication/")
        listing = page.locator("main").inner_text()
        assert page.get_by_test_id(f"request-row-{request_pk}").count() == 0
        assert page.get_by_test_id(f"awaiting-{request_pk}").count() == 0
        assert "説明会のお知らせ" not in listing


def test_the_review_and_record_screens_use_the_publication_words(page: Any, e2e_world: Any) -> None:
    import datetime as dt

    from mamori_web.publication import services
    from mamori_web.scanning import jobs

    # the words once collided across the apps' catalogues: 'Status' showed org's 在職状況,
    # 'Why' portal's 背景となった事案 (the first catalogue wins on every page)
    text, _values = _document()
    pub_request = services.publication_request_create(
        user=e2e_world.users["staff"],
        target_page="説明会のお知らせ（市民課）",
        publish_on=dt.date(2027, 1, 15),
        uploads=[("参加者名簿.txt", text.encode())],
    )
    assert jobs.run_pending() == 1  # scanned here, in the test thread
    pub_file = pub_request.files.get()
    login(page, e2e_world.users["staff"])
    page.goto(f"/publication/{pub_request.pk}/files/{pub_file.pk}/")
    findings = page.locator("#findings").inner_text()
    page.goto(f"/publication/{pub_request.pk}/record/")
    facts = page.get_by_test_id("check-record-facts").inner_text()
    assert "在職状況" not in facts  # the request's status, not an employment status
    assert "背景となった事案" not in findings  # why a finding was reported, not an incident
    assert "検出理由" in findings
