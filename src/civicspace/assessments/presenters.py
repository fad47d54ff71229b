"""Plain-text and JSON views of a cycle profile, for the CLI and exports. Formatting only."""

from __future__ import annotations

from typing import Any

from civicspace.assessments.selectors import CycleProfile
from civicspace.core.framework import PrincipleSource
from civicspace.core.profile import PrincipleResult
from civicspace.core.scoring import round_half_up

DEMO_NOTICE = "DEMO DATA: demonstration figures, not assessment findings."


def _source(profile: CycleProfile, principle: PrincipleResult) -> dict[str, Any]:
    if principle.source is PrincipleSource.CIVICUS:
        rating = profile.civicus_rating
        if rating is None:
            return {"kind": "civicus", "rating": None}
        return {
            "kind": "civicus",
            "publisher": "CIVICUS Monitor",
            "published_on": rating.published_on.isoformat(),
            "civicus_score": float(rating.score),
            "category": rating.category,
            "url": rating.source_url,
            "rebasing": profile.edition.civicus.rebasing_description,
        }
    panel_date = profile.cycle.panel_date
    return {"kind": "panel", "panel_date": panel_date.isoformat() if panel_date else None}


def profile_as_dict(profile: CycleProfile) -> dict[str, Any]:
    cycle = profile.cycle
    return {
        "demo": profile.is_demo,
        "country": {"iso2": cycle.country.iso2, "name": cycle.country.name},
        "year": cycle.year,
        "edition": cycle.edition,
        "reporting_period": {
            "start": cycle.period_start.isoformat(),
            "end": cycle.period_end.isoformat(),
        },
        "principles": [
            {
                "code": p.code,
                "number": p.number,
                "name": p.name,
                "score": p.published,
                "score_unrounded": p.value,
                "label": p.label,
                "source": _source(profile, p),
                "missing_dimensions": list(p.score.missing),
                "renormalised": p.score.renormalised,
                "dimensions": [
                    {"code": d.code, "name": d.name, "weight": d.weight, "score": d.value}
                    for d in p.dimensions
                ],
            }
            for p in profile.principles
        ],
    }


def _source_line(profile: CycleProfile, principle: PrincipleResult) -> str:
    source = _source(profile, principle)
    if source["kind"] == "civicus":
        if source.get("rating", True) is None:
            return "source: no CIVICUS Monitor rating on file for this period"
        return (
            f"source: CIVICUS Monitor rating published {source['published_on']},"
            f" {source['civicus_score']:g}/100 ({source['category']}); {source['rebasing']}"
        )
    met = f", met {source['panel_date']}" if source["panel_date"] else ""
    return f"source: national expert panel{met}; weighted average of its dimensions"


def profile_as_text(profile: CycleProfile) -> str:
    cycle = profile.cycle
    lines = []
    if profile.is_demo:
        lines += [DEMO_NOTICE, ""]
    lines.append(
        f"{cycle.country.name} {cycle.year}  (framework {cycle.edition}; reporting period"
        f" {cycle.period_start:%Y-%m-%d} to {cycle.period_end:%Y-%m-%d})"
    )
    for p in profile.principles:
        score = "  —" if p.published is None else f"{p.published:.1f}"
        label = p.label or _no_score_reason(p)
        lines += ["", f"{p.code}  {p.name:<62} {score}  {label}"]
        lines.append(f"    {_source_line(profile, p)}")
        if p.score.renormalised:
            lines.append(f"    flagged: weights renormalised without {', '.join(p.score.missing)}")
        if p.source is PrincipleSource.PANEL:
            for d in p.dimensions:
                value = "  —" if d.value is None else f"{d.value:.1f}"
                lines.append(
                    f"    {d.code:<4} {d.name:<58} {value}  weight {round_half_up(d.weight, 2):.2f}"
                )
    return "\n".join(lines)


def _no_score_reason(principle: PrincipleResult) -> str:
    if principle.score.missing:
        return f"no score: dimension(s) {', '.join(principle.score.missing)} not scored"
    return "no score"
