"""``mamori manage api_token create|list|revoke``: the CMS API's clients and tokens.

``create --name 「CMS（広報課）」 --department CODE`` registers the system (or reuses it when
the department has one of that name) and prints a new token **once**; only its SHA-256 is
kept. ``list`` shows clients and their tokens by prefix. ``revoke PREFIX`` ends a token.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from mamori_web.api.models import ApiClient, ApiToken
from mamori_web.api.selectors import api_client_list
from mamori_web.api.services import api_client_create, api_token_create, api_token_revoke
from mamori_web.errors import AppError
from mamori_web.org.models import Department


class Command(BaseCommand):
    help = "Create, list and revoke the CMS API's client tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="a new token (a new client when needed)")
        create.add_argument("--name", required=True, help="the system, e.g. CMS（広報課）")
        create.add_argument("--department", required=True, help="department code")
        create.add_argument("--municipality", help="local government code (several cities)")
        create.add_argument("--actor", help="user name recorded in the audit trail")
        sub.add_parser("list", help="clients and their tokens")
        revoke = sub.add_parser("revoke", help="revoke a token for good")
        revoke.add_argument("prefix", help="the token's prefix as `list` shows it")
        revoke.add_argument("--reason", default="", help="why (kept in the audit trail)")
        revoke.add_argument("--actor", help="user name recorded in the audit trail")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except AppError as err:
            raise CommandError(str(err.message)) from err

    def _actor(self, name: str | None) -> Any:
        if not name:
            return None
        try:
            return get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist as err:
            raise CommandError(_("No user %(name)s.") % {"name": name}) from err

    def _create(self, options: dict[str, Any]) -> None:
        actor = self._actor(options["actor"])
        departments = Department.objects.filter(code=options["department"])
        if options["municipality"]:
            departments = departments.filter(municipality__code=options["municipality"])
        found = list(departments[:2])
        if len(found) != 1:
            raise CommandError(
                _("No single department with code %(code)s (give --municipality).")
                % {"code": options["department"]}
            )
        department = found[0]
        client = ApiClient.objects.filter(department=department, name=options["name"]).first()
        if client is None:
            client = api_client_create(name=options["name"], department=department, actor=actor)
        token, plain = api_token_create(client=client, actor=actor)
        self.stdout.write(
            _("API client %(name)s (%(department)s), token %(prefix)s…")
            % {"name": client.name, "department": department.name, "prefix": token.prefix}
        )
        self.stdout.write(plain)
        self.stderr.write(_("Store the token now: it is shown only once and cannot be recovered."))

    def _list(self, options: dict[str, Any]) -> None:
        for client in api_client_list():
            state = _("active") if client.active else _("disabled")
            self.stdout.write(f"{client.pk}\t{client.name}\t{client.department.name}\t{state}")
            for token in client.tokens.all():
                if token.revoked_at:
                    status = _("revoked %(when)s") % {
                        "when": timezone.localtime(token.revoked_at).strftime("%Y-%m-%d %H:%M")
                    }
                else:
                    status = _("valid")
                created = timezone.localtime(token.created_at).strftime("%Y-%m-%d %H:%M")
                self.stdout.write(f"\t{token.prefix}…\t{created}\t{status}")

    def _revoke(self, options: dict[str, Any]) -> None:
        actor = self._actor(options["actor"])
        prefix = options["prefix"].rstrip("…")
        token = ApiToken.objects.select_related("client").filter(prefix=prefix).first()
        if token is None:
            raise CommandError(_("No token %(prefix)s.") % {"prefix": prefix})
        api_token_revoke(token=token, actor=actor, reason=options["reason"])
        self.stdout.write(
            _("Token %(prefix)s… of %(name)s revoked.")
            % {"prefix": token.prefix, "name": token.client.name}
        )
