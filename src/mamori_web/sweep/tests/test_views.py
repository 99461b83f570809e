"""Sweep pages: every role inside and outside its scope, import and export audited."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mamori_web.audittrail.models import AuditRecord
from mamori_web.sweep.models import SweepRun
from mamori_web.sweep.services import sweep_run_import
from mamori_web.testing import World

from .factories import report_bytes

pytestmark = pytest.mark.django_db

CITY_WIDE = ["ciso", "security_director", "csirt", "privacy_officer", "it_officer"]
NO_ACCESS = ["staff", "contractor", "whistleblowing_handler"]


def client_for(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.users[key])
    return client


@pytest.fixture
def run(world: World) -> SweepRun:
    return sweep_run_import(
        municipality=world.city, data=report_bytes(), filename="r.json", actor=None
    )


def _file_urls(response: object) -> set[str]:
    return {f.urls[0].rsplit("/", 1)[-1] for f in response.context["report"].files}  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", CITY_WIDE)
def test_the_security_office_sees_everything(world: World, run: SweepRun, role: str) -> None:
    response = client_for(world, role).get(reverse("sweep:detail", args=[run.pk]))
    assert response.status_code == 200
    assert _file_urls(response) == {"shimin.txt", "nenkin.txt", "zei.txt", "lost.pdf", "shisan.txt"}
    page = response.content.decode()
    assert "所属不明" in page
    assert "<svg" in page
    assert "0**-****-***7" in page


def test_a_department_head_sees_only_their_subtree(world: World, run: SweepRun) -> None:
    response = client_for(world, "dept_head").get(reverse("sweep:detail", args=[run.pk]))
    assert response.status_code == 200
    assert _file_urls(response) == {"shimin.txt", "nenkin.txt"}  # 市民部: 市民課, 保険年金課
    page = response.content.decode()
    assert "zei.txt" not in page
    assert "市民税課" not in page
    assert "所属不明" not in page


def test_a_section_manager_sees_only_their_section(world: World, run: SweepRun) -> None:
    response = client_for(world, "section_manager").get(reverse("sweep:detail", args=[run.pk]))
    assert _file_urls(response) == {"shimin.txt"}


def test_list_counts_only_the_rows_in_scope(world: World, run: SweepRun) -> None:
    everything = client_for(world, "ciso").get(reverse("sweep:list"))
    assert everything.context["runs"][0]["run"].file_count == 5
    assert everything.context["can_import"]
    mine = client_for(world, "dept_head").get(reverse("sweep:list"))
    assert mine.context["runs"][0]["run"].file_count == 2
    assert mine.context["runs"][0]["run"].persons == 4
    assert not mine.context["can_import"]


@pytest.mark.parametrize("role", NO_ACCESS)
def test_others_get_404_everywhere(world: World, run: SweepRun, role: str) -> None:
    client = client_for(world, role)
    for url in (
        reverse("sweep:list"),
        reverse("sweep:detail", args=[run.pk]),
        reverse("sweep:export", args=[run.pk]),
        reverse("sweep:import"),
    ):
        assert client.get(url).status_code == 404, url
    assert not AuditRecord.objects.filter(action="sweep.export").exists()


def test_a_missing_run_is_404(world: World) -> None:
    assert client_for(world, "ciso").get(reverse("sweep:detail", args=[999])).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(run: SweepRun) -> None:
    response = Client().get(reverse("sweep:detail", args=[run.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_upload_by_the_security_office_is_audited(world: World) -> None:
    upload = SimpleUploadedFile("sweep.json", report_bytes(), content_type="application/json")
    response = client_for(world, "privacy_officer").post(
        reverse("sweep:import"), {"report": upload}
    )
    run = SweepRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sweep:detail", args=[run.pk])
    record = AuditRecord.objects.get(action="sweep.import")
    assert record.actor == world.users["privacy_officer"]
    assert record.ip_address == "127.0.0.1"
    assert run.imported_by == world.users["privacy_officer"]


def test_a_department_head_may_not_import(world: World) -> None:
    upload = SimpleUploadedFile("sweep.json", report_bytes())
    response = client_for(world, "dept_head").post(reverse("sweep:import"), {"report": upload})
    assert response.status_code == 403
    assert not SweepRun.objects.exists()


def test_a_bad_upload_says_why_and_stores_nothing(world: World) -> None:
    upload = SimpleUploadedFile("sweep.json", b'{"format": "other"}')
    response = client_for(world, "ciso").post(reverse("sweep:import"), {"report": upload})
    assert response.status_code == 400
    assert response.context["error"]
    assert not SweepRun.objects.exists()


def _rows(content: bytes, sheet: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return list(book[sheet].iter_rows(min_row=2, values_only=True))


def test_export_is_scoped_and_audited(world: World, run: SweepRun) -> None:
    response = client_for(world, "dept_head").get(reverse("sweep:export", args=[run.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    departments = [r[0] for r in _rows(response.content, "所属別")]
    assert set(departments) == {"年金担当", "市民課"}  # the names as the report gives them
    files = [r[2] for r in _rows(response.content, "ファイル別")]
    assert all("zei.txt" not in str(f) for f in files)
    record = AuditRecord.objects.get(action="sweep.export")
    assert record.actor == world.users["dept_head"]
    assert record.detail == {"format": "xlsx", "files": 2, "scope": "departments"}
    everything = client_for(world, "csirt").get(reverse("sweep:export", args=[run.pk]))
    assert len(_rows(everything.content, "ファイル別")) == 5
    assert AuditRecord.objects.filter(action="sweep.export").count() == 2


@pytest.mark.parametrize(("role", "shown"), [("ciso", True), ("dept_head", True), ("staff", False)])
def test_navigation(world: World, role: str, shown: bool) -> None:
    page = client_for(world, role).get(reverse("portal:dashboard")).content.decode()
    assert (reverse("sweep:list") in page) is shown


def test_pages_are_japanese_first(world: World, run: SweepRun) -> None:
    client = client_for(world, "ciso")
    listing = client.get(reverse("sweep:list")).content.decode()
    assert "公開済みサイトの点検" in listing
    assert "点検結果の取込み" in listing
    detail = client.get(reverse("sweep:detail", args=[run.pk])).content.decode()
    for text in ("所属別", "要対応のファイル", "読めません", "実在住民", "状態"):
        assert text in detail
    assert "在職状況" not in detail  # org's "Status" (employment) must not leak in


def test_catalogue_has_no_untranslated_or_fuzzy_entries() -> None:
    from pathlib import Path

    po = Path(__file__).parents[1] / "locale" / "ja" / "LC_MESSAGES" / "django.po"
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    assert entries
    assert not [e for e in entries if "#, fuzzy" in e]
    assert not [e for e in entries if e.rstrip().endswith('msgstr ""')]
    assert po.with_suffix(".mo").is_file()
