"""`demo_publication`: the demo city's sample 公開前チェック requests (once; see
`publication.demo`). `mamori up` runs it after `demo_city`."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mamori_web.publication.demo import demo_publication_create


class Command(BaseCommand):
    help = "Add the demo city's sample pre-publication check requests (once)."

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("demo data is not created on a production server")
        started = time.monotonic()
        created = demo_publication_create()
        if created:
            self.stdout.write(
                f"sample pre-publication check requests: {len(created)} "
                f"({time.monotonic() - started:.1f} s)"
            )
