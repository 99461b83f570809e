"""Tokens: stored as hashes only, shown once, revoked once; every failure 401 and audited."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from mamori_web.api.models import ApiClient, ApiToken
from mamori_web.api.services import api_token_revoke
from mamori_web.api.tests.conftest import CLEAN_TEXT, Caller
from mamori_web.audittrail.models import AuditRecord
from mamori_web.errors import InvalidTransition

pytestmark = pytest.mark.django_db


def _post(token: str | None, scheme: str = "Bearer") -> Any:
    extra: dict[str, Any] = {"HTTP_AUTHORIZATION": f"{scheme} {token}"} if token is not None else {}
    return Client().generic(
        "POST",
        "/api/v1/scans",
        CLEAN_TEXT.encode(),
        content_type="text/plain",
        HTTP_X_FILENAME="a.txt",
        **extra,
    )


def test_the_token_is_stored_as_its_sha256_only(cms: Caller) -> None:
    token = ApiToken.objects.get(client=cms.client)
    assert token.token_hash == hashlib.sha256(cms.token.encode()).hexdigest()
    assert cms.token.startswith(token.prefix)
    assert len(cms.token) >= 7 + 43  # "mamori_" + 32 random bytes
    stored = " ".join(str(v) for v in vars(token).values())
    assert cms.token not in stored
    assert _post(cms.token).status_code == 202


def test_a_missing_token_is_401_with_a_challenge(cms: Caller) -> None:
    response = _post(None)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="mamori"'
    assert response.json()["code"] == "unauthenticated"
    assert "Bearer" in response.json()["message"]
    assert "トークン" in response.json()["message"]  # Japanese first
    record = AuditRecord.objects.get(action="api.auth_failed")
    assert record.detail["reason"] == "missing"


@pytest.mark.parametrize(
    ("token", "scheme", "reason"),
    [
        ("mamori_notarealtoken", "Bearer", "unknown"),
        ("", "Bearer", "malformed"),
        ("user:pass", "Basic", "malformed"),
    ],
)
def test_a_wrong_token_is_401_invalid_token_and_audited_without_it(
    cms: Caller, token: str, scheme: str, reason: str
) -> None:
    response = _post(token, scheme)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    record = AuditRecord.objects.get(action="api.auth_failed")
    assert record.detail["reason"] == reason
    assert record.detail["token"] is None
    if token:
        assert token not in str(record.detail)


def test_a_revoked_token_is_401_and_revocation_happens_once(cms: Caller) -> None:
    token = ApiToken.objects.get(client=cms.client)
    api_token_revoke(token=token, reason="CMS replaced")
    token.refresh_from_db()
    revoked_at = token.revoked_at
    assert revoked_at is not None
    with pytest.raises(InvalidTransition):
        api_token_revoke(token=token)
    token.refresh_from_db()
    assert token.revoked_at == revoked_at
    response = _post(cms.token)
    assert response.status_code == 401
    failed = AuditRecord.objects.get(action="api.auth_failed")
    assert failed.detail == {"reason": "revoked", "path": "/api/v1/scans", "token": token.prefix}
    assert failed.department == cms.client.department
    assert AuditRecord.objects.filter(action="api.token_revoked").count() == 1


def test_a_disabled_system_is_401(cms: Caller) -> None:
    ApiClient.objects.filter(pk=cms.client.pk).update(active=False)
    assert _post(cms.token).status_code == 401


def test_the_openapi_description_needs_no_token() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.1")


def test_the_command_creates_lists_and_revokes(world: Any) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token",
        "create",
        "--name",
        "CMS（広報課）",
        "--department",
        "A1",
        stdout=out,
        stderr=err,
    )
    lines = out.getvalue().splitlines()
    plain = lines[-1]
    assert plain.startswith("mamori_")
    assert "CMS（広報課）" in lines[0]
    client = ApiClient.objects.get(name="CMS（広報課）")
    assert client.department == world.depts["ka_a1"]
    assert _post(plain).status_code == 202
    # a second create for the same system issues a second token for the same client
    call_command("api_token", "create", "--name", "CMS（広報課）", "--department", "A1",
                 stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    assert ApiClient.objects.count() == 1
    assert client.tokens.count() == 2
    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    assert "CMS（広報課）" in listing.getvalue()
    assert plain not in listing.getvalue()
    prefix = ApiToken.objects.filter(client=client).first().prefix  # type: ignore[union-attr]
    assert prefix in listing.getvalue()
    call_command("api_token", "revoke", prefix, "--reason", "test", stdout=io.StringIO())
    assert _post(plain).status_code == 401
    with pytest.raises(CommandError):
        call_command("api_token", "revoke", prefix, stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("api_token", "create", "--name", "x", "--department", "NOPE")
    assert AuditRecord.objects.filter(action="api.token_created").count() == 2
    assert AuditRecord.objects.filter(action="api.client_created").count() == 1
