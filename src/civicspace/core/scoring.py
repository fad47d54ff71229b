"""Scoring rules: CIVICUS rebasing, weighted aggregation of dimensions, rounding and labels."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

import numpy as np
import numpy.typing as npt

from civicspace.core.framework import (
    CivicusMethod,
    MissingDimensionRule,
    Scale,
    ScaleBand,
)
from civicspace.core.messages import Message, _

FloatArray = npt.NDArray[np.float64]

# Weighted means carry float noise (2.65 may come out as 2.6499999999999995); snapping to this many
# decimals first keeps half-up rounding faithful to the decimal value a person would compute.
_NOISE_DECIMALS = 9


def round_half_up(value: float, decimals: int = 1) -> float:
    """Round for publication: 2.25 -> 2.3 and 2.35 -> 2.4 (not banker's rounding)."""
    if not math.isfinite(value):
        raise ValueError(f"cannot round {value!r}")
    snapped = Decimal(repr(round(value, _NOISE_DECIMALS)))
    return float(snapped.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def published_score(value: float | None) -> float | None:
    """A score as every output publishes it: one decimal, rounded half up (None stays None)."""
    return None if value is None else round_half_up(value)


def published_text(value: float, decimal_mark: str = ".", *, signed: bool = False) -> str:
    """A score (or a difference of scores) as published: rounded half up to one decimal and
    written with `decimal_mark` ("2.5"; "2,5" for a Russian reader); `signed` writes "+0.3"."""
    return f"{round_half_up(value):{'+' if signed else ''}.1f}".replace(".", decimal_mark)


def off_scale(value: float | Decimal | str, scale: Scale) -> Message | None:
    """Why `value` cannot be a score on `scale`, or None when it can: the one rule every form,
    import, workbook and service applies."""
    if scale.contains(float(value)):
        return None
    return _(
        "%(value)s is outside the scale %(minimum)s-%(maximum)s",
        value=f"{float(value):g}",
        minimum=f"{scale.minimum:g}",
        maximum=f"{scale.maximum:g}",
    )


def scale_band(value: float, scale: Scale) -> ScaleBand:
    """The band of a score, read on its published (one-decimal) value."""
    if (problem := off_scale(value, scale)) is not None:
        raise ValueError(str(problem))
    published = round_half_up(value)
    band = scale.bands[0]
    for candidate in scale.bands:
        if published >= candidate.lower:
            band = candidate
    return band


def civicus_category(score: float, method: CivicusMethod) -> str:
    """The CIVICUS Monitor category of a 0-100 score (bands of whole numbers, e.g. 21-40)."""
    for category in method.categories:
        # Scores are whole numbers in practice; a fractional one belongs to the band it rounds into.
        if category.lower <= round_half_up(score, 0) <= category.upper:
            return category.name
    lowest, highest = method.categories[0].lower, method.categories[-1].upper
    raise ValueError(f"{score:g} is outside the CIVICUS range {lowest:g}-{highest:g}")


@overload
def rebase_civicus(score: float, method: CivicusMethod) -> float: ...
@overload
def rebase_civicus(score: FloatArray, method: CivicusMethod) -> FloatArray: ...
def rebase_civicus(score: float | FloatArray, method: CivicusMethod) -> float | FloatArray:
    """Rebase a CIVICUS score (or an array of them) onto the assessment scale."""
    sources = np.array([p[0] for p in method.rebasing_points])
    targets = np.array([p[1] for p in method.rebasing_points])
    values = np.asarray(score, dtype=np.float64)
    if np.any(~np.isfinite(values)) or np.any((values < sources[0]) | (values > sources[-1])):
        raise ValueError(f"CIVICUS scores must lie within {sources[0]:g}-{sources[-1]:g}")
    rebased = np.interp(values, sources, targets)
    return float(rebased) if np.ndim(rebased) == 0 else rebased


@dataclass(frozen=True)
class PrincipleScore:
    """A principle's score with what went into it. `value` is None when the rule refused one."""

    value: float | None
    used: tuple[str, ...]
    missing: tuple[str, ...]
    renormalised: bool

    @property
    def published(self) -> float | None:
        return published_score(self.value)


def aggregate_principles(
    values: FloatArray, weights: Sequence[float], rule: MissingDimensionRule
) -> FloatArray:
    """Weighted means of many rows of dimension scores at once.

    `values` has one row per case and one column per dimension, NaN where a score is missing;
    `weights` are positive, one per column, and need not sum to 1. Returns one value per row, NaN
    where the rule refuses a score (any NaN under REFUSE, all NaN under RENORMALISE).
    """
    matrix = np.atleast_2d(np.asarray(values, dtype=np.float64))
    w = np.asarray(weights, dtype=np.float64)
    if matrix.shape[-1] != w.shape[0]:
        raise ValueError(f"{matrix.shape[-1]} score columns but {w.shape[0]} weights")
    if np.any(~np.isfinite(w)) or np.any(w <= 0):
        raise ValueError("weights must be positive numbers")
    present = ~np.isnan(matrix)
    effective = np.where(present, w, 0.0)
    totals = effective.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.where(present, matrix, 0.0) @ w / totals
    result = np.where(totals > 0, result, np.nan)
    if rule is MissingDimensionRule.REFUSE:
        result = np.where(present.all(axis=-1), result, np.nan)
    return np.asarray(result, dtype=np.float64)


def principle_score(
    dimension_scores: Mapping[str, float | None],
    weights: Mapping[str, float],
    rule: MissingDimensionRule,
) -> PrincipleScore:
    """Aggregate one principle: the weighted mean of its dimension scores under the edition's rule.

    `weights` lists every dimension of the principle; scores absent or None count as missing, and
    scores for dimensions not in `weights` are an error rather than silently ignored.
    """
    unknown = set(dimension_scores) - set(weights)
    if unknown:
        raise ValueError(f"scores for dimensions outside this principle: {sorted(unknown)}")
    codes = list(weights)
    row = np.array(
        [
            np.nan if dimension_scores.get(code) is None else float(dimension_scores[code])  # type: ignore[arg-type]
            for code in codes
        ]
    )
    value = float(aggregate_principles(row, [weights[c] for c in codes], rule)[0])
    missing = tuple(c for c, v in zip(codes, row, strict=True) if np.isnan(v))
    used = tuple(c for c in codes if c not in missing)
    return PrincipleScore(
        value=None if math.isnan(value) else value,
        used=used,
        missing=missing,
        renormalised=bool(missing) and not math.isnan(value),
    )
