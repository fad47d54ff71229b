# The audit trail moves here from editorial, keeping its table (and the PostgreSQL trigger that
# makes it append-only): the model changes app in Django's state, the database is untouched.

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assessments", "0001_initial_squashed"),
        ("editorial", "0006_append_only_on_postgresql"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="when"
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("score", "score"),
                                    ("text", "report text"),
                                    ("panel", "panel"),
                                    ("panelist", "panelist"),
                                    ("panelist-scores", "panelists' scores"),
                                    ("comment", "review comment"),
                                    ("comment-resolved", "review comment resolved"),
                                    ("state", "review state"),
                                ],
                                max_length=40,
                                verbose_name="action",
                            ),
                        ),
                        ("target", models.CharField(max_length=120, verbose_name="what")),
                        (
                            "before",
                            models.JSONField(
                                encoder=django.core.serializers.json.DjangoJSONEncoder,
                                null=True,
                                verbose_name="before",
                            ),
                        ),
                        (
                            "after",
                            models.JSONField(
                                encoder=django.core.serializers.json.DjangoJSONEncoder,
                                null=True,
                                verbose_name="after",
                            ),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="who",
                            ),
                        ),
                        (
                            "cycle",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="audit_events",
                                to="assessments.cycle",
                                verbose_name="assessment cycle",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit event",
                        "verbose_name_plural": "audit events",
                        "db_table": "editorial_auditevent",
                        "ordering": ["cycle", "at", "pk"],
                    },
                ),
            ],
        ),
    ]
