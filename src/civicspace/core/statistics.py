"""Panel consolidation from panelist scores: summaries, bootstrap intervals, agreement, dissent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import krippendorff
import numpy as np
import numpy.typing as npt

from civicspace.core.framework import MissingDimensionRule
from civicspace.core.scoring import aggregate_principles, round_half_up

FloatArray = npt.NDArray[np.float64]

DEFAULT_RESAMPLES = 2000
DEFAULT_LEVEL = 0.9
DISSENT_GAP = 2.0  # panelists this many points apart on a dimension are flagged
# An agreed score further than this from its panelists' mean must say why in its justification.
AGREED_TOLERANCE = 0.5


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    level: float


@dataclass(frozen=True)
class DimensionSummary:
    code: str
    n: int  # panelists who scored it
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None
    interval: Interval | None
    dissent: bool


@dataclass(frozen=True)
class PrincipleSummary:
    code: str
    mean: float | None  # the weighted mean of the dimension means
    interval: Interval | None


@dataclass(frozen=True)
class PanelStatistics:
    panelists: int
    resamples: int
    dimensions: dict[str, DimensionSummary]
    principles: dict[str, PrincipleSummary]
    agreement: float | None  # Krippendorff's alpha, ordinal, over all dimensions


def _canonical_order(scores: FloatArray) -> FloatArray:
    """Sort panelists by their scores, so that the order they were entered in cannot matter."""
    keys = np.where(np.isnan(scores), np.inf, scores)
    return scores[np.lexsort(keys.T[::-1])] if len(scores) else scores


def bootstrap_means(scores: FloatArray, *, resamples: int, seed: int) -> FloatArray:
    """Dimension means of `resamples` resamples of the panelists: shape (resamples, dimensions).

    Panelists are drawn with replacement; a resample where nobody scored a dimension gives NaN.
    """
    panel = _canonical_order(np.asarray(scores, dtype=np.float64))
    n = panel.shape[0]
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n, size=(resamples, n))
    drawn = panel[picks]  # (resamples, n, dimensions)
    present = ~np.isnan(drawn)
    counts = present.sum(axis=1)
    sums = np.where(present, drawn, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / counts, np.nan)


def _interval(samples: FloatArray, level: float) -> Interval | None:
    finite = samples[np.isfinite(samples)]
    if finite.size == 0:
        return None
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return Interval(float(low), float(high), level)


def ordinal_agreement(scores: FloatArray) -> float | None:
    """Krippendorff's alpha (ordinal) with panelists as coders and dimensions as units.

    None where it is undefined: fewer than two panelists, or everybody gave the same value.
    """
    panel = np.asarray(scores, dtype=np.float64)
    if panel.ndim != 2 or panel.shape[0] < 2:
        return None
    # Only dimensions two or more panelists scored can show (dis)agreement; values seen only
    # elsewhere would leave alpha's expected disagreement at zero (0/0).
    pairable = panel[:, (~np.isnan(panel)).sum(axis=0) >= 2]
    values = np.unique(pairable[~np.isnan(pairable)])
    if values.size < 2:
        return None
    return float(
        krippendorff.alpha(
            reliability_data=pairable, value_domain=values, level_of_measurement="ordinal"
        )
    )


def panel_statistics(
    scores: FloatArray,
    dimension_codes: Sequence[str],
    principle_weights: Mapping[str, Mapping[str, float]],
    *,
    rule: MissingDimensionRule = MissingDimensionRule.REFUSE,
    resamples: int = DEFAULT_RESAMPLES,
    level: float = DEFAULT_LEVEL,
    seed: int = 0,
) -> PanelStatistics:
    """Consolidate a panel's individual scores (rows: panelists, columns: dimensions, NaN: none).

    Intervals are percentile bootstrap intervals that resample panelists and carry every resample
    through the principle weights, so a principle's interval reflects its dimensions jointly.
    A fixed `seed` keeps stored figures reproducible.
    """
    panel = np.atleast_2d(np.asarray(scores, dtype=np.float64))
    if panel.shape[1] != len(dimension_codes):
        raise ValueError(f"{panel.shape[1]} score columns but {len(dimension_codes)} dimensions")
    if not 0 < level < 1:
        raise ValueError(f"interval level {level} must lie between 0 and 1")
    column = {code: i for i, code in enumerate(dimension_codes)}
    has_panel = panel.shape[0] > 0
    boot = bootstrap_means(panel, resamples=resamples, seed=seed) if has_panel else None

    dimensions = {}
    for code, i in column.items():
        given = panel[~np.isnan(panel[:, i]), i]
        empty = given.size == 0
        dimensions[code] = DimensionSummary(
            code=code,
            n=int(given.size),
            mean=None if empty else float(given.mean()),
            median=None if empty else float(np.median(given)),
            minimum=None if empty else float(given.min()),
            maximum=None if empty else float(given.max()),
            interval=None if empty or boot is None else _interval(boot[:, i], level),
            dissent=not empty and float(given.max() - given.min()) >= DISSENT_GAP,
        )

    principles = {}
    for principle, weights in principle_weights.items():
        cols = [column[code] for code in weights]
        ws = list(weights.values())
        means = np.array([np.nan if (m := dimensions[c].mean) is None else m for c in weights])
        mean = float(aggregate_principles(means, ws, rule)[0])
        samples = None if boot is None else aggregate_principles(boot[:, cols], ws, rule)
        principles[principle] = PrincipleSummary(
            code=principle,
            mean=None if np.isnan(mean) else mean,
            interval=None if samples is None or np.isnan(mean) else _interval(samples, level),
        )

    return PanelStatistics(
        panelists=int(panel.shape[0]),
        resamples=resamples,
        dimensions=dimensions,
        principles=principles,
        agreement=ordinal_agreement(panel),
    )


def _interval_json(interval: Interval | None) -> list[float] | None:
    return None if interval is None else [interval.low, interval.high]


def _interval_read(value: Sequence[float] | None, level: float) -> Interval | None:
    return None if not value else Interval(float(value[0]), float(value[1]), level)


def panel_statistics_to_json(stats: PanelStatistics) -> dict[str, Any]:
    """The figures as the panel's stored record keeps them (a JSON object)."""
    return {
        "panelists": stats.panelists,
        "dimensions": {
            code: {
                "n": d.n,
                "mean": d.mean,
                "median": d.median,
                "min": d.minimum,
                "max": d.maximum,
                "interval": _interval_json(d.interval),
                "dissent": d.dissent,
            }
            for code, d in stats.dimensions.items()
        },
        "principles": {
            code: {"mean": p.mean, "interval": _interval_json(p.interval)}
            for code, p in stats.principles.items()
        },
    }


def panel_statistics_from_json(
    figures: Mapping[str, Any], *, resamples: int, level: float, agreement: float | None
) -> PanelStatistics:
    """Stored figures read back as typed statistics (the inverse of panel_statistics_to_json)."""
    return PanelStatistics(
        panelists=int(figures["panelists"]),
        resamples=resamples,
        dimensions={
            code: DimensionSummary(
                code=code,
                n=int(d["n"]),
                mean=d["mean"],
                median=d["median"],
                minimum=d["min"],
                maximum=d["max"],
                interval=_interval_read(d["interval"], level),
                dissent=bool(d["dissent"]),
            )
            for code, d in figures["dimensions"].items()
        },
        principles={
            code: PrincipleSummary(code, p["mean"], _interval_read(p["interval"], level))
            for code, p in figures["principles"].items()
        },
        agreement=agreement,
    )


def agreed_differs_from_panel(
    agreed: float, mean: float | None, tolerance: float = AGREED_TOLERANCE
) -> bool:
    """True when the panel's agreed score is further than `tolerance` from its panelists' mean
    (None: no panelist scores); the justification must then say why."""
    return mean is not None and abs(agreed - mean) > tolerance


def agreed_outside_panel(agreed: float, low: float | None, high: float | None) -> bool:
    """True when the agreed score, as published (one decimal), lies outside the interval of the
    panelists' own scores for its dimension (None: no panelist scored it): a score nobody on the
    panel gave needs a stated reason."""
    if low is None or high is None:
        return False
    published = round_half_up(agreed)
    return published < round_half_up(low) or published > round_half_up(high)
