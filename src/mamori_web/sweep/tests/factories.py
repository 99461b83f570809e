"""Sweep reports for the tests, built with the library's model (fictitious URLs only)."""

from __future__ import annotations

import json
from typing import Any

from mamori.pii.sweep import Department, FileEntry, Preview, ScanOutcome, SweepReport

SITE = "https://www.city.example.lg.jp"


def entry(
    name: str,
    department: Department,
    *,
    status: str = "findings",
    persons: int = 0,
    real: int | None = None,
    page: str | None = None,
    previews: tuple[Preview, ...] = (),
) -> FileEntry:
    url = f"{SITE}/material/files/{name}"
    findings = 2 if status == "findings" else 0
    return FileEntry(
        sha256=f"{abs(hash(name)):064d}"[:64],
        size=100,
        urls=(url,),
        paths=(),
        pages=(page,) if page else (),
        is_page=False,
        title=None,
        department=department,
        department_source="prefix",
        outcome=ScanOutcome(
            status=status,
            error="corrupt: truncated PDF" if status == "unscannable" else None,
            findings=findings,
            by_type={"PHONE": findings} if findings else {},
            persons=persons,
            households=1 if persons else 0,
            real_persons=real,
            real_households=real,
            previews=previews or ((Preview("PHONE", "0**-****-***7"),) if findings else ()),
        ),
    )


def report(*, edm: bool = True) -> SweepReport:
    return SweepReport(
        files=(
            entry("shimin.txt", Department("市民課"), persons=3, real=2, page=f"{SITE}/a/"),
            entry("nenkin.txt", Department("年金担当", "A2"), persons=1, real=0),
            entry("zei.txt", Department("市民税課"), persons=5, real=5, page=f"{SITE}/b/"),
            entry("lost.pdf", Department("所属不明"), status="unscannable"),
            entry("shisan.txt", Department("資産税課"), status="clean"),
        ),
        source={"kind": "mirror", "root": "mirror/", "base_url": SITE},
        edm=edm,
        generated_at="2024-05-01T01:02:03+00:00",
        skipped={".png": 3},
    )


def report_bytes(**kwargs: Any) -> bytes:
    return json.dumps(report(**kwargs).to_json(), ensure_ascii=False).encode("utf-8")
