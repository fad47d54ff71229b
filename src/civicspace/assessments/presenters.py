"""Plain-text view of a published record, for the command line. Formatting only."""

from __future__ import annotations

from civicspace.core.record import Principle, PublishedRecord
from civicspace.core.scoring import round_half_up

DEMO_NOTICE = "DEMO DATA: demonstration figures, not assessment findings."


def _source_line(record: PublishedRecord, principle: Principle) -> str:
    if principle.is_civicus:
        rating = principle.civicus
        if rating is None:
            return "source: no CIVICUS Monitor rating on file for this period"
        return (
            f"source: CIVICUS Monitor rating published {rating.published_on.isoformat()},"
            f" {rating.score:g}/100 ({rating.category}); {rating.rebasing}"
        )
    met = f", met {record.panel_date.isoformat()}" if record.panel_date else ""
    return f"source: national expert panel{met}; weighted average of its dimensions"


def record_as_text(record: PublishedRecord) -> str:
    lines = []
    if record.demo:
        lines += [DEMO_NOTICE, ""]
    period = record.reporting_period
    lines.append(
        f"{record.country.name} {record.year}  (framework {record.edition}; reporting period"
        f" {period.start.isoformat()} to {period.end.isoformat()})"
    )
    for p in record.principles:
        score = "  —" if p.score is None else f"{p.score:.1f}"
        label = p.label or _no_score_reason(p)
        lines += ["", f"{p.code}  {p.name:<62} {score}  {label}"]
        lines.append(f"    {_source_line(record, p)}")
        if p.renormalised:
            missing = ", ".join(p.missing_dimensions)
            lines.append(f"    flagged: weights renormalised without {missing}")
        if not p.is_civicus:
            for d in p.dimensions:
                value = "  —" if d.score is None else f"{d.score:.1f}"
                lines.append(
                    f"    {d.code:<4} {d.name:<58} {value}  weight {round_half_up(d.weight, 2):.2f}"
                )
    return "\n".join(lines)


def _no_score_reason(principle: Principle) -> str:
    if principle.missing_dimensions:
        return f"no score: dimension(s) {', '.join(principle.missing_dimensions)} not scored"
    return "no score"
