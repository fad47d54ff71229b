"""Demo panel data: pseudonymous panelists with individual scores, and secondary-source values."""

from __future__ import annotations

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


def demo_panel_load(*, cycle: Cycle, size: int, seed: int) -> None:
    """A panel of `size` panelists for a demo cycle; scores are the agreed ones plus small noise."""
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
    for score in cycle.scores.all():
        centre = float(score.value)
        spread = rng.choice([-1.0, -0.5, 0.0, 0.0, 0.5, 1.0], size=size)
        for panelist, offset in zip(panelists, spread, strict=True):
            value = min(5.0, max(1.0, round((centre + offset) * 2) / 2))
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
