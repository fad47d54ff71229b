"""Validate an imported table of CIVICUS Monitor ratings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from civicspace.core.framework import CivicusMethod
from civicspace.core.messages import Message, _
from civicspace.core.scoring import civicus_category
from civicspace.imports.batch import Batch
from civicspace.imports.problems import Place, Problem
from civicspace.imports.tabular import COUNTRY_ALIASES, Columns, Table
from civicspace.imports.values import CountryResolver, parse_date, parse_decimal

CIVICUS_COLUMNS = Columns(
    aliases={
        "country": COUNTRY_ALIASES,
        "date": ("published_on", "publication_date", "published", "rating_date"),
        "score": ("civicus_score", "value"),
        "category": ("rating", "civicus_category"),
        "source_url": ("source", "url", "link"),
    },
    required=frozenset({"country", "date", "score"}),
)


@dataclass(frozen=True)
class RatingRow:
    country: str
    published_on: date
    score: Decimal
    category: str
    source_url: str
    place: Place


def validate_ratings(
    table: Table, *, resolver: CountryResolver, method: CivicusMethod, today: date
) -> Batch[RatingRow]:
    batch: Batch[RatingRow] = Batch(table.notices)
    problems = batch.problems
    names = [c.name for c in method.categories]
    lowest, highest = method.categories[0].lower, method.categories[-1].upper
    for record in table.records:
        found = len(problems)

        country = record.parse("country", resolver.resolve, problems)
        published_on = record.parse("date", parse_date, problems)
        if published_on is not None and published_on > today:
            problems.append(
                Problem(
                    record.place("date"),
                    _("%(date)s is in the future", date=published_on.isoformat()),
                )
            )
        score = record.parse("score", lambda v: parse_decimal(v, places=1), problems)
        if score is not None and not lowest <= score <= highest:
            problems.append(
                Problem(
                    record.place("score"),
                    _(
                        "%(score)s is outside the CIVICUS range %(lowest)s-%(highest)s",
                        score=str(score),
                        lowest=f"{lowest:g}",
                        highest=f"{highest:g}",
                    ),
                )
            )
            score = None
        raw_category = str(record.values.get("category") or "").strip().lower()
        expected = None if score is None else civicus_category(float(score), method)
        if raw_category and raw_category not in names:
            problems.append(
                Problem(
                    record.place("category"),
                    _(
                        "%(category)s is not a CIVICUS category (%(categories)s)",
                        category=repr(raw_category),
                        categories=", ".join(names),
                    ),
                )
            )
        elif raw_category and expected and raw_category != expected:
            problems.append(
                Problem(
                    record.place("category"),
                    _(
                        "a score of %(score)s is %(expected)s on the CIVICUS Monitor, not"
                        " %(category)s; check the score or leave the category empty",
                        score=str(score),
                        expected=repr(expected),
                        category=repr(raw_category),
                    ),
                )
            )
        if len(problems) > found:
            continue
        assert country
        assert published_on
        assert expected
        assert score is not None
        row = RatingRow(
            country=country,
            published_on=published_on,
            score=score,
            category=expected,
            source_url=str(record.values.get("source_url") or "").strip(),
            place=record.place(),
        )
        batch.add(
            row,
            (country, published_on),
            same=lambda a, b: a.score == b.score,
            conflict=_conflict,
        )
    return batch.accepted(_("the file holds no ratings to import"))


def _conflict(a: RatingRow, b: RatingRow) -> Message:
    return _(
        "gives %(score)s for %(country)s on %(date)s, but row %(row)s gives %(other)s",
        score=str(b.score),
        country=b.country,
        date=b.published_on.isoformat(),
        row=a.place.row,
        other=str(a.score),
    )
