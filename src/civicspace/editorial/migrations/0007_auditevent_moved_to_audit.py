# The audit trail moved to its own app (audit 0001), keeping its table: state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0006_append_only_on_postgresql"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
        ),
    ]
