"""The OpenAPI description is valid, and real responses of the views conform to it.

Each scenario below calls the API as a client would; its response is validated against the
schema the description gives for that path, method and status (and the headers it names
are checked to be present), so neither the code nor the description can drift alone.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from openapi_spec_validator import validate

from mamori_web.api.openapi import openapi_document
from mamori_web.api.tests.conftest import CLEAN_TEXT, Caller
from mamori_web.scanning import jobs

pytestmark = pytest.mark.django_db

Letter = tuple[str, str, str]


def test_the_description_is_valid_openapi_3_1() -> None:
    document = openapi_document()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_the_served_description_is_the_document() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == openapi_document()


def test_every_api_route_is_described() -> None:
    from mamori_web.api.urls import urlpatterns

    described = set(openapi_document()["paths"])
    routes = {
        "/api/v1/" + re.sub(r"<str:(\w+)>", r"{id}", str(p.pattern))
        for p in urlpatterns
        if p.name != "unknown"
    }
    assert routes == described


def _response_spec(path: str, method: str, status: int) -> dict[str, Any]:
    document = openapi_document()
    operation = document["paths"][path][method]
    assert str(status) in operation["responses"], f"{method} {path}: {status} is not described"
    spec = operation["responses"][str(status)]
    if "$ref" in spec:
        spec = document["components"]["responses"][spec["$ref"].rsplit("/", 1)[-1]]
    return dict(spec)


def assert_conforms(response: Any, path: str, method: str) -> dict[str, Any]:
    """The response's body fits the described schema; the described headers are sent."""
    spec = _response_spec(path, method, response.status_code)
    for header in spec.get("headers", {}):
        assert response.has_header(header), f"{response.status_code} lacks {header}"
    assert response["Content-Type"].startswith("application/json")
    schema = spec["content"]["application/json"]["schema"]
    root = {**openapi_document(), **schema}  # $refs resolve against the whole document
    body = response.json()
    errors = sorted(Draft202012Validator(root).iter_errors(body), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    return dict(body)


def test_scan_responses_conform(cms: Caller, resident_letter: Letter) -> None:
    scans, one = "/api/v1/scans", "/api/v1/scans/{id}"
    queued = assert_conforms(cms.post_file(resident_letter[0].encode(), "a.txt"), scans, "post")
    clean_id = assert_conforms(cms.post_raw(CLEAN_TEXT.encode(), "b.txt"), scans, "post")["id"]
    broken = cms.post_file(b"PK\x03\x04 broken", "c.docx")
    broken_id = assert_conforms(broken, scans, "post")["id"]
    assert_conforms(cms.get(queued["id"]), one, "get")
    jobs.run_pending()
    found = assert_conforms(cms.get(queued["id"]), one, "get")
    assert found["verdict"] == "findings"
    assert assert_conforms(cms.get(clean_id), one, "get")["verdict"] == "clean"
    assert assert_conforms(cms.get(broken_id), one, "get")["verdict"] == "unscannable"


def test_error_responses_conform(cms: Caller, other_cms: Caller, settings: Any) -> None:
    scans, one = "/api/v1/scans", "/api/v1/scans/{id}"
    statuses = set()

    def check(response: Any, path: str, method: str) -> None:
        body = assert_conforms(response, path, method)
        assert set(body) == {"code", "message", "detail"}
        statuses.add(response.status_code)

    check(Client().post(scans), scans, "post")  # 401
    check(Client().get(f"{scans}/x", HTTP_AUTHORIZATION="Bearer nope"), one, "get")  # 401
    check(cms.post_file(b"", "a.txt"), scans, "post")  # 400
    check(cms.post_file(b"\x89PNG\r\n\x1a\n0000", "a.png"), scans, "post")  # 415
    check(other_cms.get("00000000-0000-4000-8000-000000000000"), one, "get")  # 404
    check(cms.http.get(scans, **cms.auth()), scans, "post")  # 405 (described on post)
    settings.MAMORI_MAX_UPLOAD_BYTES = 10
    check(cms.post_raw(b"x" * 11, "a.txt"), scans, "post")  # 413
    settings.MAMORI_API_SCANS_PER_MINUTE = 0
    check(cms.post_raw(b"x", "a.txt"), scans, "post")  # 429
    settings.MAMORI_API_READS_PER_MINUTE = 0
    check(cms.get("00000000-0000-4000-8000-000000000000"), one, "get")  # 429
    assert statuses == {400, 401, 404, 405, 413, 415, 429}
