"""The report's research-process section, written from the published record's own data."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from civicspace.core.framework import Edition, PrincipleSource
from civicspace.core.ratings import RatingRule
from civicspace.core.record import PublishedRecord


def long_date(day: date | str) -> str:
    """A date as reports write it: 4 December 2024 (ISO text accepted)."""
    return (date.fromisoformat(day) if isinstance(day, str) else day).strftime("%-d %B %Y")


def _day(day: date | None) -> str:
    return long_date(day) if day else "an undated meeting"


def _rule_in_words(rule: str, cutoff: date) -> str:
    """The rule that chose the rating, as the report writes it (English, long dates)."""
    if RatingRule(rule) is RatingRule.PUBLICATION:
        return f"the latest published on or before the report's publication ({long_date(cutoff)})"
    return (
        f"the latest published on or before the end of the reporting period ({long_date(cutoff)})"
    )


def _weight(weight: float) -> str:
    return str(Fraction(weight).limit_denominator(100))


def research_process(record: PublishedRecord, edition: Edition, *, reviewed: bool = True) -> str:
    """Markdown describing scale, panel, rebasing, aggregation, sources and who drafted, made
    from the record (its research section aside), so every fact in it is stored data. A draft
    not yet approved (`reviewed` false) does not claim the consortium's review."""
    scale = "; ".join(f"{b.value} {b.label}" for b in edition.scale.bands)
    paragraphs = [
        f"**Scale.** Every dimension and principle is scored from {edition.scale.minimum:g} to"
        f" {edition.scale.maximum:g}: {scale}.",
    ]
    panel = f"**Panel.** The national expert panel met on {_day(record.panel_date)}"
    if record.panel:
        panel += f"; {record.panel.panelists} panelists recorded individual scores"
        if record.panel.agreement is not None:
            panel += (
                f" (agreement, Krippendorff's alpha for ordinal data: {record.panel.agreement:.2f})"
            )
    panel_principles = [p for p in edition.principles if p.source is PrincipleSource.PANEL]
    panel += (
        f", and agreed the scores of principles {panel_principles[0].number}"
        f" to {panel_principles[-1].number}."
    )
    paragraphs.append(panel)
    for principle in record.principles:
        rating = principle.civicus
        if rating is not None:
            why = ""
            if rating.rule and rating.cutoff is not None:
                why = f", {_rule_in_words(rating.rule, rating.cutoff)}"
            paragraphs.append(
                f"**Principle {principle.number}.** Rebased from the CIVICUS Monitor rating"
                f" published {_day(rating.published_on)}{why}: {rating.score:g}/100"
                f" ({rating.category}). {rating.rebasing}"
            )
    weights = "; ".join(
        f"{p.code}: " + ", ".join(f"{d.code} {_weight(d.weight)}" for d in p.dimensions)
        for p in record.principles
        if not p.is_civicus
    )
    paragraphs.append(
        "**Aggregation.** A principle's score is the weighted average of its dimension scores"
        f" (weights {weights}). Scores are computed at full precision and published with one"
        " decimal, rounded half up. There is no overall index across principles."
    )
    cited = sum(1 for s in record.sources if s.cited)
    sources = f"**Sources.** {cited} sources are cited; they are listed below"
    if consulted := len(record.sources) - cited:
        sources += f", followed by {consulted} further sources consulted but not cited"
    paragraphs.append(sources + ".")
    who = record.network_member or "the national Network Member"
    review = (
        "reviewed and approved by the consortium"
        if reviewed
        else "to be reviewed by the consortium before publication"
    )
    paragraphs.append(
        f"**Drafting and review.** Drafted by {who}; {review} (framework edition {record.edition})."
    )
    return "\n\n".join(paragraphs)
