"""Reads for review: a cycle as a Draft for the editorial checks, and its audit trail."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from civicspace.assessments.models import (
    CitationKey,
    Cycle,
    DimensionScore,
    PanelStatistics,
    Source,
)
from civicspace.assessments.selectors import CycleProfile, cycle_profile_get
from civicspace.audit.models import AuditEvent
from civicspace.core.checks import CheckReport, DimensionEvidence, Draft, Section, draft_check
from civicspace.core.evidence import EventTally
from civicspace.core.framework import load_edition
from civicspace.editorial.models import ReportText, ReviewComment


def text_keys(*, cycle: Cycle, language: str | None = None) -> dict[str, str]:
    """Every section of the cycle's report, in report order: key -> heading (in `language`, or
    the reader's)."""
    edition = load_edition(cycle.edition)
    with translation.override(language or translation.get_language()):
        keys = {"context": str(_("Country context"))}
    for principle in edition.principles:
        keys[principle.code] = edition.principle_heading.format(
            number=principle.number, name=principle.name
        )
        for dim in principle.dimensions:
            keys[dim.code] = edition.dimension_heading.format(code=dim.code, name=dim.name)
    for n, audience in enumerate(edition.recommendation_audiences):
        keys[f"rec/{n}"] = audience
    return keys


def cycle_sources(*, cycle: Cycle) -> list[Source]:
    """The cycle's sources as authors see them listed: by dimension, then as added. Texts cite
    them by key; a `[^n]` typed by an author is bound to the n-th of this list when saved."""
    return list(
        Source.objects.filter(score__cycle=cycle)
        .select_related("score")
        .order_by("score__dimension", "pk")
    )


def removed_sources(*, cycle: Cycle) -> dict[str, str]:
    """Keys the cycle issued to sources since deleted, with the title each had."""
    live = Source.objects.filter(score__cycle=cycle).values_list("key", flat=True)
    return dict(
        CitationKey.objects.filter(cycle=cycle).exclude(key__in=live).values_list("key", "title")
    )


def previous_scores(*, cycle: Cycle) -> dict[str, float]:
    """The agreed dimension scores of the country's latest cycle before this one."""
    return {
        code: float(value)
        for code, value in DimensionScore.objects.filter(
            cycle__country_id=cycle.country_id,
            cycle__year=Cycle.objects.filter(country_id=cycle.country_id, year__lt=cycle.year)
            .order_by("-year")
            .values("year")[:1],
        ).values_list("dimension", "value")
    }


def cycle_draft(
    *,
    cycle: Cycle,
    profile: CycleProfile | None = None,
    period_events: Mapping[str, EventTally] | None = None,
) -> Draft:
    """What the checks see of a cycle: its scores, evidence, report texts and recommendations.
    `period_events` (monitoring.evidence_selectors.period_event_tallies, which this sibling of
    monitoring cannot read itself) lets the checks compare the period's events with the scores."""
    profile = profile or cycle_profile_get(cycle=cycle)
    texts = dict(ReportText.objects.filter(cycle=cycle).values_list("key", "text"))
    keys = text_keys(cycle=cycle)
    sections = [
        Section(key, heading, texts[key])
        for key, heading in keys.items()
        if not key.startswith("rec/") and key in texts
    ]
    recommendations = {
        heading: texts.get(key, "") for key, heading in keys.items() if key.startswith("rec/")
    }
    stats = PanelStatistics.objects.filter(cycle=cycle).first()
    summary = stats.summary.dimensions if stats else {}
    dimensions = [
        DimensionEvidence(
            code=score.dimension,
            agreed=float(score.value),
            justification=score.justification,
            source_urls=tuple(s.url for s in score.sources.all()),
            panel_mean=panel.mean if (panel := summary.get(score.dimension)) else None,
            panel_low=panel.minimum if panel else None,
            panel_high=panel.maximum if panel else None,
        )
        for score in cycle.scores.prefetch_related("sources")
    ]
    return Draft(
        edition=profile.edition,
        period_start=cycle.period_start,
        period_end=cycle.period_end,
        principle_scores={p.code: p.value for p in profile.principles},
        dimensions=dimensions,
        sections=sections,
        recommendations=recommendations,
        source_keys=frozenset(s.key for s in cycle_sources(cycle=cycle)),
        removed_sources=removed_sources(cycle=cycle),
        previous_scores=previous_scores(cycle=cycle) if period_events else {},
        period_events=period_events or {},
    )


def cycle_checks(
    *,
    cycle: Cycle,
    profile: CycleProfile | None = None,
    period_events: Mapping[str, EventTally] | None = None,
) -> CheckReport:
    """The editorial checks on a cycle; pass its `profile` when it is already computed, and the
    period's verified events by dimension for the check that compares them with the scores."""
    return draft_check(cycle_draft(cycle=cycle, profile=profile, period_events=period_events))


def cycle_history(*, cycle: Cycle) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(cycle=cycle)
        .select_related("actor", "cycle")  # summaries of "rec/<n>" read the cycle's edition
        .order_by("-at", "-pk")
    )


def report_texts_get(*, cycle: Cycle) -> dict[str, ReportText]:
    """The cycle's stored report sections, by key."""
    return {t.key: t for t in ReportText.objects.filter(cycle=cycle)}


def comment_threads(*, cycle: Cycle) -> list[ReviewComment]:
    """The cycle's review comments that open a thread, with their answers and authors."""
    return list(
        ReviewComment.objects.filter(cycle=cycle, parent=None)
        .select_related("author", "resolved_by")
        .prefetch_related("answers__author")
    )
