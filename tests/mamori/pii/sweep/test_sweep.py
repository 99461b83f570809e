"""A whole sweep over the fictitious mirror: files under their pages, departments, fail
closed, EDM, and the JSON and Excel reports (counts and masked previews only)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from mamori.pii import Scanner, allowlist_entry
from mamori.pii.sweep import (
    FORMAT,
    UNKNOWN,
    Department,
    DepartmentMap,
    FileEntry,
    SweepReport,
    site_from_mirror,
    sweep,
    write_xlsx,
    xlsx_bytes,
)
from mamori.pii.sweep._report import NO_PAGE

from .conftest import HOST, Edm, edm_scanner, roster

TAX_PAGE = f"https://{HOST}/kurashi/zeimu/index.html"
CHILD_PAGE = f"https://{HOST}/kosodate/hoiku/index.html"
DEPARTMENTS = DepartmentMap.from_mapping({"/kosodate/": {"name": "保育課", "code": "C1"}})


@pytest.fixture
def report(mirror: Path, scanner_init: Callable[[], Scanner]) -> SweepReport:
    return sweep(site_from_mirror(mirror), init=scanner_init, departments=DEPARTMENTS, jobs=2)


def _by_name(report: SweepReport) -> dict[str, FileEntry]:
    return {f.urls[0].rsplit("/", 1)[-1]: f for f in report.files}


def test_each_distinct_file_is_scanned_once_and_reported_under_its_pages(
    report: SweepReport,
) -> None:
    files = _by_name(report)
    copy = files["copy.txt"]
    assert copy.status == "findings"
    assert copy.urls[1].endswith("申告例.txt")
    assert copy.pages == (TAX_PAGE,)
    assert copy.outcome.by_type == {"MY_NUMBER": 1, "PHONE": 1}
    assert files["list.xlsx"].status == "findings"
    assert files["notice.txt"].status == "clean"
    assert sum(1 for f in report.files if "copy.txt" in f.urls[0]) == 1


def test_departments_by_prefix_footer_linking_page_or_unknown(report: SweepReport) -> None:
    files = _by_name(report)
    tax = next(f for f in report.files if f.urls == (TAX_PAGE,))
    assert (tax.department, tax.department_source) == (Department("市民税課"), "footer")
    assert files["copy.txt"].department == Department("市民税課")
    assert files["copy.txt"].department_source == "page"
    broken = files["broken.pdf"]
    # under /material/, linked from a page under the /kosodate/ prefix
    assert broken.department == Department("保育課", "C1")
    assert files["forgotten.txt"].department == UNKNOWN
    assert files["forgotten.txt"].pages == ()


def test_unscannable_files_are_reported_and_win_the_exit_status(report: SweepReport) -> None:
    broken = _by_name(report)["broken.pdf"]
    assert broken.status == "unscannable"
    assert broken.outcome.error
    assert report.exit_status == 3
    department = next(d for d in report.departments() if d.department.name == "保育課")
    assert department.totals.unscannable == 1
    assert department.totals.status == "unscannable"


def test_layout_files_are_skipped_and_counted_never_clean(report: SweepReport) -> None:
    assert dict(report.skipped) == {".css": 1, ".png": 1}
    assert not any(f.urls[0].endswith((".css", ".png")) for f in report.files)


def test_layout_files_are_scanned_when_asked(
    mirror: Path, scanner_init: Callable[[], Scanner]
) -> None:
    report = sweep(site_from_mirror(mirror), init=scanner_init, all_files=True)
    logo = next(f for f in report.files if f.urls[0].endswith("logo.png"))
    assert logo.status == "unscannable"  # an image has no text: never clean
    assert not report.skipped


def test_page_and_department_views(report: SweepReport) -> None:
    pages = {p.url: p for p in report.pages()}
    tax = pages[TAX_PAGE]
    assert tax.title == "市税の申告"
    assert tax.files[0].urls == (TAX_PAGE,)  # the page itself first
    assert tax.totals.files == 4  # the page, the roster (once), the notice, the list
    assert tax.totals.with_findings == 2
    assert pages[NO_PAGE].totals.files == 1  # forgotten.txt: linked from nowhere
    names = [d.department.name for d in report.departments()]
    assert names[-1] == UNKNOWN.name
    tax_department = next(d for d in report.departments() if d.department.name == "市民税課")
    assert tax_department.pages == 1
    assert tax_department.totals.findings == 3  # 2 in the roster, 1 in the list


def test_a_clean_site_exits_0(tmp_path: Path, scanner_init: Callable[[], Scanner]) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.txt").write_text("本日は晴天なり。\n", encoding="utf-8")
    report = sweep(site_from_mirror(tmp_path / "s"), init=scanner_init)
    assert report.exit_status == 0
    assert report.totals().files == 1


def test_json_is_versioned_and_holds_no_raw_values(report: SweepReport) -> None:
    data = report.to_json()
    text = json.dumps(data, ensure_ascii=False)
    assert data["format"] == FORMAT == "mamori-sweep/1"
    assert "090-0123-4567" not in text
    assert "1234 5678 9018" not in text
    assert "0123" not in text
    assert "5678" not in text
    copy = next(f for f in data["files"] if f["urls"][0].endswith("copy.txt"))
    assert {p["type"] for p in copy["previews"]} == {"PHONE", "MY_NUMBER"}
    assert any(p["preview"].startswith("0") and "*" in p["preview"] for p in copy["previews"])
    assert copy["real_persons"] is None  # no EDM index: unknown, not zero
    assert [d["name"] for d in data["departments"]][-1] == "所属不明"


def test_with_the_installation_key_previews_carry_the_allowlist_hash(
    mirror: Path, scanner_init: Callable[[], Scanner]
) -> None:
    key = bytes(range(32))
    keyed = sweep(site_from_mirror(mirror), init=scanner_init, hash_key=key)
    copy = next(f for f in keyed.files if f.urls[0].endswith("copy.txt"))
    phone = next(p for p in copy.outcome.previews if p.type == "PHONE")
    assert phone.hash == allowlist_entry(key, "PHONE", "090-0123-4567")
    again = SweepReport.from_json(json.loads(json.dumps(keyed.to_json())))
    assert [p.hash for f in again.files for p in f.outcome.previews] == [
        p.hash for f in keyed.files for p in f.outcome.previews
    ]
    unkeyed = sweep(site_from_mirror(mirror), init=scanner_init)
    assert all(p.hash is None for f in unkeyed.files for p in f.outcome.previews)


def test_json_round_trip_gives_the_same_views(report: SweepReport) -> None:
    again = SweepReport.from_json(json.loads(json.dumps(report.to_json())))
    assert again.to_json() == report.to_json()


@pytest.mark.parametrize(
    "data", [{"format": "mamori-sweep/2", "files": []}, {"files": []}, [], {"format": FORMAT}]
)
def test_other_documents_are_refused(data: object) -> None:
    from mamori._exceptions import InputError

    with pytest.raises(InputError):
        SweepReport.from_json(data)


def test_xlsx_has_a_sheet_per_view_with_japanese_headers(
    report: SweepReport, tmp_path: Path
) -> None:
    write_xlsx(report, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["所属別", "ページ別", "ファイル別"]
    headers = [c.value for c in book["ファイル別"][1]]
    assert headers[:5] == ["所属", "ページ", "ファイル", "他の公開URL", "状態"]
    assert headers[5:8] == ["件数", "人数", "世帯"]
    assert "実在住民" in headers
    rows = list(book["所属別"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [d.department.name for d in report.departments()]
    files = list(book["ファイル別"].iter_rows(min_row=2, values_only=True))
    assert any(r[4] == "読めません" for r in files)
    assert "090-0123-4567" not in str(files)
    assert openpyxl.load_workbook(io.BytesIO(xlsx_bytes(report))).sheetnames == book.sheetnames


def test_formula_like_text_stays_text(tmp_path: Path, scanner_init: Callable[[], Scanner]) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.html").write_text(
        '<html><head><title>=HYPERLINK("http://x")</title></head><body>x</body></html>',
        encoding="utf-8",
    )
    report = sweep(site_from_mirror(tmp_path / "s"), init=scanner_init)
    write_xlsx(report, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["ページ別"]
    assert sheet.cell(row=2, column=3).value == '=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=3).data_type == "s"


def test_edm_counts_real_residents(tmp_path: Path, edm: Edm) -> None:
    site = tmp_path / "s" / HOST
    (site / "files").mkdir(parents=True)
    (site / "index.html").write_text(
        "<html><body><a href='files/manual.txt'>手引き</a><a href='files/example.txt'>例</a>"
        "</body></html>",
        encoding="utf-8",
    )
    (site / "files" / "manual.txt").write_text(
        "窓口手引き 記入例\n" + roster(edm.residents[:3]), encoding="utf-8"
    )
    (site / "files" / "example.txt").write_text(
        "記入例\n氏名：見本 花子\n生年月日：昭和50年1月1日\n", encoding="utf-8"
    )
    report = sweep(site_from_mirror(site), init=edm_scanner(edm), edm=True, jobs=1)
    files = _by_name(report)
    assert files["manual.txt"].outcome.real_persons == 3
    assert files["example.txt"].outcome.real_persons == 0
    assert report.edm
    assert report.totals().real_persons == 3
    data = report.to_json()
    assert data["edm"] is True
    for person in edm.residents[:3]:
        assert person.name not in json.dumps(data, ensure_ascii=False)
