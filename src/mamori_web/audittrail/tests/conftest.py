from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from mamori_web.audittrail.models import AuditRecord
from mamori_web.audittrail.services import audit_record


@pytest.fixture
def record_at():  # type: ignore[no-untyped-def]
    """Write an audit record as if at a given local (JST) time."""

    def write(when: dt.datetime, **kwargs) -> AuditRecord:  # type: ignore[no-untyped-def]
        aware = timezone.make_aware(when)
        with mock.patch("django.utils.timezone.now", return_value=aware):
            return audit_record(**kwargs)

    return write
