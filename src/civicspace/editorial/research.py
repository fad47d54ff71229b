"""The report's research-process section, written from the cycle's own data at publication."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from civicspace.core.framework import Edition, PrincipleSource


def long_date(iso: str) -> str:
    """An ISO date as reports write it: 4 December 2024."""
    return date.fromisoformat(iso).strftime("%-d %B %Y")


def _day(iso: str | None) -> str:
    return long_date(iso) if iso else "an undated meeting"


def _weight(weight: float) -> str:
    return str(Fraction(weight).limit_denominator(100))


def research_process(data: dict[str, Any], edition: Edition) -> str:
    """Markdown describing scale, panel, rebasing, aggregation, sources and who drafted, made
    from a snapshot's data (see editorial.snapshots), so every fact in it is stored data."""
    scale = "; ".join(f"{b.value} {b.label}" for b in edition.scale.bands)
    paragraphs = [
        f"**Scale.** Every dimension and principle is scored from {edition.scale.minimum:g} to"
        f" {edition.scale.maximum:g}: {scale}.",
    ]
    figures = data.get("panel_figures")
    panel = f"**Panel.** The national expert panel met on {_day(data.get('panel_date'))}"
    if figures:
        panel += f"; {figures['panelists']} panelists recorded individual scores"
        if figures.get("agreement") is not None:
            panel += (
                f" (agreement, Krippendorff's alpha for ordinal data: {figures['agreement']:.2f})"
            )
    panel_principles = [p for p in edition.principles if p.source is PrincipleSource.PANEL]
    panel += (
        f", and agreed the scores of principles {panel_principles[0].number}"
        f" to {panel_principles[-1].number}."
    )
    paragraphs.append(panel)
    for principle in data["principles"]:
        source = principle["source"]
        if source["kind"] == "civicus" and source.get("published_on"):
            paragraphs.append(
                f"**Principle {principle['number']}.** Rebased from the CIVICUS Monitor rating"
                f" published {_day(source['published_on'])}: {source['civicus_score']:g}/100"
                f" ({source['category']}). {source['rebasing']}"
            )
    weights = "; ".join(
        f"{p['code']}: " + ", ".join(f"{d['code']} {_weight(d['weight'])}" for d in p["dimensions"])
        for p in data["principles"]
        if p["source"]["kind"] == "panel"
    )
    paragraphs.append(
        "**Aggregation.** A principle's score is the weighted average of its dimension scores"
        f" (weights {weights}). Scores are computed at full precision and published with one"
        " decimal, rounded half up. There is no overall index across principles."
    )
    paragraphs.append(
        f"**Sources.** {len(data['sources'])} sources are cited; they are listed below."
    )
    who = data.get("network_member") or "the national Network Member"
    paragraphs.append(
        f"**Drafting and review.** Drafted by {who}; reviewed and approved by the consortium"
        f" (framework edition {data['edition']})."
    )
    return "\n\n".join(paragraphs)
