"""Command 1 of the README, end to end, in a fresh data directory.

`mamori up --no-serve` must migrate, load the demo city once, print the logins, and a second
run must not duplicate anything. Then `mamori web` must serve the login page on 127.0.0.1.
These run real subprocesses against a SQLite file in a temporary MAMORI_HOME.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MAMORI_HOME"] = str(home)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _mamori(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mamori", *args],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _counts(home: Path) -> tuple[int, int, int]:
    with sqlite3.connect(home / "mamori.sqlite3") as db:
        return tuple(  # type: ignore[return-value]
            db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("org_department", "org_staff", "accounts_user")
        )


def test_up_sets_up_once_and_prints_logins(tmp_path: Path) -> None:
    first = _mamori(tmp_path, "up", "--no-serve")
    assert first.returncode == 0, first.stderr
    assert "ciso" in first.stdout
    assert (tmp_path / "mamori.sqlite3").exists()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # not readable by others
    departments, staff, users = _counts(tmp_path)
    assert departments >= 6 + 25
    assert 250 <= staff <= 350
    assert users >= 10

    second = _mamori(tmp_path, "up", "--no-serve")
    assert second.returncode == 0, second.stderr
    assert "ciso" in second.stdout
    assert _counts(tmp_path) == (departments, staff, users)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_web_serves_the_login_page_on_loopback(tmp_path: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mamori", "web", "--port", str(port)],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/accounts/login/", timeout=5
                ) as resp:
                    body = resp.read().decode("utf-8")
                    headers = resp.headers
                    break
            except OSError:
                time.sleep(0.5)
        else:
            out = proc.stdout.read() if proc.stdout else ""
            pytest.fail(f"the server did not answer: {out[-2000:]}")
        assert "ログイン" in body
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
