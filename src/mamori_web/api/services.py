"""Writes of the API: clients, tokens (create, revoke) and scan requests, each audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mamori_web.api.auth import SHOWN_CHARS, Caller, hash_token, new_token
from mamori_web.api.errors import RateLimited
from mamori_web.api.models import ApiClient, ApiScan, ApiToken
from mamori_web.audittrail.services import audit_record
from mamori_web.errors import InvalidTransition, ValidationFailed
from mamori_web.org.models import Department
from mamori_web.scanning.models import ScanJob, ScanStatus
from mamori_web.scanning.services import scan_job_create

__all__ = [
    "api_client_create",
    "api_client_touch",
    "api_scan_create",
    "api_token_create",
    "api_token_revoke",
    "max_pending",
]


def max_pending() -> int:
    return int(getattr(settings, "MAMORI_API_MAX_PENDING", 20))


@transaction.atomic
def api_client_create(*, name: str, department: Department, actor: Any = None) -> ApiClient:
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the system a name."))
    if ApiClient.objects.filter(department=department, name=name).exists():
        raise ValidationFailed(
            _("%(department)s already has an API client named %(name)s.")
            % {"department": department.name, "name": name}
        )
    client = ApiClient.objects.create(name=name, department=department, created_by=_user(actor))
    audit_record(actor=actor, action="api.client_created", obj=client, detail={"name": name})
    return client


@transaction.atomic
def api_token_create(*, client: ApiClient, actor: Any = None) -> tuple[ApiToken, str]:
    """A new token for `client`: (the stored record, the token to show once)."""
    plain = new_token()
    token = ApiToken.objects.create(
        client=client,
        token_hash=hash_token(plain),
        prefix=plain[:SHOWN_CHARS],
        created_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="api.token_created",
        obj=client,
        detail={"token": token.prefix, "client": client.name},
    )
    return token, plain


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any = None, reason: str = "") -> ApiToken:
    """Revoke once: `revoked_at` is set and never cleared."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise InvalidTransition(
            _("The token %(prefix)s… was already revoked.") % {"prefix": token.prefix}
        )
    token.revoked_at = timezone.now()
    token.revoked_by = _user(actor)
    token.revoke_reason = reason[:200]
    token.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        action="api.token_revoked",
        obj=token.client,
        detail={"token": token.prefix, "client": token.client.name, "reason": reason[:200]},
    )
    return token


def api_client_touch(*, client: ApiClient, every: dt.timedelta = dt.timedelta(minutes=1)) -> None:
    """Note when the client was last seen (at most once a minute: one write, not one a call)."""
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= every:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now


@transaction.atomic
def api_scan_create(
    *,
    caller: Caller,
    filename: str,
    data: bytes,
    page_url: str = "",
    request: HttpRequest | None = None,
) -> ApiScan:
    """Queue a scan for the calling system, unless it already has too many waiting."""
    client = ApiClient.objects.select_for_update().get(pk=caller.client.pk)
    pending = ScanJob.objects.filter(
        api_scan__client=client, status__in=[ScanStatus.QUEUED, ScanStatus.RUNNING]
    ).count()
    cap = max_pending()
    if pending >= cap:
        raise RateLimited(
            _(
                "This system already has %(count)d files waiting to be scanned (at most"
                " %(limit)d). Fetch their results first, then send more."
            )
            % {"count": pending, "limit": cap},
            retry_after=5,
            detail={"pending": pending, "limit": cap},
        )
    job = scan_job_create(
        filename=filename,
        data=data,
        origin="api",
        department=client.department,
        requested_by=None,
        request=request,
    )
    scan = ApiScan.objects.create(job=job, client=client, token=caller.token, page_url=page_url)
    audit_record(
        actor=None,
        action="api.scan_requested",
        obj=job,
        department=client.department,
        request=request,
        detail={
            "client": client.pk,
            "client_name": client.name,
            "token": caller.token.prefix,
            "filename": job.filename,
            "size": job.size,
            "sha256": job.sha256,
            "page_url": page_url,
        },
    )
    return scan


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
