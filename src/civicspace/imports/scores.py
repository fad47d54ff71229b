"""Validate an imported table of panel dimension scores: every problem found, none written."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from civicspace.core.framework import Edition
from civicspace.core.messages import Message, _
from civicspace.core.scoring import off_scale
from civicspace.imports.batch import Batch
from civicspace.imports.problems import Place, Problem
from civicspace.imports.tabular import COUNTRY_ALIASES, Columns, Record, Table
from civicspace.imports.values import (
    CountryResolver,
    is_not_assessed,
    parse_decimal,
    parse_year,
)

SCORE_COLUMNS = Columns(
    aliases={
        "country": COUNTRY_ALIASES,
        "year": ("cycle", "cycle_year"),
        "dimension": ("dimension_code", "dim", "code"),
        "score": ("value", "agreed_score", "panel_score"),
        "justification": ("justification_text", "rationale", "comment", "comments"),
    },
    required=frozenset({"country", "year", "dimension", "score"}),
)


@dataclass(frozen=True)
class ScoreRow:
    country: str  # ISO alpha-2
    year: int
    dimension: str
    value: Decimal
    justification: str
    place: Place


def dimension_code(value: Any) -> str:
    """ "4.1", 4.1 (a number in a spreadsheet) and "4,1" all mean dimension 4.1."""
    text = repr(value) if isinstance(value, float) else str(value).strip()
    return text.replace(",", ".")


def validate_scores(
    table: Table,
    *,
    resolver: CountryResolver,
    editions: Mapping[tuple[str, int], Edition],
    cycle_hint: Callable[[str, int], Message],
) -> Batch[ScoreRow]:
    """Check every record; raise ImportRefused with all problems, or return the rows to write.

    `editions` maps each existing cycle (country, year) to its framework edition; `cycle_hint`
    says how to create a missing cycle.
    """
    batch: Batch[ScoreRow] = Batch(table.notices)
    for record in table.records:
        row = _score_row(record, resolver, editions, cycle_hint, batch.problems, batch.notices)
        if row is not None:
            batch.add(
                row,
                (row.country, row.year, row.dimension),
                same=lambda a, b: (a.value, a.justification) == (b.value, b.justification),
                conflict=_conflict,
            )
    return batch.accepted(_("the file holds no scores to import"))


def _conflict(a: ScoreRow, b: ScoreRow) -> Message:
    values = {
        "value": str(b.value),
        "country": b.country,
        "year": b.year,
        "dimension": b.dimension,
        "row": a.place.row,
        "other": str(a.value),
    }
    if a.value != b.value:
        return _(
            "gives %(value)s for %(country)s %(year)s dimension %(dimension)s,"
            " but row %(row)s gives %(other)s",
            **values,
        )
    return _(
        "gives %(value)s for %(country)s %(year)s dimension %(dimension)s,"
        " but row %(row)s gives %(other)s with another justification",
        **values,
    )


def _score_row(
    record: Record,
    resolver: CountryResolver,
    editions: Mapping[tuple[str, int], Edition],
    cycle_hint: Callable[[str, int], Message],
    problems: list[Problem],
    notices: list[Problem],
) -> ScoreRow | None:
    values = record.values
    found = len(problems)

    country = record.parse("country", resolver.resolve, problems)
    year = record.parse("year", parse_year, problems)
    code = dimension_code(values.get("dimension"))
    justification = str(values.get("justification") or "").strip()
    edition = editions.get((country, year)) if country and year else None
    if country and year and edition is None:
        problems.append(Problem(record.place("year"), cycle_hint(country, year)))
    if edition is not None:
        if code in edition.dimensions and code not in edition.panel_dimensions:
            problems.append(
                Problem(
                    record.place("dimension"),
                    _(
                        "dimension %(dimension)s is rebased from the CIVICUS Monitor rating, not"
                        " scored by the panel; import ratings with `civicspace import civicus`",
                        dimension=code,
                    ),
                )
            )
        elif code not in edition.dimensions:
            first, *_others, last = edition.panel_dimensions  # not `_`: that is the mark
            problems.append(
                Problem(
                    record.place("dimension"),
                    _(
                        '"%(code)s" is not a dimension of %(edition)s'
                        " (the panel scores %(first)s to %(last)s)",
                        code=code,
                        edition=edition.code,
                        first=first,
                        last=last,
                    ),
                )
            )
    raw_score = values.get("score")
    if is_not_assessed(raw_score):
        if len(problems) == found:
            notices.append(
                Problem(
                    record.place("score"),
                    _("not assessed; dimension %(dimension)s left as it is", dimension=code),
                )
            )
        return None
    value = record.parse("score", lambda v: parse_decimal(v, places=2), problems)
    problem = None if value is None or edition is None else off_scale(value, edition.scale)
    if problem is not None:
        problems.append(Problem(record.place("score"), problem))
    if len(problems) > found:
        return None
    if not justification:
        notices.append(Problem(record.place("justification"), _("no justification given")))
    assert country is not None
    assert year is not None
    assert value is not None
    return ScoreRow(country, year, code, value, justification, record.place())
