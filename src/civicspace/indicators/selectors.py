"""Reads for secondary-source figures."""

from __future__ import annotations

from collections.abc import Iterable

from civicspace.countries.models import Country
from civicspace.indicators.models import IndicatorValue


def secondary_figures(
    *, country: Country, series: Iterable[str], up_to_year: int
) -> dict[str, IndicatorValue]:
    """The newest value on file of each series for `country`, for a year up to `up_to_year`."""
    latest: dict[str, IndicatorValue] = {}
    values = IndicatorValue.objects.filter(
        country=country, series__code__in=set(series), year__lte=up_to_year
    ).select_related("series")
    for value in values.order_by("-year"):
        latest.setdefault(value.series.code, value)
    return latest
