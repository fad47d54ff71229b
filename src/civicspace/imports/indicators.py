"""Validate an imported table of secondary-source values (series, country, year, value)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from civicspace.imports.problems import ImportRefused, Place, Problem
from civicspace.imports.tabular import Columns, Table
from civicspace.imports.values import CountryResolver, parse_decimal, parse_year

INDICATOR_COLUMNS = Columns(
    aliases={
        "series": ("indicator", "series_code", "index"),
        "country": ("country_code", "iso", "iso2", "iso_code"),
        "year": ("data_year",),
        "value": ("score",),
    },
    required=frozenset({"series", "country", "year", "value"}),
)


@dataclass(frozen=True)
class IndicatorRow:
    series: str
    country: str
    year: int
    value: Decimal
    place: Place


@dataclass
class IndicatorBatch:
    rows: list[IndicatorRow] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)


def validate_indicators(
    table: Table, *, resolver: CountryResolver, series: Collection[str]
) -> IndicatorBatch:
    batch = IndicatorBatch(notices=list(table.notices))
    problems: list[Problem] = []
    seen: dict[tuple[str, str, int], IndicatorRow] = {}
    for record in table.records:
        found = len(problems)

        code = str(record.values.get("series") or "").strip().lower()
        if code not in series:
            known = ", ".join(sorted(series))
            problems.append(
                Problem(record.place("series"), f"{code!r} is not a known series ({known})")
            )
        country = record.parse("country", resolver.resolve, problems)
        year = record.parse("year", parse_year, problems)
        value = record.parse("value", lambda v: parse_decimal(v, places=3), problems)
        if len(problems) > found:
            continue
        assert country is not None
        assert year is not None
        assert value is not None
        row = IndicatorRow(code, country, year, value, record.place())
        earlier = seen.get((code, country, year))
        if earlier is None:
            seen[(code, country, year)] = row
            batch.rows.append(row)
        elif earlier.value == value:
            batch.notices.append(
                Problem(row.place, f"repeats row {earlier.place.row}; imported once")
            )
        else:
            problems.append(
                Problem(
                    row.place,
                    f"gives {value} for {code} {country} {year}, but row {earlier.place.row}"
                    f" gives {earlier.value}",
                )
            )
    if problems:
        raise ImportRefused(problems)
    if not batch.rows:
        raise ImportRefused([Problem(Place(), "the file holds no values to import")])
    return batch
