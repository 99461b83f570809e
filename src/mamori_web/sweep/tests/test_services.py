"""Importing a sweep report: rows, department matching, masking, the audit trail."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from mamori_web.audittrail.models import AuditRecord
from mamori_web.errors import ValidationFailed
from mamori_web.sweep.models import SweepFile, SweepRun
from mamori_web.sweep.services import sweep_run_import
from mamori_web.testing import World

from .factories import SITE, report, report_bytes

pytestmark = pytest.mark.django_db


def test_import_stores_rows_and_matches_departments_by_name_or_code(world: World) -> None:
    run = sweep_run_import(
        municipality=world.city, data=report_bytes(), filename="r.json", actor=world.users["ciso"]
    )
    rows = {r.urls[0].rsplit("/", 1)[-1]: r for r in run.files.all()}
    assert rows["shimin.txt"].department == world.depts["ka_a1"]  # by name
    assert rows["nenkin.txt"].department == world.depts["ka_a2"]  # by code A2
    assert rows["zei.txt"].department == world.depts["ka_b1"]
    assert rows["lost.pdf"].department is None  # 所属不明: city-wide only
    assert rows["lost.pdf"].status == "unscannable"
    assert rows["zei.txt"].real_persons == 5
    assert run.edm
    assert run.base_url == SITE
    assert run.generated_at is not None
    record = AuditRecord.objects.get(action="sweep.import")
    assert record.actor == world.users["ciso"]
    assert record.object_id == str(run.pk)
    assert record.detail["files"] == 5
    assert record.detail["unmatched_departments"] == 1


def test_previews_are_masked_again_on_the_way_in(world: World) -> None:
    data = report().to_json()
    data["files"][0]["previews"] = [{"type": "PHONE", "preview": "090-1234-5678"}]
    run = sweep_run_import(
        municipality=world.city, data=json.dumps(data).encode(), filename="x", actor=None
    )
    stored = json.dumps([r.previews for r in run.files.all()])
    assert "090-1234-5678" not in stored
    assert "0**-****-***8" in stored


@pytest.mark.parametrize(
    "data",
    [b"not json", b'{"format": "mamori-sweep/2", "files": []}', b'{"files": [{"x": 1}]}'],
)
def test_what_is_not_a_report_is_refused_and_nothing_stored(world: World, data: bytes) -> None:
    with pytest.raises(ValidationFailed):
        sweep_run_import(municipality=world.city, data=data, filename="x", actor=None)
    assert not SweepRun.objects.exists()
    assert not AuditRecord.objects.filter(action="sweep.import").exists()


def test_import_sweep_command(world: World, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_bytes(report_bytes())
    out = StringIO()
    call_command(
        "import_sweep", str(path), "--actor", world.users["privacy_officer"].username, stdout=out
    )
    assert SweepFile.objects.count() == 5
    assert AuditRecord.objects.get(action="sweep.import").actor == world.users["privacy_officer"]
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_sweep", str(tmp_path / "bad.json"))
    with pytest.raises(CommandError):
        call_command("import_sweep", str(tmp_path / "missing.json"))
