"""`demo_city`: create the fictitious demo city once; print its demo logins on request.

`mamori up` calls it as ``call_command("demo_city", show_logins=True)``. A second run finds
the city by its code and changes nothing. The shared demo password is
`services.DEFAULT_DEMO_PASSWORD` unless MAMORI_DEMO_PASSWORD is set (it must meet the
password policy). It refuses to run with MAMORI_PRODUCTION=1: demo logins with a published
password have no place on a production server.
"""

from __future__ import annotations

import os
import unicodedata
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mamori_web.demo.selectors import DemoLogin, demo_logins
from mamori_web.demo.services import (
    DEFAULT_DEMO_PASSWORD,
    DEMO_SEED,
    DemoCity,
    DemoCityExists,
    demo_city_create,
)
from mamori_web.errors import ValidationFailed
from mamori_web.org.models import Employment

PASSWORD_ENV = "MAMORI_DEMO_PASSWORD"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def _describe(err: ValidationFailed) -> str:
    detail = err.detail or {}
    problems = [*detail.get("password", []), *detail.get("in_use", [])]
    where = f" ({PASSWORD_ENV})" if "password" in detail else ""
    return f"{err.message}{where} {' '.join(problems)}".strip()


def _note(login: DemoLogin) -> str:
    notes = []
    if login.employment not in (Employment.REGULAR, Employment.CONTRACTOR):
        notes.append(str(Employment(login.employment).label))
    if login.company:
        notes.append(login.company)
    if login.end is not None:
        notes.append(_("left on %(date)s") % {"date": login.end.isoformat()})
        if login.active:
            notes.append(_("login still active"))
    return "、".join(notes)


class Command(BaseCommand):
    help = "Create the fictitious demo city (once) and optionally print its demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--show-logins",
            action="store_true",
            dest="show_logins",
            help="print the demo logins and their shared password",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEMO_SEED,
            help="seed of the random choices (default: %(default)s)",
        )

    def handle(
        self, *args: Any, show_logins: bool = False, seed: int = DEMO_SEED, **options: Any
    ) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                _("Demo logins are not created on a production server (MAMORI_PRODUCTION=1).")
            )
        password = os.environ.get(PASSWORD_ENV) or DEFAULT_DEMO_PASSWORD
        try:
            city = demo_city_create(password=password, seed=seed)
        except DemoCityExists as err:
            self.stdout.write(str(err.message))
        except ValidationFailed as err:
            raise CommandError(_describe(err)) from err
        else:
            self._created(city)
        if show_logins:
            self._show_logins(password)

    def _created(self, city: DemoCity) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Created the demo city %(name)s: %(departments)d departments, "
                    "%(staff)d staff, %(logins)d logins."
                )
                % {
                    "name": city.municipality.name,
                    "departments": len(city.departments),
                    "staff": len(city.staff),
                    "logins": len(city.users),
                }
            )
        )

    def _show_logins(self, password: str) -> None:
        self.stdout.write(
            self.style.WARNING(
                _(
                    "DEMO LOGINS. The demo city is fictitious and every login below shares one "
                    "published password: use them to try mamori, never with real data or on a "
                    "server others can reach."
                )
            )
        )
        rows = [
            [
                pgettext("demo logins", "Username"),
                pgettext("demo logins", "Role"),
                pgettext("demo logins", "Department"),
                pgettext("demo logins", "Password"),
                pgettext("demo logins", "Note"),
            ]
        ]
        for login in demo_logins(password=password):
            rows.append(
                [
                    login.username,
                    "、".join(str(role.label) for role in login.roles),
                    login.department,
                    password if login.has_demo_password else pgettext("demo logins", "(changed)"),
                    _note(login),
                ]
            )
        for line in _table(rows):
            self.stdout.write(line)
