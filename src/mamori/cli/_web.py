"""`mamori up`, `mamori web` and `mamori manage`: the web application's commands.

Django is imported inside the handlers only (the library never imports it at import time).
"""

from __future__ import annotations

import argparse
import importlib
import os
import time
from typing import Any

SETTINGS = "mamori_web.settings"


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    django = importlib.import_module("django")
    django.setup()


def _call(command: str, *args: str, **options: Any) -> None:
    management = importlib.import_module("django.core.management")
    management.call_command(command, *args, **options)


def _serve(host: str, port: int, threads: int) -> int:
    waitress = importlib.import_module("waitress")
    wsgi = importlib.import_module("mamori_web.wsgi")
    settings = importlib.import_module("django.conf").settings
    if settings.MAMORI_SCAN_IN_PROCESS:
        # uploads are scanned by a thread of this process (forked children do the work)
        importlib.import_module("mamori_web.scanning.jobs").BackgroundWorker().start()
    print(f"mamori: serving on http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    waitress.serve(wsgi.application, host=host, port=port, threads=threads, ident="mamori")
    return 0


def _cmd_up(args: argparse.Namespace) -> int:
    started = time.monotonic()
    _django_setup()
    print("mamori: applying migrations", flush=True)
    _call("migrate", interactive=False, verbosity=0)
    print("mamori: loading the demo city (skipped when already loaded)", flush=True)
    _call("demo_city", show_logins=True)
    _call("demo_publication")
    print(f"mamori: ready in {time.monotonic() - started:.1f} s", flush=True)
    if args.no_serve:
        return 0
    return _serve(args.host, args.port, args.threads)


def _cmd_web(args: argparse.Namespace) -> int:
    _django_setup()
    _call("migrate", interactive=False, verbosity=0)
    return _serve(args.host, args.port, args.threads)


def _cmd_manage(args: argparse.Namespace) -> int:
    manage = importlib.import_module("mamori_web.manage")
    manage.main(args.args)
    return 0


def _add_serve_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")


def register(sub: Any) -> None:
    up = sub.add_parser(
        "up",
        help="migrate, load the demo city and serve the web application",
        description="Set up the data directory (MAMORI_HOME, default ./var), apply "
        "migrations, load the fictitious demo city once, print the demo logins and serve "
        "on http://127.0.0.1:8000.",
    )
    _add_serve_options(up)
    up.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
    up.set_defaults(handler=_cmd_up)

    web = sub.add_parser("web", help="serve the web application (no demo data)")
    _add_serve_options(web)
    web.set_defaults(handler=_cmd_web)

    manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_cmd_manage)
