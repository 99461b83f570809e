"""Reading the audit trail: only the security office, and only through these functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from mamori_web.audittrail.models import AuditRecord
from mamori_web.errors import NotFound
from mamori_web.org.access import can_read_audit_trail, scope_for, scope_q
from mamori_web.org.models import Department


def audit_records_visible(*, user: Any) -> QuerySet[AuditRecord]:
    """The records `user` may read, newest first; none unless they are the security office."""
    if not can_read_audit_trail(user):
        return AuditRecord.objects.none()
    scope = scope_for(user)
    return (
        AuditRecord.objects.filter(scope_q(scope, department="department"))
        .select_related("department")
        .order_by("-at", "-id")
    )


def access_audit_trail(*, user: Any) -> QuerySet[AuditRecord]:
    """Like `audit_records_visible`, but a user who may not read it gets the usual 404."""
    if not can_read_audit_trail(user):
        raise NotFound
    return audit_records_visible(user=user)


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the local time zone (JST), timezone-aware."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_records_filter(
    *,
    records: QuerySet[AuditRecord],
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    department: Department | None = None,
) -> QuerySet[AuditRecord]:
    """Narrow `records` (from `access_audit_trail`); the dates are local days, inclusive."""
    conditions = Q()
    if date_from is not None:
        conditions &= Q(at__gte=_start_of(date_from))
    if date_to is not None:
        conditions &= Q(at__lt=_start_of(date_to + dt.timedelta(days=1)))
    if actor:
        conditions &= Q(actor_name__iexact=actor)
    if action:
        conditions &= Q(action__startswith=action)
    if object_type:
        conditions &= Q(object_type=object_type)
    if department is not None:
        conditions &= department.subtree_q("department__")
    return records.filter(conditions)


def audit_object_types(*, records: QuerySet[AuditRecord]) -> list[str]:
    """The object types that occur in `records`, for the filter's choices."""
    return sorted(
        t for t in records.order_by().values_list("object_type", flat=True).distinct() if t
    )
