"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # PBKDF2's production cost would dominate the suite; hashing strength is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    from mamori_web.testing import make_world

    return make_world()


@pytest.fixture
def private_home(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MAMORI_HOME in a folder of the test's own: uploads and installation keys (made on
    first use) are never shared between tests; one scan worker process."""
    home = tmp_path / "home"
    home.mkdir()
    settings.MAMORI_HOME = home
    monkeypatch.delenv("MAMORI_UPLOAD_KEY", raising=False)
    monkeypatch.delenv("MAMORI_KEY", raising=False)
    settings.MAMORI_SCAN_WORKERS = 1
    return home


@pytest.fixture
def resident_letter() -> tuple[str, str, str]:
    """A fictitious resident's letter (generator data): (text, full name, phone)."""
    from mamori.synth import generate_residents

    person = next(generate_residents(1, seed=41))
    name = f"{person.surname} {person.given_name}"
    a = person.address
    text = (
        "住民票の写しの交付について\n"
        f"申請者 {name} 様\n"
        f"住所 {a.prefecture}{a.city}{a.town}{a.block}\n"
        f"電話 {person.phone}\n"
        "上記のとおり交付します。\n"
    )
    return text, name, person.phone


def pytest_report_header(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    db = settings.DATABASES["default"]
    where = db.get("HOST") or db.get("NAME")
    return f"mamori database: {db['ENGINE'].rsplit('.', 1)[-1]} ({where})"
