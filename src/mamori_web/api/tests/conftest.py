from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from mamori_web.api.models import ApiClient
from mamori_web.api.services import api_client_create, api_token_create


@pytest.fixture(autouse=True)
def _private_home(private_home: Path, settings: Any) -> Iterator[None]:
    # a MAMORI_HOME of the test's own (the root conftest's fixture); fresh counters
    settings.MAMORI_API_WAIT_SECONDS = 0  # answer 202 at once; tests run the worker
    caches["default"].clear()
    yield
    caches["default"].clear()


@dataclass
class Caller:
    client: ApiClient
    token: str
    http: Client

    def auth(self) -> dict[str, Any]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}

    def post_raw(self, data: bytes, name: str, content_type: str = "text/plain", **extra: Any):  # type: ignore[no-untyped-def]
        from urllib.parse import quote

        return self.http.generic(
            "POST",
            "/api/v1/scans",
            data=data,
            content_type=content_type,
            HTTP_X_FILENAME=quote(name),
            **{**self.auth(), **extra},
        )

    def post_file(self, data: bytes, name: str, **fields: str):  # type: ignore[no-untyped-def]
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.http.post(
            "/api/v1/scans",
            {"file": SimpleUploadedFile(name, data), **fields},
            **self.auth(),
        )

    def get(self, scan_id: str):  # type: ignore[no-untyped-def]
        return self.http.get(f"/api/v1/scans/{scan_id}", **self.auth())


def make_caller(world: Any, dept: str = "ka_a1", name: str = "CMS（広報課）") -> Caller:
    client = api_client_create(name=name, department=world.depts[dept])
    _token, plain = api_token_create(client=client)
    return Caller(client=client, token=plain, http=Client(enforce_csrf_checks=True))


@pytest.fixture
def cms(world: Any) -> Caller:
    return make_caller(world)


@pytest.fixture
def other_cms(world: Any) -> Caller:
    return make_caller(world, dept="ka_b1", name="他課CMS")


CLEAN_TEXT = (
    "令和7年度 市民課窓口の開庁時間のお知らせ\n平日の午前8時30分から午後5時15分まで開いています。\n"
)
