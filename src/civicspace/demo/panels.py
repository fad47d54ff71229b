"""Demo panel data: pseudonymous panelists with individual scores, and secondary-source values."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from importlib import resources

import numpy as np
import yaml

from civicspace.assessments.models import Cycle, PanelistScore
from civicspace.assessments.panel_services import (
    panel_get_or_create,
    panel_statistics_refresh,
    panelist_add,
)
from civicspace.core.statistics import agreed_differs_from_panel, agreed_outside_panel
from civicspace.countries.models import Country
from civicspace.indicators.models import IndicatorSeries, IndicatorValue
from civicspace.indicators.services import indicator_series_sync

SECTORS = (
    "human rights",
    "media",
    "women's rights",
    "youth",
    "environment",
    "academia",
    "disability rights",
    "community development",
    "legal aid",
)
AGE_BANDS = ("18-29", "30-44", "45-59", "60+")


def _panel_values(
    rng: np.random.Generator, *, centre: float, size: int, contested: bool
) -> list[float]:
    """Half-point scores scattered around the agreed `centre`. An ordinary panel's mean stays
    within 0.5 of it and its scores on both sides of it; a `contested` one lies further off, as
    when a panel agrees on a score most of its members did not give (the editorial checks then
    ask the justification to say why)."""
    shift = 0.0 if not contested else (-1.0 if centre >= 3 else 1.0)
    while True:
        offsets = rng.choice([-1.0, -0.5, 0.0, 0.0, 0.5, 1.0], size=size) + shift
        values = np.clip(np.round((centre + offsets) * 2) / 2, 1.0, 5.0)
        if not contested and agreed_outside_panel(centre, float(values.min()), float(values.max())):
            # Someone on an ordinary panel gave the agreed score or one beyond it: the panelist
            # furthest off the other way moves to the nearest half point past the centre.
            beyond = np.ceil(centre * 2) / 2 if centre > values.max() else np.floor(centre * 2) / 2
            values[np.argmax(np.abs(values - centre))] = beyond
        if agreed_differs_from_panel(centre, float(values.mean())) == contested:
            return [float(v) for v in values]


def demo_panel_load(*, cycle: Cycle, size: int, seed: int, contested: Collection[str] = ()) -> None:
    """A panel of `size` panelists for a demo cycle: scores near the agreed ones, or far from
    them for the `contested` dimensions."""
    rng = np.random.default_rng(seed)
    panel = panel_get_or_create(cycle=cycle)
    panel.format, panel.participants = "hybrid", size
    panel.save()
    panelists = [
        panelist_add(
            panel=panel,
            code=f"P{i:02d}",
            sector=SECTORS[i % len(SECTORS)],
            age_band=AGE_BANDS[int(rng.integers(len(AGE_BANDS)))],
        )
        for i in range(1, size + 1)
    ]
    rows = []
    for score in cycle.scores.order_by("dimension"):
        values = _panel_values(
            rng, centre=float(score.value), size=size, contested=score.dimension in contested
        )
        for panelist, value in zip(panelists, values, strict=True):
            rows.append(
                PanelistScore(
                    panelist=panelist, dimension=score.dimension, value=Decimal(str(value))
                )
            )
    PanelistScore.objects.bulk_create(rows)
    panel_statistics_refresh(cycle=cycle)


def demo_indicators_load() -> int:
    """The catalogue of secondary sources, plus the demo values in indicators.yaml."""
    indicator_series_sync()
    text = resources.files("civicspace.demo").joinpath("indicators.yaml").read_text("utf-8")
    rows = yaml.safe_load(text)["values"]
    series = {s.code: s for s in IndicatorSeries.objects.all()}
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in={r[0] for r in rows})}
    IndicatorValue.objects.filter(is_demo=True).delete()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            series=series[code],
            country=countries[iso2],
            year=year,
            value=Decimal(str(value)),
            is_demo=True,
        )
        for iso2, code, year, value in rows
    )
    return len(rows)
