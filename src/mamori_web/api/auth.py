"""Bearer-token authentication of API clients.

Tokens are ``mamori_`` + 43 URL-safe characters (32 random bytes). The database holds
their SHA-256 only; a request's token is hashed and looked up. Every failure is audited
(without any part of the presented token) and answered 401 with ``WWW-Authenticate``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mamori_web.api.errors import Unauthenticated
from mamori_web.api.models import ApiClient, ApiToken
from mamori_web.audittrail.services import audit_record

__all__ = ["Caller", "authenticate", "hash_token", "new_token"]

TOKEN_PREFIX = "mamori_"
SHOWN_CHARS = 15  # "mamori_" and 8 characters: enough to tell tokens apart


@dataclass(frozen=True)
class Caller:
    client: ApiClient
    token: ApiToken


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _fail(request: HttpRequest, reason: str, token: ApiToken | None = None) -> Unauthenticated:
    audit_record(
        actor=None,
        action="api.auth_failed",
        obj=token.client if token is not None else None,
        request=request,
        detail={
            "reason": reason,
            "path": request.path[:200],
            "token": token.prefix if token is not None else None,
        },
    )
    if reason == "missing":
        return Unauthenticated()
    return Unauthenticated(
        _("The API token is not valid (unknown, revoked, or its system was disabled)."),
        error="invalid_token",
    )


def authenticate(request: HttpRequest) -> Caller:
    """The client whose token the request carries, or `Unauthenticated` (audited)."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, presented = header.partition(" ")
    presented = presented.strip()
    if not header:
        raise _fail(request, "missing")
    if scheme.lower() != "bearer" or not presented:
        raise _fail(request, "malformed")
    token = (
        ApiToken.objects.select_related("client", "client__department")
        .filter(token_hash=hash_token(presented))
        .first()
    )
    if token is None:
        raise _fail(request, "unknown")
    if token.revoked_at is not None:
        raise _fail(request, "revoked", token)
    if not token.client.active:
        raise _fail(request, "inactive", token)
    return Caller(client=token.client, token=token)
