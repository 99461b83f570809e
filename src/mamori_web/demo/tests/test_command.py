"""`demo_city` through call_command, as `mamori up` runs it, and the demo logins."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from mamori_web.demo.services import DEFAULT_DEMO_PASSWORD
from mamori_web.demo.structure import LOGINS
from mamori_web.org.models import Department, RoleAssignment, Staff

pytestmark = [pytest.mark.db]


def _run(**options: Any) -> str:
    out = StringIO()
    with translation.override("ja"):
        call_command("demo_city", stdout=out, **options)
    return out.getvalue()


def _counts() -> tuple[int, int, int, int]:
    return (
        Department.objects.count(),
        Staff.objects.count(),
        get_user_model().objects.count(),
        RoleAssignment.objects.count(),
    )


@pytest.fixture(autouse=True)
def _no_password_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAMORI_DEMO_PASSWORD", raising=False)


def test_show_logins_prints_every_login_with_a_warning(db: None) -> None:
    output = _run(show_logins=True)
    assert "デモ用ログイン" in output
    for spec in LOGINS:
        assert f"\n{spec.username} " in output
    assert output.count(DEFAULT_DEMO_PASSWORD) == len(LOGINS)
    assert "情報セキュリティ責任者（部長）" in output
    assert "市民部 市民課" in output


def test_without_show_logins_no_password_is_printed(db: None) -> None:
    output = _run()
    assert "みなと守市" in output
    assert DEFAULT_DEMO_PASSWORD not in output


def test_second_run_changes_nothing_and_prints_the_logins_again(db: None) -> None:
    _run(show_logins=True)
    before = _counts()
    output = _run(show_logins=True)
    assert "デモ市は作成済みです" in output
    assert output.count(DEFAULT_DEMO_PASSWORD) == len(LOGINS)
    assert _counts() == before


def test_password_from_the_environment(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAMORI_DEMO_PASSWORD", "Other-Demo-Pass-93?")
    output = _run(show_logins=True)
    assert output.count("Other-Demo-Pass-93?") == len(LOGINS)
    assert DEFAULT_DEMO_PASSWORD not in output


def test_weak_password_from_the_environment_is_refused(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAMORI_DEMO_PASSWORD", "short")
    with pytest.raises(CommandError, match="MAMORI_DEMO_PASSWORD"):
        _run()
    assert Staff.objects.count() == 0


def test_refused_on_a_production_server(db: None, settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="MAMORI_PRODUCTION"):
        _run()
    assert Staff.objects.count() == 0


def test_a_demo_login_works_with_the_demo_password(db: None, client: Client) -> None:
    _run()
    assert client.login(username="staff", password=DEFAULT_DEMO_PASSWORD)
    # Every other login shares the same stored hash, so the same password opens it.
    hashes = set(get_user_model().objects.values_list("password", flat=True))
    assert len(hashes) == 1
    assert not client.login(username="staff", password="Wrong-Password-1!")
