"""What a published report freezes: the cycle's published record, gathered from stored data.

The numbers are made by `core.recompute.record_build` from the inputs gathered here (agreed
scores, the CIVICUS rating, the panelists' anonymous scores), so `civicspace verify` can make
them again from what the snapshot kept.
"""

from __future__ import annotations

from typing import Any

from civicspace.assessments.models import Cycle
from civicspace.assessments.selectors import cycle_profile_get, panel_inputs_get
from civicspace.core.framework import load_edition
from civicspace.core.profile import CivicusInput
from civicspace.core.recompute import RecordFacts, Render, record_build
from civicspace.core.record import (
    Country,
    Inputs,
    Period,
    PublishedRecord,
    Section,
    Source,
    record_to_json,
)
from civicspace.core.workflow import State
from civicspace.countries.models import NetworkMember
from civicspace.editorial.models import ReportText
from civicspace.editorial.rendering import markdown_to_html
from civicspace.editorial.selectors import cycle_sources, text_keys


def section_renderer(source_count: int) -> Render:
    """How a report's Markdown becomes its published HTML, citations checked against its
    `source_count` sources."""
    return lambda markdown: markdown_to_html(markdown, source_count=source_count)


def _network_member(cycle: Cycle) -> str:
    """The drafting organisation's name as reports may print it ("" when it must not be)."""
    member = NetworkMember.objects.filter(country_id=cycle.country_id).first()
    return member.published_name if member else ""


def cycle_record(*, cycle: Cycle) -> PublishedRecord:
    """The cycle's report as it would be published now, computed from stored data.

    Panel figures are aggregates; the panelists' scores are kept as anonymous rows (inputs for
    verification), never with a pseudonym.
    """
    profile = cycle_profile_get(cycle=cycle)
    edition = load_edition(cycle.edition)
    sources = cycle_sources(cycle=cycle)
    render = section_renderer(len(sources))
    texts = dict(ReportText.objects.filter(cycle=cycle).values_list("key", "text"))
    rating = profile.civicus_rating
    facts = RecordFacts(
        demo=profile.is_demo,
        country=Country(cycle.country.iso2, cycle.country.name),
        year=cycle.year,
        edition=cycle.edition,
        reporting_period=Period(cycle.period_start, cycle.period_end),
        network_member=_network_member(cycle),
        panel_date=cycle.panel_date,
        civicus_url=rating.source_url if rating else "",
        sections=tuple(
            Section(key, heading, texts.get(key, ""), render(texts.get(key, "")))
            # Headings in the report's language (English), whatever the publisher's UI shows.
            for key, heading in text_keys(cycle=cycle, language="en").items()
        ),
        sources=tuple(
            Source(n, s.title, s.url, s.published_on, s.kind)
            for n, s in enumerate(sources, start=1)
        ),
    )
    inputs = Inputs(
        dimension_scores={s.dimension: float(s.value) for s in cycle.scores.all()},
        civicus=None
        if rating is None
        else CivicusInput(float(rating.score), rating.category, rating.published_on),
        panel=panel_inputs_get(cycle=cycle, edition=edition),
    )
    # Only an approved (or published) report says the consortium reviewed it.
    reviewed = cycle.state in (State.APPROVED, State.PUBLISHED)
    return record_build(facts, inputs, render=render, reviewed=reviewed)


def snapshot_data(*, cycle: Cycle) -> dict[str, Any]:
    """The JSON a snapshot stores: the cycle's record, current schema version."""
    return record_to_json(cycle_record(cycle=cycle))
