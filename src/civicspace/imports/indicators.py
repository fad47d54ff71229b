"""Validate an imported table of secondary-source values (series, country, year, value)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from civicspace.core.messages import Message, _
from civicspace.imports.batch import Batch
from civicspace.imports.problems import Place, Problem
from civicspace.imports.tabular import COUNTRY_ALIASES, Columns, Table
from civicspace.imports.values import CountryResolver, parse_decimal, parse_year

INDICATOR_COLUMNS = Columns(
    aliases={
        "series": ("indicator", "series_code", "index"),
        "country": COUNTRY_ALIASES,
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


def validate_indicators(
    table: Table, *, resolver: CountryResolver, series: Collection[str]
) -> Batch[IndicatorRow]:
    batch: Batch[IndicatorRow] = Batch(table.notices)
    problems = batch.problems
    for record in table.records:
        found = len(problems)

        code = str(record.values.get("series") or "").strip().lower()
        if code not in series:
            known = ", ".join(sorted(series))
            problems.append(
                Problem(
                    record.place("series"),
                    _("%(code)s is not a known series (%(known)s)", code=repr(code), known=known),
                )
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
        batch.add(
            row,
            (code, country, year),
            same=lambda a, b: a.value == b.value,
            conflict=_conflict,
        )
    return batch.accepted(_("the file holds no values to import"))


def _conflict(a: IndicatorRow, b: IndicatorRow) -> Message:
    return _(
        "gives %(value)s for %(series)s %(country)s %(year)s, but row %(row)s gives %(other)s",
        value=str(b.value),
        series=b.series,
        country=b.country,
        year=b.year,
        row=a.place.row,
        other=str(a.value),
    )
