"""The demo dataset loads through the services and reproduces the published Kazakhstan figures."""

import re

import pytest

from civicspace.assessments.models import Cycle, DimensionScore
from civicspace.assessments.selectors import cycle_get, cycle_profile_get
from civicspace.assessments.services import cycle_create
from civicspace.core.framework import load_edition
from civicspace.countries.models import Country
from civicspace.demo.loader import demo_files, demo_load
from civicspace.editorial.models import Snapshot

pytestmark = pytest.mark.django_db


def kazakhstan_2025():
    cycle = cycle_get(country=Country.objects.get(iso2="KZ"), year=2025)
    return {p.code: p for p in cycle_profile_get(cycle=cycle).principles}, cycle


def test_kazakhstan_2025_reproduces_the_published_figures(demo):
    principles, cycle = kazakhstan_2025()
    assert principles["P1"].published == 2.2
    assert principles["P1"].civicus.category == "repressed"
    assert principles["P4"].published == 2.7
    assert principles["P6"].published == 3.3
    assert (cycle.period_start.isoformat(), cycle.period_end.isoformat()) == (
        "2024-08-01",
        "2025-08-31",
    )
    assert cycle.panel_date.strftime("%Y-%m") == "2025-09"


def test_principle_one_cites_the_rating_of_the_reporting_period(demo):
    principles, cycle = kazakhstan_2025()
    rating = principles["P1"].civicus
    assert rating.published_on <= cycle.period_end
    older = cycle_profile_get(cycle=cycle_get(country=cycle.country, year=2023)).principles[0]
    assert older.civicus.published_on < rating.published_on


def test_every_demo_cycle_is_complete_labelled_and_justified(demo):
    edition = load_edition("eusee-2025")
    assert demo.cycles == Cycle.objects.filter(is_demo=True).count() >= 15
    for cycle in Cycle.objects.all():
        assert cycle.is_demo
        scores = list(cycle.scores.prefetch_related("sources"))
        assert {s.dimension for s in scores} == set(edition.panel_dimensions)
        for score in scores:
            assert len(score.justification.split()) >= 20, (cycle, score.dimension)
            assert score.sources.exists(), (cycle, score.dimension)
            for source in score.sources.all():
                assert source.url.startswith("https://")
                assert cycle.period_start <= source.published_on <= cycle.period_end


def test_every_demo_cycle_has_a_country_context(demo):
    _, narratives = demo_files()
    for cycle in Cycle.objects.select_related("country"):
        assert len(narratives[cycle.country.iso2][cycle.year]["context"].split()) >= 40


def test_reloading_replaces_demo_data_and_keeps_real_data(demo):
    kyrgyzstan = Country.objects.get(iso2="KG")
    real = cycle_create(
        country=kyrgyzstan,
        year=2025,
        period_start=Cycle.objects.first().period_start,
        period_end=Cycle.objects.first().period_end,
    )
    count = DimensionScore.objects.count()
    again = demo_load()
    assert again == demo
    assert DimensionScore.objects.count() == count
    assert Cycle.objects.filter(pk=real.pk, is_demo=False).exists()


def test_the_demo_publishes_every_cycle_but_the_members_working_draft(demo):
    published = Cycle.objects.filter(snapshots__isnull=False).distinct()
    assert demo.published == published.count() == Cycle.objects.count() - 1
    draft = Cycle.objects.get(snapshots__isnull=True)
    assert (draft.country.iso2, draft.year, draft.state) == ("KZ", 2025, "draft")
    for snapshot in Snapshot.objects.all():
        texts = snapshot.record.texts
        assert all(texts[code] for code in ("context", "P1", "P2", "P3", "P4", "P5", "P6"))
        assert all(texts[f"rec/{n}"] for n in range(3))
        # Each dimension's analysis cites sources by key, and the record numbers each one.
        cited = re.findall(r"\[\^([^\]]+)\]", texts["2.1"])
        assert cited
        assert set(cited) <= {key for s in snapshot.record.sources for key in s.keys}
