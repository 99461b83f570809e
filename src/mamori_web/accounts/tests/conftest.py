from __future__ import annotations

import pytest
from pytest_django import Settings


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Settings) -> None:
    # PBKDF2 at production strength makes `world` take seconds; the hasher is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
