"""Database triggers that make the audit trail append-only below the ORM as well."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audittrail_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only (%% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audittrail_auditrecord_append_only
    BEFORE UPDATE OR DELETE ON audittrail_auditrecord
    FOR EACH ROW EXECUTE FUNCTION audittrail_refuse_change();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS audittrail_auditrecord_append_only ON audittrail_auditrecord;
DROP FUNCTION IF EXISTS audittrail_refuse_change();
"""
SQLITE_FORWARD = """
CREATE TRIGGER audittrail_auditrecord_no_update
BEFORE UPDATE ON audittrail_auditrecord
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only (UPDATE refused)');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS audittrail_auditrecord_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audittrail", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
