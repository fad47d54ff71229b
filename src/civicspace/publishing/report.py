"""A Country Focus Report assembled from a published record: the one structure every output renders.

The input is the typed record a published snapshot froze (`core.record`), or the same record
computed now from a draft. Nothing here computes or rounds a score: every figure is read as
published from the record and drawn with `core.charts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from civicspace.core.charts import (
    Bar,
    Change,
    Chart,
    bar_chart,
    change_chart,
    scale_strip,
)
from civicspace.core.framework import Edition, load_edition
from civicspace.core.messages import ENGLISH, Wording
from civicspace.core.ratings import rating_rule_words
from civicspace.core.record import Interval, PanelSummary, Principle, PublishedRecord, Source
from civicspace.core.research import long_date
from civicspace.editorial.snapshots import section_renderer

NOT_SCORED = "not scored"


@dataclass(frozen=True)
class DimensionBlock:
    code: str
    heading: str
    score: float | None  # as published
    label: str | None
    panel: PanelSummary | None  # panel mean and 90% interval of the individual scores
    html: SafeString


@dataclass(frozen=True)
class PrincipleBlock:
    code: str
    number: int
    heading: str
    name: str
    description: str
    score: float | None
    label: str | None
    interval: Interval | None
    missing_reason: str
    source_note: str  # where the score comes from (CIVICUS rating, or the panel)
    is_civicus: bool
    strip: Chart
    dimension_chart: Chart | None
    dimensions: list[DimensionBlock]
    summary: SafeString


@dataclass(frozen=True)
class Report:
    record: PublishedRecord
    edition: Edition
    draft: bool
    title: str
    introduction: SafeString
    context: SafeString
    principles: list[PrincipleBlock]
    profile_chart: Chart
    change_chart: Chart | None
    previous_year: int | None
    recommendations: list[tuple[str, SafeString]]
    research: SafeString
    funding_statement: SafeString
    revision: dict[str, Any] | None = None  # number, published date, corrections
    consulted: list[Source] = field(default_factory=list)  # sources no text cites, listed apart
    corrections: list[dict[str, Any]] = field(default_factory=list)


def interval_pair(interval: Interval | None) -> tuple[float, float] | None:
    """A published interval as the charts draw it."""
    return None if interval is None else (interval.low, interval.high)


def principle_interval(principle: Principle) -> Interval | None:
    return principle.panel.interval if principle.panel else None


def profile_chart(
    record: PublishedRecord,
    *,
    key: str,
    title: str | None = None,
    missing: str = NOT_SCORED,
    wording: Wording = ENGLISH,
) -> Chart:
    """The six principle scores of `record`, with the panel's intervals."""
    return bar_chart(
        [
            Bar(
                f"P{p.number} {p.name}",
                p.score,
                interval_pair(principle_interval(p)),
            )
            for p in record.principles
        ],
        load_edition(record.edition).scale,
        key=key,
        title=title or f"{record.country.name} {record.year}: the six principles",
        missing=missing,
        wording=wording,
    )


def change_since(
    previous: PublishedRecord,
    record: PublishedRecord,
    *,
    key: str,
    title: str,
    missing: str = "not scored in both years",
    unchanged: str = "no change",
    wording: Wording = ENGLISH,
) -> Chart:
    """Each principle's score in an earlier published year and in `record`'s year."""
    before = {p.code: p.score for p in previous.principles}
    return change_chart(
        [Change(f"P{p.number} {p.name}", before.get(p.code), p.score) for p in record.principles],
        load_edition(record.edition).scale,
        key=key,
        title=title,
        before_label=str(previous.year),
        after_label=str(record.year),
        missing=missing,
        unchanged=unchanged,
        wording=wording,
    )


def _missing_reason(principle: Principle) -> str:
    if principle.score is not None:
        return ""
    if principle.is_civicus:
        return "No score: no CIVICUS Monitor rating is on file for this reporting period."
    missing = ", ".join(principle.missing_dimensions)
    return f"No score: dimension(s) {missing} not scored yet." if missing else "No score."


def _source_note(principle: Principle, record: PublishedRecord) -> str:
    if principle.is_civicus:
        rating = principle.civicus
        if rating is None:
            return "Principle 1 is rebased from the CIVICUS Monitor rating; none is on file."
        why = ""
        if rating.rule and rating.cutoff is not None:
            why = f" It is {rating_rule_words(rating.rule)} ({long_date(rating.cutoff)})."
        return (
            f"Source: CIVICUS Monitor rating published {long_date(rating.published_on)},"
            f" {rating.score:g}/100 ({rating.category}), rebased onto the 1-5"
            f" scale.{why} {rating.rebasing}"
        ).strip()
    met = f" that met on {long_date(record.panel_date)}" if record.panel_date else ""
    text = (
        f"Source: the national expert panel{met}; the score is the weighted average of the"
        " dimension scores below."
    )
    if principle.renormalised:
        text += f" Weights were renormalised without {', '.join(principle.missing_dimensions)}."
    return text


def report_build(
    record: PublishedRecord,
    *,
    draft: bool,
    previous: PublishedRecord | None = None,
    revision: dict[str, Any] | None = None,
    corrections: list[dict[str, Any]] | None = None,
) -> Report:
    """The report of one cycle from its published `record`; `previous` is the record of the
    latest published report of an earlier year, for the change chart."""
    edition = load_edition(record.edition)
    scale = edition.scale
    render = section_renderer(record.sources)

    def html(markdown: str) -> SafeString:
        # markdown_to_html sanitises with nh3 (no raw HTML, safe links only).
        return mark_safe(render(markdown))  # noqa: S308

    texts, headings = record.texts, record.headings
    principles = []
    for p in record.principles:
        edition_principle = edition.principle(p.code)
        interval = principle_interval(p)
        heading = headings.get(p.code) or edition.principle_heading.format(
            number=p.number, name=p.name
        )
        dims = [
            DimensionBlock(
                code=d.code,
                heading=headings.get(d.code, f"{d.code} {d.name}"),
                score=d.score,
                label=d.label,
                panel=d.panel,
                html=html(texts.get(d.code, "")),
            )
            for d in p.dimensions
        ]
        dimension_chart = None
        if not p.is_civicus:
            dimension_chart = bar_chart(
                [
                    Bar(
                        f"{d.code} {d.name}",
                        d.score,
                        interval_pair(d.panel.interval if d.panel else None),
                    )
                    for d in p.dimensions
                ],
                scale,
                key=f"{p.code}-dimensions",
                title=f"Principle {p.number}: dimension scores",
                missing=NOT_SCORED,
            )
        principles.append(
            PrincipleBlock(
                code=p.code,
                number=p.number,
                heading=heading,
                name=p.name,
                description=edition_principle.description,
                score=p.score,
                label=p.label,
                interval=interval,
                missing_reason=_missing_reason(p),
                source_note=_source_note(p, record),
                is_civicus=p.is_civicus,
                strip=scale_strip(
                    p.score,
                    scale,
                    key=f"{p.code}-scale",
                    title=f"Principle {p.number} score",
                    missing=NOT_SCORED,
                    interval=interval_pair(interval),
                ),
                dimension_chart=dimension_chart,
                dimensions=dims,
                summary=html(texts.get(p.code, "")),
            )
        )

    changes = None
    if previous is not None:
        changes = change_since(
            previous, record, key="change", title=f"Change from {previous.year} to {record.year}"
        )
    recommendations = [
        (heading, html(texts.get(key, "")))
        for key, heading in headings.items()
        if key.startswith("rec/")
    ]
    return Report(
        record=record,
        edition=edition,
        draft=draft,
        title=f"{record.country.name} {record.year}",
        introduction=html(edition.report.introduction),
        context=html(texts.get("context", "")),
        principles=principles,
        profile_chart=profile_chart(record, key="profile"),
        change_chart=changes,
        previous_year=previous.year if previous else None,
        recommendations=recommendations,
        research=html(texts.get("research", "")),
        funding_statement=html(edition.report.funding_statement),
        revision=revision,
        corrections=corrections or [],
        consulted=[s for s in record.sources if not s.cited],
    )
