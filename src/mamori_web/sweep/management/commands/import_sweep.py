"""``mamori manage import_sweep report.json``: store a `mamori sweep` report."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mamori_web.errors import ValidationFailed
from mamori_web.org.models import Municipality
from mamori_web.sweep.services import sweep_run_import


class Command(BaseCommand):
    help = "Import a sweep report (mamori sweep --format json -o report.json)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("report", type=Path, help="the sweep report (JSON)")
        parser.add_argument(
            "--municipality",
            help="local government code (needed only when several municipalities exist)",
        )
        parser.add_argument("--actor", help="user name recorded in the audit trail")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = self._municipality(options["municipality"])
        actor = None
        if options["actor"]:
            try:
                actor = get_user_model().objects.get(username=options["actor"])
            except get_user_model().DoesNotExist as err:
                raise CommandError(_("No user %(name)s.") % {"name": options["actor"]}) from err
        path: Path = options["report"]
        try:
            data = path.read_bytes()
        except OSError as err:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": err.strerror}
            ) from err
        try:
            run = sweep_run_import(
                municipality=municipality, data=data, filename=path.name, actor=actor
            )
        except ValidationFailed as err:
            raise CommandError(str(err.message)) from err
        self.stdout.write(
            _("Imported sweep run %(id)s: %(files)s files.")
            % {"id": run.pk, "files": run.files.count()}
        )

    def _municipality(self, code: str | None) -> Municipality:
        qs = Municipality.objects.all()
        if code:
            qs = qs.filter(code=code)
        found = list(qs[:2])
        if len(found) == 1:
            return found[0]
        if not found:
            raise CommandError(_("no such municipality; create it first"))
        raise CommandError(_("several municipalities: choose one with --municipality CODE"))
