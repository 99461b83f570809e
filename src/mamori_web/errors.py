"""The web application's error base.

Every error the application raises on purpose is an `AppError` with a stable `code` and a
translatable message; the API renders it as ``{"code", "message", "detail"}``::

    AppError
    ├── NotFound            missing *or* outside the user's scope (always the same 404)
    ├── PermissionDenied    inside the scope but the role may not do this (403)
    ├── InvalidTransition   a workflow step that the current state does not allow (409)
    └── ValidationFailed    input that cannot be used as given (400)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    INVALID_TRANSITION = "invalid_transition"
    VALIDATION_FAILED = "validation_failed"
    # the CMS API (mamori_web.api.errors)
    UNAUTHENTICATED = "unauthenticated"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    RATE_LIMITED = "rate_limited"


class AppError(Exception):
    code: ErrorCode = ErrorCode.VALIDATION_FAILED
    status: int = 400
    default_message: Any = _("The request could not be processed.")

    def __init__(self, message: Any = None, *, detail: Any = None) -> None:
        self.message = message if message is not None else self.default_message
        self.detail = detail
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        return {"code": str(self.code), "message": str(self.message), "detail": self.detail}


class NotFound(AppError, Http404):
    code = ErrorCode.NOT_FOUND
    status = 404
    default_message = _("Not found.")


class PermissionDenied(AppError):
    code = ErrorCode.PERMISSION_DENIED
    status = 403
    default_message = _("You are not allowed to do this.")


class InvalidTransition(AppError):
    code = ErrorCode.INVALID_TRANSITION
    status = 409
    default_message = _("This step is not possible in the current state.")


class ValidationFailed(AppError):
    code = ErrorCode.VALIDATION_FAILED
    status = 400
