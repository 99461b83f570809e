"""The API's errors: `AppError`s that carry the HTTP headers their status needs.

    AppError (mamori_web.errors)
    ├── Unauthenticated       401, with WWW-Authenticate
    ├── PayloadTooLarge       413, names the limit
    ├── UnsupportedMediaType  415, lists the supported types
    └── RateLimited           429, with Retry-After

The body keeps the application's shape ``{"code", "message", "detail"}``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mamori_web.errors import AppError, ErrorCode

__all__ = ["PayloadTooLarge", "RateLimited", "Unauthenticated", "UnsupportedMediaType"]


class ApiError(AppError):
    def __init__(
        self, message: Any = None, *, detail: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message, detail=detail)
        self.headers = dict(headers or {})


class Unauthenticated(ApiError):
    code = ErrorCode.UNAUTHENTICATED
    status = 401
    default_message = _(
        "Send a valid API token: Authorization: Bearer <token>. Ask the security office for one."
    )

    def __init__(self, message: Any = None, *, error: str | None = None) -> None:
        challenge = 'Bearer realm="mamori"'
        if error:
            challenge += f', error="{error}"'
        super().__init__(message, detail=None, headers={"WWW-Authenticate": challenge})


class PayloadTooLarge(ApiError):
    code = ErrorCode.PAYLOAD_TOO_LARGE
    status = 413


class UnsupportedMediaType(ApiError):
    code = ErrorCode.UNSUPPORTED_MEDIA_TYPE
    status = 415


class RateLimited(ApiError):
    code = ErrorCode.RATE_LIMITED
    status = 429

    def __init__(self, message: Any, *, retry_after: int, detail: Any = None) -> None:
        super().__init__(message, detail=detail, headers={"Retry-After": str(retry_after)})
