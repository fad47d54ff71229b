"""The published record: what a snapshot freezes, typed and versioned, beside its inputs.

Every public output (report, pages, open data, API, CLI) reads a `PublishedRecord`, never the
stored dictionary, so one published value is the same everywhere: each score is stored as
published (one decimal, rounded half up, with its band label) beside the unrounded value and
the inputs that recompute it (`core.recompute`). The JSON form carries `schema_version`;
`record_from_json` reads every version ever written, so stored snapshots never need rewriting.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from civicspace.core.framework import load_edition
from civicspace.core.profile import CivicusInput
from civicspace.core.scoring import published_score, round_half_up, scale_band

SCHEMA_VERSION = 2


class RecordError(ValueError):
    """Stored data that is not a published record of any known schema version."""


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str  # as stored (English); pages word it in the reader's language


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class Interval:
    """The panel's bootstrap interval, as published (one decimal) and as computed."""

    low: float
    high: float
    low_unrounded: float
    high_unrounded: float


@dataclass(frozen=True)
class PanelSummary:
    """What the panelists' individual scores say about one principle or dimension. Aggregates
    only: no panelist is ever part of the published record's outputs."""

    mean: float | None
    mean_unrounded: float | None
    interval: Interval | None
    dissent: bool = False  # dimensions only: panelists two or more points apart


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    weight: float
    score: float | None  # as published
    score_unrounded: float | None  # the agreed score as stored
    label: str | None
    panel: PanelSummary | None = None


@dataclass(frozen=True)
class CivicusSource:
    """The CIVICUS Monitor rating a principle is rebased from, as the report cites it."""

    publisher: str
    published_on: date
    score: float  # 0-100
    category: str
    url: str
    rebasing: str  # the edition's rebasing rule, in words
    # Why this rating: the edition's rule (core.ratings.RatingRule) and the cut-off date it gave.
    # Empty in records published before the rule was recorded.
    rule: str = ""
    cutoff: date | None = None


@dataclass(frozen=True)
class Principle:
    code: str
    number: int
    name: str
    source: Literal["panel", "civicus"]
    score: float | None  # as published
    score_unrounded: float | None
    label: str | None
    missing_dimensions: tuple[str, ...]
    renormalised: bool
    dimensions: tuple[Dimension, ...]
    civicus: CivicusSource | None = None  # source "civicus" with a rating on file
    panel: PanelSummary | None = None

    @property
    def is_civicus(self) -> bool:
        return self.source == "civicus"


@dataclass(frozen=True)
class Section:
    key: str  # "context", a principle or dimension code, "rec/<n>", "research"
    heading: str
    markdown: str
    html: str


@dataclass(frozen=True)
class Source:
    number: int  # in order of first citation through the report, uncited sources last
    title: str
    url: str
    date: date | None
    kind: str
    # The citation keys the texts cite this source by (several when sources of two dimensions
    # are one). Empty in records published before keys, whose texts cite [^number].
    keys: tuple[str, ...] = ()
    cited: bool = True  # False: listed as consulted, cited by no text


@dataclass(frozen=True)
class Panel:
    panelists: int
    agreement: float | None  # Krippendorff's alpha (ordinal)
    level: float  # of the intervals, e.g. 0.9
    resamples: int | None = None  # None: not recorded (schema 1)
    seed: int | None = None


@dataclass(frozen=True)
class PanelInputs:
    """The panelists' individual scores, anonymous: one row per panelist, sorted by score so
    that nothing about who entered what survives; one column per code in `dimensions`."""

    dimensions: tuple[str, ...]
    scores: tuple[tuple[float | None, ...], ...]


@dataclass(frozen=True)
class Inputs:
    """What the published numbers were computed from, at full precision."""

    dimension_scores: Mapping[str, float]  # agreed scores, by dimension code
    civicus: CivicusInput | None
    panel: PanelInputs | None  # None: not recorded (schema 1) or no individual scores


@dataclass(frozen=True)
class PublishedRecord:
    schema_version: int
    demo: bool
    country: Country
    year: int
    edition: str
    reporting_period: Period
    network_member: str
    panel_date: date | None
    principles: tuple[Principle, ...]
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    panel: Panel | None
    inputs: Inputs

    @cached_property
    def texts(self) -> dict[str, str]:
        """Markdown of every section, by key."""
        return {s.key: s.markdown for s in self.sections}

    @cached_property
    def headings(self) -> dict[str, str]:
        return {s.key: s.heading for s in self.sections}

    def principle(self, code: str) -> Principle:
        for principle in self.principles:
            if principle.code == code:
                return principle
        raise KeyError(code)

    @property
    def civicus(self) -> CivicusSource | None:
        return next((p.civicus for p in self.principles if p.civicus is not None), None)


_ADAPTER = TypeAdapter(PublishedRecord)


def record_to_json(record: PublishedRecord) -> dict[str, Any]:
    """The record as JSON-ready data (what a snapshot stores), current schema version."""
    data: dict[str, Any] = _ADAPTER.dump_python(record, mode="json")
    return data


def record_from_json(data: Mapping[str, Any]) -> PublishedRecord:
    """Read stored snapshot data of any schema version (no `schema_version`: version 1)."""
    version = data.get("schema_version", 1)
    try:
        if version == 1:
            return _ADAPTER.validate_python(_upgrade_v1(data))
        if version == SCHEMA_VERSION:
            return _ADAPTER.validate_python(data)
    except (ValidationError, KeyError, TypeError, ValueError) as exc:
        raise RecordError(f"not a published record of schema version {version}: {exc}") from exc
    raise RecordError(f"unknown schema version {version!r}")


@cache
def record_json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of the current version's JSON form."""
    schema: dict[str, Any] = _ADAPTER.json_schema(mode="serialization")
    schema["properties"]["schema_version"]["const"] = SCHEMA_VERSION
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "civicspace published record",
        "description": (
            "One published revision of a Country Focus Report: every score as published (one"
            " decimal, rounded half up) beside the unrounded value, the texts, sources, the"
            " panel's aggregate figures and the inputs that recompute every number."
        ),
    }


def checksum(data: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of stored snapshot data (keys sorted, no spaces)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- Schema version 1 (2026-11: the CLI's JSON plus texts, sources and panel figures) ---------


def _interval_v1(figures: Mapping[str, Any] | None) -> Interval | None:
    if not figures or not figures.get("interval"):
        return None
    low, high = (float(v) for v in figures["interval"])
    return Interval(round_half_up(low), round_half_up(high), low, high)


def _panel_v1(figures: Mapping[str, Any] | None) -> PanelSummary | None:
    if not figures:
        return None
    mean = figures.get("mean")
    return PanelSummary(
        mean=published_score(mean),
        mean_unrounded=mean,
        interval=_interval_v1(figures),
        dissent=bool(figures.get("dissent", False)),
    )


def _upgrade_v1(data: Mapping[str, Any]) -> dict[str, Any]:
    """Version 1 stored a dimension's agreed score unrounded as its "score", labelled none of
    them, and kept panel figures in one dictionary beside the principles."""
    scale = load_edition(data["edition"]).scale
    figures = data.get("panel_figures") or {}
    principles, dimension_scores, civicus_input = [], {}, None
    for p in data["principles"]:
        source = p["source"]
        rating = None
        if source["kind"] == "civicus" and source.get("published_on"):
            rating = {
                "publisher": source["publisher"],
                "published_on": source["published_on"],
                "score": source["civicus_score"],
                "category": source["category"],
                "url": source["url"],
                "rebasing": source["rebasing"],
            }
            civicus_input = {
                "score": source["civicus_score"],
                "category": source["category"],
                "published_on": source["published_on"],
            }
        dimensions = []
        for d in p["dimensions"]:
            value = d["score"]
            if value is not None:
                dimension_scores[d["code"]] = value
            dimensions.append(
                {
                    "code": d["code"],
                    "name": d["name"],
                    "weight": d["weight"],
                    "score": published_score(value),
                    "score_unrounded": value,
                    "label": None if value is None else scale_band(value, scale).label,
                    "panel": _panel_v1(figures.get("dimensions", {}).get(d["code"])),
                }
            )
        principles.append(
            {
                "code": p["code"],
                "number": p["number"],
                "name": p["name"],
                "source": source["kind"],
                "score": p["score"],
                "score_unrounded": p["score_unrounded"],
                "label": p["label"],
                "missing_dimensions": p["missing_dimensions"],
                "renormalised": p["renormalised"],
                "dimensions": dimensions,
                "civicus": rating,
                "panel": _panel_v1(figures.get("principles", {}).get(p["code"])),
            }
        )
    return {
        "schema_version": 1,
        "demo": bool(data.get("demo")),
        "country": data["country"],
        "year": data["year"],
        "edition": data["edition"],
        "reporting_period": data["reporting_period"],
        "network_member": data.get("network_member") or "",
        "panel_date": data.get("panel_date"),
        "principles": principles,
        "sections": data["sections"],
        "sources": data["sources"],
        "panel": None
        if not figures
        else {
            "panelists": figures["panelists"],
            "agreement": figures.get("agreement"),
            "level": figures["level"],
        },
        "inputs": {"dimension_scores": dimension_scores, "civicus": civicus_input, "panel": None},
    }
