"""The security office's page for CMS API clients: register, issue (shown once), revoke."""

from __future__ import annotations

import pytest
from django.test import Client

from mamori_web.api.auth import hash_token
from mamori_web.api.models import ApiClient, ApiToken
from mamori_web.audittrail.models import AuditRecord
from mamori_web.testing import World

pytestmark = pytest.mark.django_db


def _department(world: World):  # type: ignore[no-untyped-def]
    return world.depts["ka_a1"]


def test_an_org_admin_registers_a_system_and_sees_its_token_once(
    client: Client, world: World
) -> None:
    client.force_login(world.users["it_officer"])
    department = _department(world)
    response = client.post("/api-clients/", {"name": "CMS（広報課）", "department": department.pk})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    plain = response.context["plain"]
    assert plain in response.content.decode()
    stored = ApiToken.objects.get(client__name="CMS（広報課）")
    assert stored.token_hash == hash_token(plain)
    assert plain not in {stored.token_hash, stored.prefix}
    page = client.get("/api-clients/").content.decode()
    assert "CMS（広報課）" in page
    assert plain not in page  # never shown again
    assert AuditRecord.objects.filter(action="api.token_created").exists()


def test_a_token_is_revoked_with_a_reason_and_audited(client: Client, world: World) -> None:
    client.force_login(world.users["it_officer"])
    api_client = ApiClient.objects.create(name="CMS", department=_department(world))
    response = client.post(f"/api-clients/{api_client.pk}/tokens/")
    token = ApiToken.objects.get(client=api_client)
    assert response.context["plain"].startswith(token.prefix)
    assert client.post(f"/api-clients/tokens/{token.pk}/revoke/", {"reason": ""}).status_code == 400
    response = client.post(f"/api-clients/tokens/{token.pk}/revoke/", {"reason": "CMS 更新"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoke_reason == "CMS 更新"
    assert AuditRecord.objects.filter(action="api.token_revoked").exists()


@pytest.mark.parametrize("role", ["dept_head", "section_manager", "staff", "contractor"])
def test_nobody_else_manages_api_clients(client: Client, world: World, role: str) -> None:
    client.force_login(world.users[role])
    assert client.get("/api-clients/").status_code == 403
    response = client.post("/api-clients/", {"name": "x", "department": _department(world).pk})
    assert response.status_code == 403
    assert not ApiClient.objects.exists()


def test_anonymous_users_are_not_told_the_page_exists(client: Client) -> None:
    assert client.get("/api-clients/").status_code in (302, 404)
