"""A Country Focus Report assembled from snapshot data: the one structure every output renders.

The input is the dictionary a published snapshot freezes (`editorial.snapshots.snapshot_data`),
or the same dictionary computed now from a draft. Nothing here computes a score: figures are
read from that data and drawn with `core.charts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from civicspace.core.charts import (
    ENGLISH,
    Bar,
    Change,
    Chart,
    ChartWords,
    bar_chart,
    change_chart,
    scale_strip,
)
from civicspace.core.framework import Edition, load_edition
from civicspace.core.scoring import round_half_up, scale_band
from civicspace.editorial.rendering import markdown_to_html
from civicspace.editorial.research import long_date

NOT_SCORED = "not scored"


@dataclass(frozen=True)
class DimensionBlock:
    code: str
    heading: str
    score: float | None
    label: str | None
    panel: dict[str, Any] | None  # panel mean and 90% interval of the individual scores
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
    interval: tuple[float, float] | None
    missing_reason: str
    source_note: str  # where the score comes from (CIVICUS rating, or the panel)
    is_civicus: bool
    strip: Chart
    dimension_chart: Chart | None
    dimensions: list[DimensionBlock]
    summary: SafeString


@dataclass(frozen=True)
class Report:
    data: dict[str, Any]
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
    corrections: list[dict[str, Any]] = field(default_factory=list)


def panel_interval(data: dict[str, Any], level: str, code: str) -> tuple[float, float] | None:
    """The panel's 90% interval for a principle or dimension of snapshot `data`, if recorded;
    `level` is "principles" or "dimensions"."""
    figures = (data.get("panel_figures") or {}).get(level, {}).get(code)
    if not figures or not figures.get("interval"):
        return None
    lo, hi = figures["interval"]
    return (float(lo), float(hi))


def profile_chart(
    data: dict[str, Any],
    *,
    key: str,
    title: str | None = None,
    missing: str = NOT_SCORED,
    words: ChartWords = ENGLISH,
) -> Chart:
    """The six principle scores of snapshot `data`, with the panel's intervals."""
    return bar_chart(
        [
            Bar(
                f"P{p['number']} {p['name']}",
                p["score"],
                panel_interval(data, "principles", p["code"]),
            )
            for p in data["principles"]
        ],
        load_edition(data["edition"]).scale,
        key=key,
        title=title or f"{data['country']['name']} {data['year']}: the six principles",
        missing=missing,
        words=words,
    )


def change_since(
    previous: dict[str, Any],
    data: dict[str, Any],
    *,
    key: str,
    title: str,
    missing: str = "not scored in both years",
    unchanged: str = "no change",
    words: ChartWords = ENGLISH,
) -> Chart:
    """Each principle's score in an earlier published year and in `data`'s year."""
    before = {p["code"]: p["score"] for p in previous["principles"]}
    return change_chart(
        [
            Change(f"P{p['number']} {p['name']}", before.get(p["code"]), p["score"])
            for p in data["principles"]
        ],
        load_edition(data["edition"]).scale,
        key=key,
        title=title,
        before_label=str(previous["year"]),
        after_label=str(data["year"]),
        missing=missing,
        unchanged=unchanged,
        words=words,
    )


def _missing_reason(principle: dict[str, Any]) -> str:
    if principle["score"] is not None:
        return ""
    if principle["source"]["kind"] == "civicus":
        return "No score: no CIVICUS Monitor rating is on file for this reporting period."
    missing = ", ".join(principle["missing_dimensions"])
    return f"No score: dimension(s) {missing} not scored yet." if missing else "No score."


def _source_note(principle: dict[str, Any]) -> str:
    source = principle["source"]
    if source["kind"] == "civicus":
        if not source.get("published_on"):
            return "Principle 1 is rebased from the CIVICUS Monitor rating; none is on file."
        return (
            f"Source: CIVICUS Monitor rating published {long_date(source['published_on'])},"
            f" {source['civicus_score']:g}/100 ({source['category']}), rebased onto the 1-5"
            f" scale. {source.get('rebasing', '')}"
        ).strip()
    met = f" that met on {long_date(source['panel_date'])}" if source.get("panel_date") else ""
    text = (
        f"Source: the national expert panel{met}; the score is the weighted average of the"
        " dimension scores below."
    )
    if principle.get("renormalised"):
        text += f" Weights were renormalised without {', '.join(principle['missing_dimensions'])}."
    return text


def report_build(
    data: dict[str, Any],
    *,
    draft: bool,
    previous: dict[str, Any] | None = None,
    revision: dict[str, Any] | None = None,
    corrections: list[dict[str, Any]] | None = None,
) -> Report:
    """The report of one cycle from its snapshot `data`; `previous` is the data of the latest
    published report of an earlier year, for the change chart."""
    edition = load_edition(data["edition"])
    scale = edition.scale
    source_count = len(data["sources"])

    def html(markdown: str) -> SafeString:
        # markdown_to_html sanitises with nh3 (no raw HTML, safe links only).
        return mark_safe(markdown_to_html(markdown, source_count=source_count))  # noqa: S308

    texts = {s["key"]: s["markdown"] for s in data["sections"]}
    headings = {s["key"]: s["heading"] for s in data["sections"]}
    dimension_figures = (data.get("panel_figures") or {}).get("dimensions", {})

    principles = []
    for p in data["principles"]:
        edition_principle = edition.principle(p["code"])
        interval = panel_interval(data, "principles", p["code"])
        heading = headings.get(p["code"]) or edition.principle_heading.format(
            number=p["number"], name=p["name"]
        )
        dims = []
        for d in p["dimensions"]:
            score = d["score"]
            dims.append(
                DimensionBlock(
                    code=d["code"],
                    heading=headings.get(d["code"], f"{d['code']} {d['name']}"),
                    score=None if score is None else round_half_up(score),
                    label=None if score is None else _label(score, edition),
                    panel=dimension_figures.get(d["code"]),
                    html=html(texts.get(d["code"], "")),
                )
            )
        is_civicus = p["source"]["kind"] == "civicus"
        dimension_chart = None
        if not is_civicus:
            dimension_chart = bar_chart(
                [
                    Bar(
                        f"{d['code']} {d['name']}",
                        d["score"],
                        panel_interval(data, "dimensions", d["code"]),
                    )
                    for d in p["dimensions"]
                ],
                scale,
                key=f"{p['code']}-dimensions",
                title=f"Principle {p['number']}: dimension scores",
                missing=NOT_SCORED,
            )
        principles.append(
            PrincipleBlock(
                code=p["code"],
                number=p["number"],
                heading=heading,
                name=p["name"],
                description=edition_principle.description,
                score=p["score"],
                label=p["label"],
                interval=interval,
                missing_reason=_missing_reason(p),
                source_note=_source_note(p),
                is_civicus=is_civicus,
                strip=scale_strip(
                    p["score"],
                    scale,
                    key=f"{p['code']}-scale",
                    title=f"Principle {p['number']} score",
                    missing=NOT_SCORED,
                    interval=interval,
                ),
                dimension_chart=dimension_chart,
                dimensions=dims,
                summary=html(texts.get(p["code"], "")),
            )
        )

    changes = None
    if previous is not None:
        changes = change_since(
            previous, data, key="change", title=f"Change from {previous['year']} to {data['year']}"
        )
    recommendations = [
        (heading, html(texts.get(key, "")))
        for key, heading in headings.items()
        if key.startswith("rec/")
    ]
    return Report(
        data=data,
        edition=edition,
        draft=draft,
        title=f"{data['country']['name']} {data['year']}",
        introduction=html(edition.report.introduction),
        context=html(texts.get("context", "")),
        principles=principles,
        profile_chart=profile_chart(data, key="profile"),
        change_chart=changes,
        previous_year=previous["year"] if previous else None,
        recommendations=recommendations,
        research=html(texts.get("research", "")),
        funding_statement=html(edition.report.funding_statement),
        revision=revision,
        corrections=corrections or [],
    )


def _label(value: float, edition: Edition) -> str:
    return scale_band(value, edition.scale).label
