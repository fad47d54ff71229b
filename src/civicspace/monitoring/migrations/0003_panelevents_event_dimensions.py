"""An event's dimensions become rows of their own (EventDimension) instead of a JSON list, so
that the verified events of a country and period tagged to one dimension are an indexed query.
The lists are copied to rows, and back when the migration is reversed."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2_000


def dimensions_to_rows(apps: Any, schema_editor: Any) -> None:
    Event = apps.get_model("monitoring", "Event")
    EventDimension = apps.get_model("monitoring", "EventDimension")
    rows = []
    for pk, codes in Event.objects.order_by("pk").values_list("pk", "dimensions").iterator():
        # A list written by hand (the admin, a shell) may repeat a code or hold a non-string.
        rows.extend(EventDimension(event_id=pk, code=str(c)) for c in sorted(set(codes or ())))
        if len(rows) >= BATCH:
            EventDimension.objects.bulk_create(rows)
            rows = []
    EventDimension.objects.bulk_create(rows)


def rows_to_dimensions(apps: Any, schema_editor: Any) -> None:
    Event = apps.get_model("monitoring", "Event")
    EventDimension = apps.get_model("monitoring", "EventDimension")
    codes: dict[int, list[str]] = {}
    for event_id, code in EventDimension.objects.order_by("event_id", "code").values_list(
        "event_id", "code"
    ):
        codes.setdefault(event_id, []).append(code)
    changed = []
    for event in Event.objects.filter(pk__in=codes).only("pk").iterator():
        event.dimensions = codes[event.pk]
        changed.append(event)
    Event.objects.bulk_update(changed, ["dimensions"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_alertmail_referrals"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventDimension",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=10, verbose_name="dimension")),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dimension_tags",
                        to="monitoring.event",
                        verbose_name="event",
                    ),
                ),
            ],
            options={
                "verbose_name": "event dimension",
                "verbose_name_plural": "event dimensions",
                "ordering": ["event", "code"],
                "indexes": [models.Index(fields=["code", "event"], name="event_dimension_code")],
                "constraints": [
                    models.UniqueConstraint(fields=("event", "code"), name="event_dimension_once")
                ],
            },
        ),
        migrations.RunPython(dimensions_to_rows, rows_to_dimensions, elidable=False),
        migrations.RemoveField(model_name="event", name="dimensions"),
    ]
