"""Reads for review: a cycle as a Draft for the editorial checks, and its audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from civicspace.assessments.models import Cycle, PanelStatistics
from civicspace.assessments.selectors import cycle_profile_get
from civicspace.core.checks import CheckReport, DimensionEvidence, Draft, draft_check
from civicspace.editorial.models import AuditEvent


def cycle_draft(*, cycle: Cycle) -> Draft:
    """What the checks see of a cycle. Report texts join when narrative authoring lands; until
    then a draft has no sections and no recommendations, and the checks say so."""
    profile = cycle_profile_get(cycle=cycle)
    stats = PanelStatistics.objects.filter(cycle=cycle).first()
    means = {
        code: figures["mean"]
        for code, figures in (stats.figures["dimensions"] if stats else {}).items()
    }
    dimensions = [
        DimensionEvidence(
            code=score.dimension,
            agreed=float(score.value),
            justification=score.justification,
            source_urls=tuple(s.url for s in score.sources.all()),
            panel_mean=means.get(score.dimension),
        )
        for score in cycle.scores.prefetch_related("sources")
    ]
    return Draft(
        edition=profile.edition,
        period_start=cycle.period_start,
        period_end=cycle.period_end,
        principle_scores={p.code: p.value for p in profile.principles},
        dimensions=dimensions,
        sections=[],
        recommendations={},
    )


def cycle_checks(*, cycle: Cycle) -> CheckReport:
    return draft_check(cycle_draft(cycle=cycle))


def cycle_history(*, cycle: Cycle) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(cycle=cycle).select_related("actor").order_by("-at", "-pk")
