"""The audit trail is append-only: in the ORM and, below it, in the database."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from mamori_web.audittrail.models import AuditRecord, AuditRecordImmutable
from mamori_web.audittrail.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(db) -> AuditRecord:  # type: ignore[no-untyped-def]
    return audit_record(actor=None, action="test.immutable", detail={"n": 1})


def test_queryset_update_is_refused(record: AuditRecord) -> None:
    with pytest.raises(AuditRecordImmutable):
        AuditRecord.objects.filter(pk=record.pk).update(action="test.changed")
    record.refresh_from_db()
    assert record.action == "test.immutable"


def test_queryset_delete_is_refused(record: AuditRecord) -> None:
    with pytest.raises(AuditRecordImmutable):
        AuditRecord.objects.filter(pk=record.pk).delete()
    assert AuditRecord.objects.filter(pk=record.pk).exists()


def test_save_of_an_existing_row_is_refused(record: AuditRecord) -> None:
    record.action = "test.changed"
    with pytest.raises(AuditRecordImmutable):
        record.save()
    record.refresh_from_db()
    assert record.action == "test.immutable"


def test_instance_delete_is_refused(record: AuditRecord) -> None:
    with pytest.raises(AuditRecordImmutable):
        record.delete()
    assert AuditRecord.objects.filter(pk=record.pk).exists()


def test_database_refuses_update(record: AuditRecord) -> None:
    table = AuditRecord._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", ["test.changed", record.pk])
    record.refresh_from_db()
    assert record.action == "test.immutable"


def test_database_refuses_delete_on_postgresql(record: AuditRecord) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "the DELETE trigger exists on PostgreSQL only (SQLite's test runner "
            "must flush the table); run with DATABASE_URL=postgres://… to cover it"
        )
    table = AuditRecord._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [record.pk])
    assert AuditRecord.objects.filter(pk=record.pk).exists()
