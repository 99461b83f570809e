"""`mamori manage purge_publication`: delete the originals of closed 公開前チェック requests.

Run it daily, e.g. from cron: ``15 2 * * * /opt/mamori/.venv/bin/mamori manage
purge_publication`` (or a systemd timer). A request is closed when it was withdrawn, or
approved and every approved file was downloaded; its originals, extracted texts and masked
copies are deleted MAMORI_PUBLICATION_RETENTION_DAYS (default 30) days later. Findings
(masked previews, keyed hashes), decisions and the check record stay.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mamori_web.publication import services


class Command(BaseCommand):
    help = (
        "Delete originals of closed pre-publication check requests after the retention "
        "period (run daily)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="retention in days (default: MAMORI_PUBLICATION_RETENTION_DAYS, 30)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = services.publication_purge_expired(days=options["days"])
        self.stdout.write(f"purged the originals of {len(purged)} request(s)")
