"""End-to-end fixtures: the application on a live server, driven by Debian's Chromium.

The browser is `/usr/bin/chromium` (Debian's package, which `./dev test` installs when it
can), driven by Playwright's Python API in the test thread; Playwright's own browser
downloads are never used. Each test gets its own database (`transactional_db`), its own
MAMORI_HOME, the scan worker thread, the make_world() city and a fresh browser context at
1366×768 in Japanese.

Screenshots go to `$MAMORI_SCREENSHOTS` (default: pytest's temporary folder; the path is
printed at the end of the run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e._browser import VIEWPORT, assert_no_horizontal_overflow

CHROMIUM = Path(os.environ.get("MAMORI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "run, as root, `apt-get install -y --no-install-recommends chromium "
    "fonts-ipafont-gothic chromium-l10n` (./dev test does it itself when it runs as root "
    "with apt-get)"
)


def _missing_browser_parts() -> str:
    if not CHROMIUM.exists():
        return f"Debian's Chromium is not installed ({CHROMIUM} is missing)"
    fc_list = shutil.which("fc-list")
    fonts = ""
    if fc_list:
        run = subprocess.run([fc_list, ":lang=ja", "family"], capture_output=True, text=True)
        fonts = run.stdout.strip()
    if not fonts:
        return "no Japanese font is installed (the screens would show boxes)"
    return ""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _orm_beside_playwright() -> Iterator[None]:
    """Let the ORM run in the thread where Playwright's sync API keeps its event loop.

    Playwright's sync API runs an asyncio loop in the test thread (in a greenlet) for as
    long as it is started, and Django's async-unsafe check then refuses the ORM calls the
    fixtures and tests make between browser steps. Nothing here is async code, so the
    check is off while a browser module runs — and only then: the browser is
    module-scoped, so the loop is gone before any other test module runs in this process.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_orm_beside_playwright: None) -> Iterator[Any]:
    missing = _missing_browser_parts()
    if missing:
        pytest.skip(f"browser tests skipped: {missing}; {INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev group installs it
        pytest.skip("the Python package playwright is missing: run ./dev env")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,  # Playwright gives it a new empty profile
            # the browser's own words (ファイルを選択, 年/月/日) in Japanese, as on a city
            # laptop (needs Debian's chromium-l10n; English without it). LANG stays a
            # UTF-8 locale that exists: under a missing ja_JP one Chromium falls back to
            # ASCII and saves 参加者名簿_公開用.txt as "download".
            env={**os.environ, "LANGUAGE": "ja", "LANG": "C.UTF-8"},
            headless=True,
        )
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("MAMORI_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[[], Any]]:
    """Pages in fresh contexts (one per user): 1366×768, Japanese, downloads allowed."""
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(
            viewport=VIEWPORT,
            locale="ja-JP",
            timezone_id="Asia/Tokyo",
            base_url=live_server.url,
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[[], Any]) -> Any:
    return new_page()


# --- the application -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _private_home(private_home: Path, settings: Any) -> None:
    # a MAMORI_HOME of the test's own (the root conftest's fixture)
    settings.MAMORI_SCAN_TIMEOUT = 120


@pytest.fixture(autouse=True)
def _one_test_database_connection(
    browser: Any, live_server: Any, transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, Any]]:
    """The live server's threads use the test thread's connection to the test database.

    An in-memory SQLite test database is shared between threads by sharing one connection
    (Django's LiveServerThread hands its `connections_override` to every request thread).
    pytest-django fills it when the server starts, but once Playwright's event loop runs
    in the test thread, Django (asgiref) keeps that thread's connections in a context
    variable: the test thread then has a connection of its own, and two connections to a
    shared-cache database lock each other out ("database table is locked"). So for each
    test, the override is the test thread's current connection.

    One connection has one transaction state, so the threads' transactions on it take
    turns: an atomic block holds a lock until its outermost block ends (an RLock: nested
    blocks in the same thread go on).
    """
    from django.db import connections, transaction

    override: dict[str, Any] = live_server.thread.connections_override
    saved = dict(override)
    mine = {}
    for alias in connections:
        conn = connections[alias]
        if conn.vendor == "sqlite" and conn.is_in_memory_db():  # type: ignore[attr-defined]
            if not conn.allow_thread_sharing:
                conn.inc_thread_sharing()
            mine[alias] = conn
    if mine:
        turn = threading.RLock()
        enter, exit_ = transaction.Atomic.__enter__, transaction.Atomic.__exit__

        def locked_enter(self: Any) -> None:
            turn.acquire()
            try:
                enter(self)
            except BaseException:
                turn.release()
                raise

        def locked_exit(self: Any, *exc: Any) -> None:
            try:
                exit_(self, *exc)
            finally:
                turn.release()

        monkeypatch.setattr(transaction.Atomic, "__enter__", locked_enter)
        monkeypatch.setattr(transaction.Atomic, "__exit__", locked_exit)
    override.update(mine)
    try:
        yield mine
    finally:
        # The connection stays shareable: a request thread of the browser's last
        # keep-alive connection may end (and close it: a no-op in memory) after the test.
        override.clear()
        override.update(saved)


@pytest.fixture
def scan_worker(_one_test_database_connection: dict[str, Any]) -> Iterator[Any]:
    """The in-process scan worker, as `mamori web` runs it, for this test's database."""
    from django.db import connections

    from mamori_web.scanning.jobs import BackgroundWorker

    shared = _one_test_database_connection  # the worker thread uses it too

    class TestWorker(BackgroundWorker):
        def run(self) -> None:
            for alias, conn in shared.items():
                connections[alias] = conn
            super().run()

    worker = TestWorker(poll_seconds=1.0)
    worker.start()
    yield worker
    worker.stop()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the scan worker did not stop"


@pytest.fixture
def e2e_world(transactional_db: None, live_server: Any) -> Any:
    from mamori_web.testing import make_world

    return make_world()


@pytest.fixture
def shoot(screenshot_dir: Path, request: pytest.FixtureRequest) -> Callable[[Any, str], Path]:
    """Save a full-page screenshot at 1366 px wide and check the page doesn't overflow."""

    def save(page: Any, name: str) -> Path:
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready.then(() => true)")
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert_no_horizontal_overflow(page)
        return path

    return save


def pytest_terminal_summary(terminalreporter: Any) -> None:
    chosen = os.environ.get("MAMORI_SCREENSHOTS")
    if chosen:
        terminalreporter.write_line(f"mamori e2e screenshots: {chosen}")
