# Stable citation keys (issue 13): every source gets a key unique within its cycle, registered
# so it is never reused; justifications citing [^n] (the n-th source in the old numbering, by
# dimension then id) are rewritten to cite that source's key.

import django.db.models.deletion
from django.db import migrations, models

from civicspace.core.citations import citations_rekey, source_key


def _old_order(Source, cycle):
    """The cycle's sources as [^n] numbered them before keys: by dimension, then id."""
    return list(Source.objects.filter(score__cycle=cycle).order_by("score__dimension", "pk"))


def keys_issue(apps, schema_editor):
    Cycle = apps.get_model("assessments", "Cycle")
    Source = apps.get_model("assessments", "Source")
    CitationKey = apps.get_model("assessments", "CitationKey")
    DimensionScore = apps.get_model("assessments", "DimensionScore")
    for cycle in Cycle.objects.all():
        taken: set[str] = set()
        numbers = {}
        for n, source in enumerate(_old_order(Source, cycle), start=1):
            year = source.published_on.year if source.published_on else None
            source.key = source_key(source.title, year, taken)
            taken.add(source.key)
            source.save(update_fields=["key"])
            CitationKey.objects.create(
                cycle=cycle, key=source.key, title=source.title, dimension=source.score.dimension
            )
            numbers[str(n)] = source.key
        for score in DimensionScore.objects.filter(cycle=cycle):
            keyed = citations_rekey(score.justification, numbers)
            if keyed != score.justification:
                score.justification = keyed
                score.save(update_fields=["justification"])


def keys_withdraw(apps, schema_editor):
    """Back to positions: a key becomes the number its source has in the old order."""
    Cycle = apps.get_model("assessments", "Cycle")
    Source = apps.get_model("assessments", "Source")
    DimensionScore = apps.get_model("assessments", "DimensionScore")
    for cycle in Cycle.objects.all():
        keys = {s.key: str(n) for n, s in enumerate(_old_order(Source, cycle), start=1)}
        for score in DimensionScore.objects.filter(cycle=cycle):
            score.justification = citations_rekey(score.justification, keys)
            score.save(update_fields=["justification"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_desk_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="key",
            field=models.CharField(
                db_index=True, default="", max_length=60, verbose_name="citation key"
            ),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="CitationKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=60, verbose_name="citation key")),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("dimension", models.CharField(max_length=10, verbose_name="dimension")),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citation_keys",
                        to="assessments.cycle",
                        verbose_name="cycle",
                    ),
                ),
            ],
            options={
                "verbose_name": "citation key",
                "verbose_name_plural": "citation keys",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("cycle", "key"), name="citation_key_once_per_cycle"
                    )
                ],
            },
        ),
        migrations.RunPython(keys_issue, keys_withdraw),
    ]
