"""`mamori manage scan_worker`: scan queued uploads in this process until stopped."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mamori_web.scanning import jobs


class Command(BaseCommand):
    help = "Scan queued uploads (公開前チェック, CMS API) until stopped; --once for one pass."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once", action="store_true", help="one pass over the queue, then exit"
        )
        parser.add_argument("--poll", type=float, default=2.0, help="seconds between polls")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            jobs.requeue_stale()
            total = 0
            while finished := jobs.run_pending():
                total += finished
            self.stdout.write(f"scanned {total} file(s)")
            return
        worker = jobs.BackgroundWorker(poll_seconds=options["poll"])
        self.stdout.write("scan worker running (Ctrl+C to stop)")
        worker.run()
