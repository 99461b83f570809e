from __future__ import annotations

import pytest
from django.test import Client

from mamori_web.portal.areas import PENDING_AREAS
from mamori_web.testing import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", [a.slug for a in PENDING_AREAS])
def test_pending_area_page_is_honest(client: Client, world: World, slug: str) -> None:
    client.force_login(world.users["staff"])
    response = client.get(f"/areas/{slug}/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    html = response.content.decode()
    assert "未実装" in html
    area = response.context["area"]
    assert str(area.purpose) in html
    assert str(area.incident) in html


def test_every_pending_area_is_translated() -> None:
    from django.utils import translation

    for area in PENDING_AREAS:
        for text in (area.label, area.purpose, area.incident):
            with translation.override("en"):
                english = str(text)
            with translation.override("ja"):
                japanese = str(text)
            assert japanese != english, f"untranslated: {english}"


def test_unknown_area_is_404(client: Client, world: World) -> None:
    client.force_login(world.users["staff"])
    assert client.get("/areas/no-such-area/").status_code == 404


def test_area_titles_in_japanese(client: Client, world: World) -> None:
    client.force_login(world.users["staff"])
    html = client.get("/areas/takeout/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "持出し" in html
    assert "堺市" in html
