"""On PostgreSQL, the database itself refuses to UPDATE or DELETE audit events and snapshots.

Tables are named, not models, since the audit trail may move app but keeps its table. The one
exception is the demo loader: within its transaction it sets `civicspace.purge_demo` (SET LOCAL)
and may then DELETE the rows of demo cycles, nothing else. TRUNCATE is not covered (Django's
test flush uses it); production runs as a role that does not own the tables (docs/deploy.md).
"""

from django.db import migrations

TABLES = ("editorial_auditevent", "editorial_snapshot")

FUNCTION = """
CREATE OR REPLACE FUNCTION civicspace_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('civicspace.purge_demo', true) = 'on'
       AND EXISTS (SELECT 1 FROM assessments_cycle c WHERE c.id = OLD.cycle_id AND c.is_demo)
    THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'civicspace: % is append-only; % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
"""

TRIGGER = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION civicspace_append_only();
"""

DROP_TRIGGER = "DROP TRIGGER IF EXISTS {table}_append_only ON {table};"
DROP_FUNCTION = "DROP FUNCTION IF EXISTS civicspace_append_only();"


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # its "%" are RAISE placeholders
    for table in TABLES:
        schema_editor.execute(TRIGGER.format(table=table))


def editable_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(DROP_TRIGGER.format(table=table))
    schema_editor.execute(DROP_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial_squashed"),
        ("editorial", "0001_initial_squashed"),
    ]

    operations = [migrations.RunPython(append_only, editable_again)]
