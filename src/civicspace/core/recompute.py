"""Published numbers from their inputs: building a record, and re-checking a stored one.

`record_build` is the only place a published number is made: publication and drafts call it
with the cycle's inputs, and `snapshot_verify` calls it again with the inputs a snapshot kept,
then lists every number that does not come out the same.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from civicspace.core.framework import Edition, PrincipleSource, load_edition
from civicspace.core.profile import PrincipleResult, cycle_profile
from civicspace.core.record import (
    SCHEMA_VERSION,
    CivicusSource,
    Country,
    Dimension,
    Inputs,
    Interval,
    Panel,
    PanelInputs,
    PanelSummary,
    Period,
    Principle,
    PublishedRecord,
    RecordError,
    Section,
    Source,
    checksum,
    record_from_json,
    record_to_json,
)
from civicspace.core.research import research_process
from civicspace.core.scoring import published_score, round_half_up, scale_band
from civicspace.core.statistics import (
    DEFAULT_LEVEL,
    DEFAULT_RESAMPLES,
    PanelStatistics,
    panel_statistics,
)
from civicspace.core.statistics import Interval as ComputedInterval

CIVICUS_PUBLISHER = "CIVICUS Monitor"
RESEARCH_KEY, RESEARCH_HEADING = "research", "Research process"
PANEL_SEED = 0  # stored with every record, so a later default cannot change a past interval
# Unrounded values are recomputed with the same arithmetic; allow only float noise.
_TOLERANCE = 1e-9

Render = Callable[[str], str]  # Markdown to the HTML a section publishes


@dataclass(frozen=True)
class RecordFacts:
    """What a record states without computing it: whose report, when, its texts and sources."""

    demo: bool
    country: Country
    year: int
    edition: str
    reporting_period: Period
    network_member: str
    panel_date: date | None
    civicus_url: str  # where the CIVICUS rating in the inputs was published ("" if none)
    sections: tuple[Section, ...]  # the authors' texts, in report order (no research section)
    sources: tuple[Source, ...]
    # The rule that chose the CIVICUS rating and its cut-off date (core.ratings); "" and None
    # for records published before they were recorded.
    civicus_rule: str = ""
    civicus_cutoff: date | None = None


def panel_inputs(
    rows: Sequence[Mapping[str, float]], dimensions: Sequence[str]
) -> PanelInputs | None:
    """Panelists' scores (one mapping per panelist) as anonymous rows sorted by score."""
    matrix = [tuple(row.get(code) for code in dimensions) for row in rows]
    if not any(v is not None for row in matrix for v in row):
        return None
    return PanelInputs(tuple(dimensions), tuple(sorted(matrix, key=_row_order)))


def _row_order(row: tuple[float | None, ...]) -> tuple[float, ...]:
    return tuple(math.inf if v is None else v for v in row)


def panel_statistics_of(
    panel: PanelInputs,
    edition: Edition,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    level: float = DEFAULT_LEVEL,
    seed: int = PANEL_SEED,
) -> PanelStatistics:
    """The panel's figures from its anonymous rows, under the edition's weights and rule: the
    workspace's stored figures and every published record are made here."""
    matrix = np.array(
        [[np.nan if v is None else v for v in row] for row in panel.scores], dtype=np.float64
    )
    weights = {p.code: p.weights for p in edition.principles if p.source is PrincipleSource.PANEL}
    return panel_statistics(
        matrix,
        list(panel.dimensions),
        weights,
        rule=edition.missing_dimensions,
        resamples=resamples,
        level=level,
        seed=seed,
    )


def _interval(interval: ComputedInterval | None) -> Interval | None:
    if interval is None:
        return None
    return Interval(
        round_half_up(interval.low), round_half_up(interval.high), interval.low, interval.high
    )


def _summary(mean: float | None, interval: ComputedInterval | None, dissent: bool) -> PanelSummary:
    return PanelSummary(published_score(mean), mean, _interval(interval), dissent)


def _principle(
    result: PrincipleResult, edition: Edition, facts: RecordFacts, stats: PanelStatistics | None
) -> Principle:
    civicus = result.civicus
    rating = None
    if civicus is not None:
        rating = CivicusSource(
            publisher=CIVICUS_PUBLISHER,
            published_on=civicus.published_on,
            score=civicus.score,
            category=civicus.category,
            url=facts.civicus_url,
            rebasing=edition.civicus.rebasing_description,
            rule=facts.civicus_rule,
            cutoff=facts.civicus_cutoff,
        )
    dimensions = []
    for d in result.dimensions:
        summary = stats.dimensions.get(d.code) if stats else None
        dimensions.append(
            Dimension(
                code=d.code,
                name=d.name,
                weight=d.weight,
                score=published_score(d.value),
                score_unrounded=d.value,
                label=None if d.value is None else scale_band(d.value, edition.scale).label,
                panel=None
                if summary is None
                else _summary(summary.mean, summary.interval, summary.dissent),
            )
        )
    principle_stats = stats.principles.get(result.code) if stats else None
    return Principle(
        code=result.code,
        number=result.number,
        name=result.name,
        source="civicus" if result.source is PrincipleSource.CIVICUS else "panel",
        score=result.published,
        score_unrounded=result.value,
        label=result.label,
        missing_dimensions=result.score.missing,
        renormalised=result.score.renormalised,
        dimensions=tuple(dimensions),
        civicus=rating,
        panel=None
        if principle_stats is None
        else _summary(principle_stats.mean, principle_stats.interval, False),
    )


def record_build(
    facts: RecordFacts,
    inputs: Inputs,
    *,
    render: Render,
    resamples: int = DEFAULT_RESAMPLES,
    level: float = DEFAULT_LEVEL,
    seed: int = PANEL_SEED,
    reviewed: bool = True,
) -> PublishedRecord:
    """Every published number of a report from its inputs, with the research-process section
    written from them; `render` turns the research Markdown into its published HTML, and
    `reviewed` says whether the consortium has approved it (published records always)."""
    edition = load_edition(facts.edition)
    results = cycle_profile(edition, inputs.dimension_scores, inputs.civicus)
    stats = (
        None
        if inputs.panel is None
        else panel_statistics_of(inputs.panel, edition, resamples=resamples, level=level, seed=seed)
    )
    record = PublishedRecord(
        schema_version=SCHEMA_VERSION,
        demo=facts.demo,
        country=facts.country,
        year=facts.year,
        edition=facts.edition,
        reporting_period=facts.reporting_period,
        network_member=facts.network_member,
        panel_date=facts.panel_date,
        principles=tuple(_principle(r, edition, facts, stats) for r in results),
        sections=facts.sections,
        sources=facts.sources,
        panel=None
        if stats is None
        else Panel(stats.panelists, stats.agreement, level, resamples, seed),
        inputs=inputs,
    )
    return with_research(record, edition=edition, render=render, reviewed=reviewed)


def with_research(
    record: PublishedRecord, *, edition: Edition, render: Render, reviewed: bool = True
) -> PublishedRecord:
    """The record with its research-process section (re)written from its own data."""
    authored = tuple(s for s in record.sections if s.key != RESEARCH_KEY)
    text = research_process(replace(record, sections=authored), edition, reviewed=reviewed)
    research = Section(RESEARCH_KEY, RESEARCH_HEADING, text, render(text))
    return replace(record, sections=(*authored, research))


# --- Verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    where: str  # a path in the record's JSON, e.g. principles[P4].dimensions[4.1].score
    stored: Any
    recomputed: Any

    def __str__(self) -> str:
        return f"{self.where}: published {self.stored!r}, recomputed {self.recomputed!r}"


@dataclass(frozen=True)
class Verification:
    checksum_ok: bool
    mismatches: tuple[Mismatch, ...]
    notes: tuple[str, ...]  # what could not be checked, and why

    @property
    def ok(self) -> bool:
        return self.checksum_ok and not self.mismatches


def snapshot_verify(
    data: Mapping[str, Any], stored_checksum: str, *, render: Render
) -> Verification:
    """Check a stored snapshot: its SHA-256, then every published number recomputed from the
    inputs it kept and its edition (aggregation, rebasing, rounding, labels, panel figures
    from the anonymous panelist scores and the recorded seed, the research section)."""
    checksum_ok = checksum(data) == stored_checksum
    try:
        stored = record_from_json(data)
    except RecordError as exc:
        return Verification(checksum_ok, (Mismatch("(record)", str(exc), None),), ())
    notes: list[str] = []
    facts = RecordFacts(
        demo=stored.demo,
        country=stored.country,
        year=stored.year,
        edition=stored.edition,
        reporting_period=stored.reporting_period,
        network_member=stored.network_member,
        panel_date=stored.panel_date,
        civicus_url=stored.civicus.url if stored.civicus else "",
        sections=stored.sections,
        sources=stored.sources,
        civicus_rule=stored.civicus.rule if stored.civicus else "",
        civicus_cutoff=stored.civicus.cutoff if stored.civicus else None,
    )
    panel = stored.panel
    recomputed = record_build(
        facts,
        stored.inputs,
        render=render,
        resamples=panel.resamples if panel and panel.resamples else DEFAULT_RESAMPLES,
        level=panel.level if panel else DEFAULT_LEVEL,
        seed=panel.seed if panel and panel.seed is not None else PANEL_SEED,
    )
    if stored.inputs.panel is None and panel is not None:
        notes.append(
            f"schema version {stored.schema_version} kept no panelist scores: the panel's"
            " figures were read as stored, not recomputed"
        )
        recomputed = with_research(
            _graft_panel(recomputed, stored), edition=load_edition(stored.edition), render=render
        )
    mismatches = _differences(
        _comparable(record_to_json(stored)), _comparable(record_to_json(recomputed)), ""
    )
    rating = stored.civicus
    if rating is not None and rating.cutoff is not None and rating.published_on > rating.cutoff:
        mismatches.append(
            Mismatch("civicus.published_on (after the cut-off)", rating.published_on, rating.cutoff)
        )
    return Verification(checksum_ok, tuple(mismatches), tuple(notes))


def _graft_panel(record: PublishedRecord, source: PublishedRecord) -> PublishedRecord:
    """`record` with the panel figures of `source`, for records that kept no panel inputs."""
    principles = []
    for p, q in zip(record.principles, source.principles, strict=True):
        dimensions = tuple(
            replace(d, panel=e.panel) for d, e in zip(p.dimensions, q.dimensions, strict=True)
        )
        principles.append(replace(p, panel=q.panel, dimensions=dimensions))
    return replace(record, principles=tuple(principles), panel=source.panel)


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The parts that are computed: sections only for the research text (others are inputs),
    never the schema version or a section's HTML (the Markdown renderer's business)."""
    data = dict(data)
    data.pop("schema_version")
    data["sections"] = [
        {"key": s["key"], "markdown": s["markdown"]}
        for s in data["sections"]
        if s["key"] == RESEARCH_KEY
    ]
    return data


def _key(item: Any, index: int) -> str:
    """How a list element is named in a mismatch: its code or key, else its position."""
    name = (item.get("code") or item.get("key")) if isinstance(item, dict) else None
    return name if isinstance(name, str) else str(index)


def _differences(stored: Any, recomputed: Any, where: str) -> list[Mismatch]:
    if isinstance(stored, dict) and isinstance(recomputed, dict):
        found = []
        for name in sorted(set(stored) | set(recomputed)):
            path = f"{where}.{name}" if where else name
            found += _differences(stored.get(name), recomputed.get(name), path)
        return found
    if isinstance(stored, list) and isinstance(recomputed, list):
        if len(stored) != len(recomputed):
            return [Mismatch(f"{where} (count)", len(stored), len(recomputed))]
        found = []
        for i, (a, b) in enumerate(zip(stored, recomputed, strict=True)):
            found += _differences(a, b, f"{where}[{_key(a, i)}]")
        return found
    if _same(stored, recomputed, unrounded=where.endswith(("_unrounded", "agreement"))):
        return []
    return [Mismatch(where, stored, recomputed)]


def _same(a: Any, b: Any, *, unrounded: bool) -> bool:
    if unrounded and isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=_TOLERANCE, abs_tol=_TOLERANCE)
    return bool(a == b)
