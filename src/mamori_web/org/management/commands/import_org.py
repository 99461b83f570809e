"""``mamori manage import_org --departments FILE --staff FILE``: load the organisation."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mamori_web.org.importing import KIND_LABELS
from mamori_web.org.models import Municipality
from mamori_web.org.services import org_files_import


class Command(BaseCommand):
    help = "Import departments and/or staff from CSV (UTF-8 or Shift_JIS) or Excel files."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--departments", type=Path, help="departments file (CSV/XLSX)")
        parser.add_argument("--staff", type=Path, help="staff file (CSV/XLSX)")
        parser.add_argument(
            "--municipality",
            help="local government code (needed only when several municipalities exist)",
        )
        parser.add_argument("--actor", help="user name recorded in the audit trail")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["departments"] and not options["staff"]:
            raise CommandError(_("give --departments FILE, --staff FILE or both"))
        municipality = self._municipality(options["municipality"])
        actor = None
        if options["actor"]:
            try:
                actor = get_user_model().objects.get(username=options["actor"])
            except get_user_model().DoesNotExist as err:
                raise CommandError(_("No user %(name)s.") % {"name": options["actor"]}) from err
        uploads: dict[str, tuple[bytes, str]] = {}
        for kind in ("departments", "staff"):
            path: Path | None = options[kind]
            if path is None:
                continue
            try:
                uploads[kind] = (path.read_bytes(), path.name)
            except OSError as err:
                raise CommandError(
                    _("Cannot read %(path)s: %(error)s") % {"path": path, "error": err.strerror}
                ) from err
        result = org_files_import(
            municipality=municipality,
            departments=uploads.get("departments"),
            staff=uploads.get("staff"),
            actor=actor,
        )
        for report in result.reports:
            for line in report.lines():
                self.stdout.write(line)
        for kind, message in result.file_errors.items():
            self.stderr.write(f"{KIND_LABELS[kind]}: {message}")
        if result.file_errors:
            raise CommandError(
                _("Nothing was imported from: %(files)s")
                % {"files": ", ".join(str(KIND_LABELS[k]) for k in result.file_errors)}
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
