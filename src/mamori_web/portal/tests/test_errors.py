from __future__ import annotations

import pytest
from django.test import Client

from mamori_web.testing import World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("mamori_web.portal.tests.urls_errors")]

MIDDLEWARE = "mamori_web.portal.middleware.AppErrorMiddleware"


@pytest.fixture
def with_middleware(settings):  # type: ignore[no-untyped-def]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/boom/forbidden/", 403, "権限がありません"),
        ("/boom/missing/", 404, "ページが見つかりません"),
        ("/boom/conflict/", 409, "処理できませんでした"),
        ("/boom/invalid/", 400, "処理できませんでした"),
    ],
)
def test_app_errors_render_japanese_pages(
    client: Client, world: World, with_middleware: None, path: str, status: int, text: str
) -> None:
    client.force_login(world.users["staff"])
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == status
    html = response.content.decode()
    assert text in html
    assert "ダッシュボード" in html  # the shell (navigation) is there


def test_api_clients_get_json(client: Client, world: World, with_middleware: None) -> None:
    client.force_login(world.users["staff"])
    response = client.get("/boom/invalid/", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"
    assert response.json()["detail"] == {"f": "bad"}


def test_plain_404_uses_the_japanese_template(client: Client, world: World) -> None:
    client.force_login(world.users["staff"])
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_500_template_renders_without_context() -> None:
    from django.template.loader import get_template
    from django.utils import translation

    with translation.override("ja"):
        html = get_template("500.html").render()
    assert "サーバーエラー" in html
