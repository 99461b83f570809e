from __future__ import annotations

from pathlib import Path

import pytest

from mamori.synth import generate_residents


@pytest.fixture(autouse=True)
def _private_home(settings, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    # uploads and installation keys of each test in a folder of its own
    settings.MAMORI_HOME = tmp_path
    monkeypatch.delenv("MAMORI_UPLOAD_KEY", raising=False)
    monkeypatch.delenv("MAMORI_KEY", raising=False)
    settings.MAMORI_SCAN_WORKERS = 1


@pytest.fixture
def resident_letter() -> tuple[str, str, str]:
    """A fictitious resident's letter (generator data): (text, full name, phone)."""
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
