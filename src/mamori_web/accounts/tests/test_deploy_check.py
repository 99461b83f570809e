"""`manage.py check --deploy` is clean with the production settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import mamori_web


def test_check_deploy_is_clean(tmp_path: Path) -> None:
    src = str(Path(mamori_web.__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "MAMORI_PRODUCTION": "1",
        "MAMORI_SECRET_KEY": secrets.token_urlsafe(64),
        "MAMORI_HOME": str(tmp_path),
        "MAMORI_ALLOWED_HOSTS": "mamori.example.lg.jp",
        "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p),
    }
    for name in ("MAMORI_DEBUG", "DJANGO_SETTINGS_MODULE", "MAMORI_SSL_REDIRECT"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "mamori_web.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sessions_end_when_idle_and_with_the_browser() -> None:
    from django.conf import settings

    minutes = settings.SESSION_COOKIE_AGE / 60
    assert minutes == int(os.environ.get("MAMORI_SESSION_MINUTES", "30"))
    assert settings.SESSION_SAVE_EVERY_REQUEST  # the age counts from the last request
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY
