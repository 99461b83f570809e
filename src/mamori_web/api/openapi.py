"""The CMS API's OpenAPI 3.1 description, written by hand (served at ``openapi.json``).

Tests validate it with openapi-spec-validator and validate real responses of the views
against its component schemas, so the description and the code cannot drift apart.
"""

from __future__ import annotations

import copy
from typing import Any

from mamori.pii.extract import SUPPORTED_SUFFIXES

__all__ = ["openapi_document"]

_DESCRIPTION = """\
The CMS API of mamori: a city's web CMS sends a document before it publishes it and gets
back the personal data found in it and a verdict — `clean`, `findings` or `unscannable`.
A file that cannot be read completely (encrypted, corrupt, too large, a scan that timed
out) is `unscannable` and must not be published as clean.

The result is the file entry of mamori's scan output (spec/pii.md) with an `id`, a
`status` and a `verdict`. **One deviation:** a finding's `text` is a *masked preview*
(山■ ■■, ■■■-■■■■-■■78), not the value found. mamori never stores personal data it
finds (only its type, place, a masked preview and a keyed hash), so it cannot return it.

Authentication: each system has its own token (`mamori manage api_token create`), sent
as `Authorization: Bearer <token>`. A system sees only its own scans. Messages are in
Japanese.

`POST /api/v1/scans` waits a few seconds for the result; a file still being scanned is
answered `202` with `Location` and `Retry-After`: fetch that location until it answers
`200`.
"""

_ERROR = {"$ref": "#/components/schemas/Error"}


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": _ERROR}},
    }
    if headers:
        out["headers"] = headers
    return out


_RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds to wait before trying again",
        "schema": {"type": "integer", "minimum": 0},
    }
}
_SCAN = {"application/json": {"schema": {"$ref": "#/components/schemas/Scan"}}}

_DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "mamori CMS API",
        "version": "1.0.0",
        "description": _DESCRIPTION,
        "license": {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"},
    },
    "servers": [{"url": "/"}],
    "security": [{"bearerAuth": []}],
    "paths": {
        "/api/v1/scans": {
            "post": {
                "operationId": "createScan",
                "summary": "Scan a document for personal data before it is published",
                "description": (
                    "Send the file as multipart/form-data (field `file`, optional "
                    "`page_url`) or as the raw body with its `Content-Type` and an "
                    "`X-Filename` header (percent-encode a Japanese name). Waits up to "
                    "MAMORI_API_WAIT_SECONDS (default 8) for the result."
                ),
                "parameters": [
                    {
                        "name": "X-Filename",
                        "in": "header",
                        "required": False,
                        "description": "the file name of a raw body (its suffix names its type)",
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "X-Page-Url",
                        "in": "header",
                        "required": False,
                        "description": "the page the file will be published on (raw body)",
                        "schema": {"type": "string", "format": "uri"},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "file": {
                                        "type": "string",
                                        "contentMediaType": "application/octet-stream",
                                    },
                                    "page_url": {"type": "string", "format": "uri"},
                                },
                            }
                        },
                        "application/octet-stream": {
                            "schema": {
                                "type": "string",
                                "contentMediaType": "application/octet-stream",
                            }
                        },
                        "*/*": {"schema": {"type": "string"}},
                    },
                },
                "responses": {
                    "200": {"description": "scanned: the verdict and findings", "content": _SCAN},
                    "202": {
                        "description": "accepted, still queued or scanning",
                        "headers": {
                            "Location": {
                                "description": "where to fetch the result",
                                "schema": {"type": "string"},
                            },
                            **_RETRY_AFTER,
                        },
                        "content": _SCAN,
                    },
                    "400": _error("empty file, no `file` field or a bad `page_url`"),
                    "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "405": _error("method not allowed"),
                    "413": _error("the file is larger than the limit (detail.limit, in bytes)"),
                    "415": _error(
                        "a type that cannot be scanned; detail.supported lists the types"
                    ),
                    "429": {"$ref": "#/components/responses/RateLimited"},
                },
            }
        },
        "/api/v1/scans/{id}": {
            "get": {
                "operationId": "getScan",
                "summary": "The result of a scan (202 while it is queued or running)",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                    }
                ],
                "responses": {
                    "200": {"description": "scanned", "content": _SCAN},
                    "202": {
                        "description": "still queued or scanning",
                        "headers": {
                            "Location": {
                                "description": "this scan",
                                "schema": {"type": "string"},
                            },
                            **_RETRY_AFTER,
                        },
                        "content": _SCAN,
                    },
                    "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "404": _error("no such scan, or it belongs to another system"),
                    "429": {"$ref": "#/components/responses/RateLimited"},
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This description",
                "security": [],
                "responses": {
                    "200": {
                        "description": "the OpenAPI 3.1 document",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "a system's API token (mamori manage api_token create)",
            }
        },
        "responses": {
            "Unauthenticated": _error(
                "missing, unknown or revoked token",
                {
                    "WWW-Authenticate": {
                        "description": 'Bearer realm="mamori"',
                        "schema": {"type": "string"},
                    }
                },
            ),
            "RateLimited": _error(
                "too many requests per minute, or too many files waiting", _RETRY_AFTER
            ),
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["code", "message", "detail"],
                "additionalProperties": False,
                "properties": {
                    "code": {
                        "type": "string",
                        "enum": [
                            "not_found",
                            "permission_denied",
                            "invalid_transition",
                            "validation_failed",
                            "unauthenticated",
                            "payload_too_large",
                            "unsupported_media_type",
                            "rate_limited",
                        ],
                    },
                    "message": {"type": "string", "description": "for people, in Japanese"},
                    "detail": {
                        "description": "machine-readable particulars, or null",
                        "type": ["object", "null"],
                        "properties": {
                            "limit": {"type": "integer"},
                            "size": {"type": ["integer", "null"]},
                            "supported": {
                                "type": "array",
                                "items": {"type": "string", "enum": list(SUPPORTED_SUFFIXES)},
                            },
                            "reason": {"type": "string"},
                        },
                    },
                },
            },
            "Scan": {
                "type": "object",
                "required": [
                    "id",
                    "status",
                    "verdict",
                    "path",
                    "findings",
                    "summary",
                    "error",
                ],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "status": {
                        "type": "string",
                        "enum": ["queued", "running", "ok", "unscannable"],
                        "description": "spec/pii.md's ok/unscannable, or not finished yet",
                    },
                    "verdict": {
                        "type": ["string", "null"],
                        "enum": ["clean", "findings", "unscannable", None],
                        "description": "null until finished; unscannable is never clean",
                    },
                    "path": {"type": "string", "description": "the file name sent"},
                    "size": {"type": "integer", "minimum": 1},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "page_url": {"type": ["string", "null"]},
                    "created_at": {"type": "string", "format": "date-time"},
                    "finished_at": {"type": ["string", "null"], "format": "date-time"},
                    "findings": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Finding"},
                    },
                    "summary": {
                        "oneOf": [{"$ref": "#/components/schemas/Summary"}, {"type": "null"}]
                    },
                    "error": {
                        "type": ["string", "null"],
                        "description": "why the file is unscannable",
                    },
                },
            },
            "Finding": {
                "type": "object",
                "required": ["type", "start", "end", "text", "score", "detector", "location"],
                "properties": {
                    "type": {"type": "string", "description": "a label of spec/pii.md"},
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                    "text": {
                        "type": "string",
                        "description": "masked preview of the value (never the value)",
                    },
                    "score": {"type": "number", "minimum": 0, "maximum": 1},
                    "detector": {"type": "string"},
                    "location": {"$ref": "#/components/schemas/Location"},
                    "explanation": {"type": "string"},
                    "matched_fields": {"type": "array", "items": {"type": "string"}},
                },
            },
            "Location": {
                "type": "object",
                "required": ["page", "sheet", "cell"],
                "properties": {
                    "page": {"type": ["integer", "null"]},
                    "sheet": {"type": ["string", "null"]},
                    "cell": {"type": ["string", "null"]},
                    "part": {"type": "string", "description": "attachment or archive member"},
                },
            },
            "Summary": {
                "type": "object",
                "required": ["persons", "households", "by_type"],
                "properties": {
                    "persons": {"type": "integer", "minimum": 0},
                    "households": {"type": "integer", "minimum": 0},
                    "by_type": {
                        "type": "object",
                        "additionalProperties": {"type": "integer", "minimum": 0},
                    },
                    "edm": {"type": "object"},
                },
            },
        },
    },
}


def openapi_document() -> dict[str, Any]:
    return copy.deepcopy(_DOCUMENT)
