"""Writing the audit trail. Call `audit_record` inside the service's transaction."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from mamori_web.audittrail.models import AuditRecord
from mamori_web.org.models import Department


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the server saw it (REMOTE_ADDR; proxies are not trusted)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model | None = None,
    department: Department | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one record: `actor` (a user or None for the system) did `action` to `obj`.

    `department` is the department the object belongs to (for scoped reading); when not
    given it is taken from ``obj.department`` if the object has one.
    """
    if department is None and obj is not None:
        department = getattr(obj, "department", None)
    is_user = actor is not None and bool(getattr(actor, "is_authenticated", False))
    return AuditRecord.objects.create(
        actor=actor if is_user else None,
        actor_name=actor.get_username() if is_user and actor is not None else "system",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        department=department if isinstance(department, Department) else None,
        ip_address=client_address(request),
        detail=detail or {},
    )
