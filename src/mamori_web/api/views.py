"""The CMS API, version 1 (the contract is `openapi.py`, served at ``openapi.json``).

Each handler: authenticate the token, count the request against the client's limits,
parse the input, call one service or selector, render JSON. Errors are `AppError`s and are
rendered here (not by the portal's middleware) so that their headers — WWW-Authenticate,
Retry-After — go out with them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from mamori_web.api import ratelimit
from mamori_web.api.access import access_api_scan_by_id
from mamori_web.api.auth import Caller, authenticate
from mamori_web.api.errors import ApiError, RateLimited
from mamori_web.api.openapi import openapi_document
from mamori_web.api.selectors import api_scan_document
from mamori_web.api.services import api_client_touch, api_scan_create
from mamori_web.api.uploads import read_upload
from mamori_web.audittrail.services import audit_record
from mamori_web.errors import AppError, NotFound
from mamori_web.scanning.models import ScanJob

View = Callable[..., HttpResponse]
_pause = time.sleep  # what the wait does between looks (a test runs the worker there)


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> JsonResponse:
    response = JsonResponse(
        body, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


def api_view(*methods: str) -> Callable[[View], View]:
    """csrf_exempt (token-authenticated, no cookies), allowed methods, errors as JSON."""

    def wrap(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def handler(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                error = AppError(
                    _("Method %(method)s is not allowed here.") % {"method": request.method}
                )
                return _json(error.as_dict(), 405, {"Allow": ", ".join(methods)})
            try:
                return view(request, *args, **kwargs)
            except AppError as err:
                headers = err.headers if isinstance(err, ApiError) else {}
                return _json(err.as_dict(), err.status, headers)

        return handler

    return wrap


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def _limit(request: HttpRequest, caller: Caller, bucket: str, per_minute: float) -> None:
    decision = ratelimit.hit(bucket=bucket, key=str(caller.client.pk), limit=int(per_minute))
    if decision.allowed:
        return
    if decision.count == decision.limit + 1:  # audit once per window, not every refusal
        audit_record(
            actor=None,
            action="api.rate_limited",
            obj=caller.client,
            request=request,
            detail={"bucket": bucket, "limit": decision.limit, "token": caller.token.prefix},
        )
    raise RateLimited(
        _("Too many requests: at most %(limit)d per minute. Try again in %(seconds)d s.")
        % {"limit": decision.limit, "seconds": decision.retry_after},
        retry_after=decision.retry_after,
        detail={"limit": decision.limit, "window_seconds": 60},
    )


def _scan_response(document: dict[str, Any]) -> JsonResponse:
    if document["status"] in ("queued", "running"):
        retry = str(int(_setting("MAMORI_API_RETRY_AFTER_SECONDS", 2)))
        return _json(
            document, 202, {"Location": f"/api/v1/scans/{document['id']}", "Retry-After": retry}
        )
    return _json(document, 200)


def _wait(job: ScanJob, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    poll = _setting("MAMORI_API_POLL_SECONDS", 0.25)
    while time.monotonic() < deadline:
        job.refresh_from_db(fields=["status"])
        if job.finished:
            return
        _pause(min(poll, max(0.0, deadline - time.monotonic())))


@api_view("POST")
def scans_create(request: HttpRequest) -> HttpResponse:
    caller = authenticate(request)
    _limit(request, caller, "scan", _setting("MAMORI_API_SCANS_PER_MINUTE", 60))
    api_client_touch(client=caller.client)
    try:
        upload = read_upload(request)
    except AppError as err:
        audit_record(
            actor=None,
            action="api.scan_rejected",
            obj=caller.client,
            request=request,
            detail={"code": str(err.code), "status": err.status, "token": caller.token.prefix},
        )
        raise
    scan = api_scan_create(
        caller=caller,
        filename=upload.filename,
        data=upload.data,
        page_url=upload.page_url,
        request=request,
    )
    _wait(scan.job, _setting("MAMORI_API_WAIT_SECONDS", 8))
    scan.job.refresh_from_db()
    return _scan_response(api_scan_document(scan=scan))


@api_view("GET")
def scan_detail(request: HttpRequest, scan_id: str) -> HttpResponse:
    caller = authenticate(request)
    _limit(request, caller, "read", _setting("MAMORI_API_READS_PER_MINUTE", 600))
    api_client_touch(client=caller.client)
    scan = access_api_scan_by_id(client=caller.client, scan_id=scan_id)
    return _scan_response(api_scan_document(scan=scan))


@api_view("GET")
def openapi_json(request: HttpRequest) -> HttpResponse:
    return _json(openapi_document())


@csrf_exempt
def unknown_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    return _json(NotFound(_("There is no such API endpoint.")).as_dict(), 404)
