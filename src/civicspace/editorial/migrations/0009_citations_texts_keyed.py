# Stable citations (issue 13): report texts citing [^n] (the n-th source of the cycle by
# dimension, then id) now cite that source's key, so drafts keep citing the same sources.
# Published snapshots are not touched: they keep the numbered list they were published with.

from django.db import migrations

from civicspace.core.citations import citations_rekey


def _keys_by_number(Source, cycle):
    ordered = Source.objects.filter(score__cycle=cycle).order_by("score__dimension", "pk")
    return {str(n): s.key for n, s in enumerate(ordered, start=1)}


def texts_keyed(apps, schema_editor, *, backwards=False):
    Cycle = apps.get_model("assessments", "Cycle")
    Source = apps.get_model("assessments", "Source")
    ReportText = apps.get_model("editorial", "ReportText")
    for cycle in Cycle.objects.all():
        keys = _keys_by_number(Source, cycle)
        if backwards:
            keys = {key: number for number, key in keys.items()}
        for text in ReportText.objects.filter(cycle=cycle):
            rekeyed = citations_rekey(text.text, keys)
            if rekeyed != text.text:
                text.text = rekeyed
                text.save(update_fields=["text"])


def texts_numbered(apps, schema_editor):
    texts_keyed(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0008_reviewing_anchors_suggestions"),
        ("assessments", "0003_citations_source_keys"),
    ]

    operations = [
        migrations.RunPython(texts_keyed, texts_numbered),
    ]
