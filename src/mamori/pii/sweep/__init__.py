"""mamori.pii.sweep: scan a published website as it sits on disk (堺市 2015: the leak was
first noticed as files cached by search engines).

    from mamori.pii import Registry, Scanner
    from mamori.pii.sweep import DepartmentMap, site_from_mirror, sweep, write_xlsx

    report = sweep(
        site_from_mirror("mirror/www.city.example.lg.jp"),
        init=lambda: Scanner(Registry.from_config()),
        departments=DepartmentMap.from_file("departments.yaml"),
    )
    report.departments()      # totals per 所属; report.pages(), report.files
    report.to_json()          # "mamori-sweep/1": counts and masked previews, never values
    write_xlsx(report, "sweep.xlsx")   # 所属別 / ページ別 / ファイル別

The site is a folder mirror or a manifest of ``url,path`` pairs (``_site``); nothing is
fetched. Identical files are scanned once and reported under every URL; HTML pages are
read for the files they link (``_html``); departments come from URL prefixes or the
page's footer (``_departments``); the report model and its JSON are in ``_report``.
"""

from __future__ import annotations

from mamori.pii.sweep._departments import UNKNOWN, Department, DepartmentMap
from mamori.pii.sweep._report import (
    FORMAT,
    DepartmentEntry,
    FileEntry,
    PageEntry,
    Preview,
    ScanOutcome,
    SweepReport,
    Totals,
)
from mamori.pii.sweep._run import mask, sweep
from mamori.pii.sweep._site import Site, site_from_manifest, site_from_mirror
from mamori.pii.sweep._xlsx import write_xlsx, xlsx_bytes

__all__ = [
    "FORMAT",
    "UNKNOWN",
    "Department",
    "DepartmentEntry",
    "DepartmentMap",
    "FileEntry",
    "PageEntry",
    "Preview",
    "ScanOutcome",
    "Site",
    "SweepReport",
    "Totals",
    "mask",
    "site_from_manifest",
    "site_from_mirror",
    "sweep",
    "write_xlsx",
    "xlsx_bytes",
]
