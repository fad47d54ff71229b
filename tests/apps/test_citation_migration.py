"""The data migrations to citation keys: drafts keep citing the same sources, and every published
revision renders exactly as before (its snapshot is never touched)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from civicspace.assessments.models import CitationKey, Cycle, DimensionScore, Source
from civicspace.core.citations import cited_keys
from civicspace.editorial.models import ReportText, Snapshot
from civicspace.publishing.rendering import report_html, report_of_draft, report_of_snapshot
from tests.apps.test_published_record import published  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

SOURCE_KEYS = importlib.import_module(
    "civicspace.assessments.migrations.0003_citations_source_keys"
)
TEXTS_KEYED = importlib.import_module("civicspace.editorial.migrations.0009_citations_texts_keyed")


def published_pages() -> dict[int, str]:
    return {s.pk: report_html(report_of_snapshot(s)) for s in Snapshot.objects.all()}


def as_before_keys() -> None:
    """The database as an earlier civicspace left it: texts cite [^n], sources have no keys."""
    TEXTS_KEYED.texts_numbered(apps, None)
    SOURCE_KEYS.keys_withdraw(apps, None)
    Source.objects.update(key="")
    CitationKey.objects.all().delete()


def cited_by_number(cycle: Cycle) -> dict[str, list[tuple[str, str]]]:
    """What each draft text cites, read as [^n] was: the n-th source by dimension, then id."""
    numbered = list(Source.objects.filter(score__cycle=cycle).order_by("score__dimension", "pk"))
    texts = {t.key: t.text for t in ReportText.objects.filter(cycle=cycle)}
    texts |= {
        f"score {s.dimension}": s.justification for s in DimensionScore.objects.filter(cycle=cycle)
    }
    return {
        key: [(numbered[int(n) - 1].title, numbered[int(n) - 1].url) for n in cited_keys(text)]
        for key, text in texts.items()
    }


def cited_by_key(cycle: Cycle) -> dict[str, list[tuple[str, str]]]:
    sources = {s.key: (s.title, s.url) for s in Source.objects.filter(score__cycle=cycle)}
    texts = {t.key: t.text for t in ReportText.objects.filter(cycle=cycle)}
    texts |= {
        f"score {s.dimension}": s.justification for s in DimensionScore.objects.filter(cycle=cycle)
    }
    return {key: [sources[k] for k in cited_keys(text)] for key, text in texts.items()}


def test_migrating_changes_no_published_page_and_no_drafts_citation(published):  # noqa: F811
    draft = Cycle.objects.get(snapshots=None)
    DimensionScore.objects.filter(cycle=draft, dimension="2.1").update(
        justification="As the CIVICUS rating shows[^1], and [the law](^2)."
    )
    as_before_keys()
    pages_before = published_pages()
    cited_before = cited_by_number(draft)
    assert sum(len(v) for v in cited_before.values()) > 20  # the demo draft cites its sources

    SOURCE_KEYS.keys_issue(apps, None)
    TEXTS_KEYED.texts_keyed(apps, None)

    assert published_pages() == pages_before
    assert cited_by_key(draft) == cited_before
    # The draft's report links each citation to a source with that title and address.
    record = report_of_draft(draft).record
    number_of = {key: s for s in record.sources for key in s.keys}
    for key, text in {t.key: t.text for t in ReportText.objects.filter(cycle=draft)}.items():
        shown = [(number_of[k].title, number_of[k].url) for k in cited_keys(text)]
        assert shown == cited_before[key]
