"""What a published report freezes: the cycle's published record, gathered from stored data.

The numbers are made by `core.recompute.record_build` from the inputs gathered here (agreed
scores, the CIVICUS rating, the panelists' anonymous scores), so `civicspace verify` can make
them again from what the snapshot kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from civicspace.assessments.models import Cycle
from civicspace.assessments.selectors import cycle_profile_get, panel_inputs_get
from civicspace.core.citations import Citable, Cite, sources_numbered
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


def section_renderer(sources: Sequence[Source]) -> Render:
    """How a report's Markdown becomes its published HTML, citing the record's numbered
    `sources` (by key; by number in a record published before keys)."""
    if sources and not any(s.keys for s in sources):
        return lambda markdown: markdown_to_html(markdown, legacy_source_count=len(sources))
    index = frozenset((key, Cite(s.number, s.url)) for s in sources for key in s.keys)
    return lambda markdown: _section_html(markdown, index)


@lru_cache(maxsize=2048)
def _section_html(markdown: str, index: frozenset[tuple[str, Cite]]) -> str:
    """A section's HTML, kept a while: a report is rendered in each language from the same
    texts and sources, so the same HTML (a full build of the site bakes a country's languages
    one after another)."""
    return markdown_to_html(markdown, citations=dict(index))


def record_sources(*, cycle: Cycle, texts: Sequence[str]) -> tuple[Source, ...]:
    """The cycle's sources as its report lists them: numbered in order of first citation in
    `texts` (report order), one entry per distinct source, uncited ones last."""
    stored = {s.key: s for s in cycle_sources(cycle=cycle)}
    numbered = sources_numbered(texts, [Citable(s.key, s.title, s.url) for s in stored.values()])
    return tuple(
        Source(
            n.number,
            n.source.title,
            n.source.url,
            stored[n.source.key].published_on,
            stored[n.source.key].kind,
            keys=n.keys,
            cited=n.cited,
        )
        for n in numbered
    )


def _network_member(cycle: Cycle) -> str:
    """The drafting organisation's name as reports may print it ("" when it must not be)."""
    member = NetworkMember.objects.filter(country_id=cycle.country_id).first()
    return member.published_name if member else ""


def cycle_record(*, cycle: Cycle, published_on: date | None = None) -> PublishedRecord:
    """The cycle's report as it would be published now (or on `published_on`, for an archive
    published then), computed from stored data.

    Panel figures are aggregates; the panelists' scores are kept as anonymous rows (inputs for
    verification), never with a pseudonym.
    """
    profile = cycle_profile_get(cycle=cycle, published_on=published_on)
    edition = load_edition(cycle.edition)
    texts = dict(ReportText.objects.filter(cycle=cycle).values_list("key", "text"))
    keys = text_keys(cycle=cycle, language="en")
    sources = record_sources(cycle=cycle, texts=[texts.get(key, "") for key in keys])
    render = section_renderer(sources)
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
        civicus_rule=edition.civicus.rating_rule.value if rating else "",
        civicus_cutoff=profile.rating_cutoff if rating else None,
        sections=tuple(
            Section(key, heading, texts.get(key, ""), render(texts.get(key, "")))
            # Headings in the report's language (English), whatever the publisher's UI shows.
            for key, heading in keys.items()
        ),
        sources=sources,
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


def snapshot_data(*, cycle: Cycle, published_on: date | None = None) -> dict[str, Any]:
    """The JSON a snapshot stores: the cycle's record, current schema version."""
    return record_to_json(cycle_record(cycle=cycle, published_on=published_on))
