"""A cycle's profile: the six principle scores with their provenance, computed from plain inputs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from civicspace.core.framework import Edition, PrincipleSource
from civicspace.core.scoring import (
    PrincipleScore,
    civicus_category,
    principle_score,
    rebase_civicus,
    scale_band,
)


@dataclass(frozen=True)
class CivicusInput:
    score: float
    category: str
    published_on: date


@dataclass(frozen=True)
class DimensionResult:
    code: str
    name: str
    weight: float
    value: float | None


@dataclass(frozen=True)
class PrincipleResult:
    code: str
    number: int
    name: str
    source: PrincipleSource
    score: PrincipleScore
    label: str | None
    dimensions: tuple[DimensionResult, ...]
    civicus: CivicusInput | None  # set for the principle rebased from the CIVICUS rating

    @property
    def value(self) -> float | None:
        return self.score.value

    @property
    def published(self) -> float | None:
        return self.score.published


def cycle_profile(
    edition: Edition,
    dimension_scores: Mapping[str, float],
    civicus: CivicusInput | None,
) -> tuple[PrincipleResult, ...]:
    """Score every principle of `edition` from a cycle's panel scores and its CIVICUS rating."""
    unknown = set(dimension_scores) - set(edition.panel_dimensions)
    if unknown:
        raise ValueError(
            f"scores for dimensions the panel does not score in {edition.code}: {sorted(unknown)}"
        )
    if civicus is not None:
        expected = civicus_category(civicus.score, edition.civicus)
        if expected != civicus.category:
            raise ValueError(
                f"CIVICUS score {civicus.score:g} falls in category {expected!r},"
                f" not {civicus.category!r}"
            )
    results = []
    for principle in edition.principles:
        if principle.source is PrincipleSource.CIVICUS:
            rebased = None if civicus is None else rebase_civicus(civicus.score, edition.civicus)
            score = PrincipleScore(value=rebased, used=(), missing=(), renormalised=False)
            dims = tuple(
                DimensionResult(d.code, d.name, d.weight, None) for d in principle.dimensions
            )
            rating = civicus
        else:
            values = {d.code: dimension_scores.get(d.code) for d in principle.dimensions}
            score = principle_score(values, principle.weights, edition.missing_dimensions)
            dims = tuple(
                DimensionResult(d.code, d.name, d.weight, values[d.code])
                for d in principle.dimensions
            )
            rating = None
        label = None if score.value is None else scale_band(score.value, edition.scale).label
        results.append(
            PrincipleResult(
                code=principle.code,
                number=principle.number,
                name=principle.name,
                source=principle.source,
                score=score,
                label=label,
                dimensions=dims,
                civicus=rating,
            )
        )
    return tuple(results)
