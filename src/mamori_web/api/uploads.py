"""Reading an uploaded file from a request: multipart ``file`` or a raw body.

Uploads stay in memory (never in Django's temporary upload folder in clear): they are
handed to `scan_job_create`, which stores them encrypted. The size limit is checked on
``Content-Length`` before the body is read, and again on the file itself.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mamori.pii.extract import SUPPORTED_SUFFIXES, unsupported_reason
from mamori_web.api.errors import PayloadTooLarge, UnsupportedMediaType
from mamori_web.errors import ValidationFailed
from mamori_web.scanning.services import max_upload_bytes, safe_filename

__all__ = ["Upload", "read_upload"]

MULTIPART_SLACK = 64 * 1024  # form boundaries and headers around the file
_TYPES = {
    "text/plain": ".txt",
    "text/csv": ".csv",
    "text/tab-separated-values": ".tsv",
    "text/markdown": ".md",
    "text/html": ".html",
    "application/json": ".json",
    "application/pdf": ".pdf",
    "application/zip": ".zip",
    "message/rfc822": ".eml",
    "application/vnd.ms-excel": ".xls",
}


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps every upload in memory, whatever its size (the size is checked before)."""

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        super().handle_raw_input(*args, **kwargs)
        self.activated = True


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    page_url: str


def _too_large(size: int | None, limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        _("The file is larger than the limit of %(mb)s MB (%(limit)d bytes). Split it.")
        % {"mb": f"{limit / (1024 * 1024):g}", "limit": limit},
        detail={"size": size, "limit": limit},
    )


def _content_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _page_url(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if len(value) > 2000 or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationFailed(
            _("page_url must be an http(s) URL of at most 2000 characters."),
            detail={"field": "page_url"},
        )
    return value


def _raw_name(request: HttpRequest) -> str:
    given = unquote(request.headers.get("X-Filename", "")).strip()
    if given:
        return given
    media = request.content_type or ""
    suffix = _TYPES.get(media) or mimetypes.guess_extension(media) or ""
    return "upload" + suffix


def read_upload(request: HttpRequest) -> Upload:
    """The request's file, or the API error that says what is wrong with it."""
    limit = max_upload_bytes()
    length = _content_length(request)
    multipart = request.content_type == "multipart/form-data"
    if length is not None and length > limit + (MULTIPART_SLACK if multipart else 0):
        raise _too_large(length, limit)
    if multipart:
        request.upload_handlers = [InMemoryUploadHandler(request)]
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(
                _("Send the file in the form field named file."), detail={"field": "file"}
            )
        name, data = upload.name or "upload", upload.read()
        page_url = _page_url(request.POST.get("page_url", ""))
    else:
        name, data = _raw_name(request), request.body
        page_url = _page_url(
            request.headers.get("X-Page-Url", "") or request.GET.get("page_url", "")
        )
    if len(data) > limit:
        raise _too_large(len(data), limit)
    if not data:
        raise ValidationFailed(_("The file is empty."), detail={"field": "file", "size": 0})
    name = safe_filename(name)
    reason = unsupported_reason(data[:2048], name)
    if reason is not None:
        raise UnsupportedMediaType(
            _("This type of file cannot be scanned. Supported: %(types)s")
            % {"types": " ".join(SUPPORTED_SUFFIXES)},
            detail={"reason": reason, "filename": name, "supported": list(SUPPORTED_SUFFIXES)},
        )
    return Upload(filename=name, data=data, page_url=page_url)
