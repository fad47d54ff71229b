"""Validate an imported table of early-warning events: every problem found, none written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from civicspace.core.early_warning import Direction, EarlyWarningRules, Sensitivity
from civicspace.core.messages import Message, _
from civicspace.imports.batch import Batch
from civicspace.imports.problems import Place, Problem
from civicspace.imports.tabular import COUNTRY_ALIASES, Columns, Record, Table
from civicspace.imports.values import CountryResolver, ValueProblem, parse_date, parse_decimal

EVENT_COLUMNS = Columns(
    aliases={
        "country": COUNTRY_ALIASES,
        "date": ("start", "starts_on", "start_date", "event_date"),
        "end": ("ends_on", "end_date"),
        "title": ("event",),
        "description": ("notes", "summary"),
        "event_type": ("type",),
        "dimensions": ("dimension",),
        "direction": (),
        "actor": ("actors", "actor_kind"),
        "actors_detail": ("who_acted",),
        "affected_groups": ("affected",),
        "affected_count": ("count",),
        "region": (),
        "city": ("place",),
        "latitude": ("lat",),
        "longitude": ("lon", "lng"),
        "sensitivity": (),
        "source_title": (),
        "source_url": ("url",),
        "source_publisher": ("publisher",),
        "source_date": (),
        "source_kind": (),
    },
    required=frozenset({"country", "date", "title", "event_type", "dimensions", "direction"}),
)
ACTORS = ("state", "non-state", "unknown")
SOURCE_KINDS = ("media", "official", "ngo", "first-hand")


@dataclass(frozen=True)
class EventRow:
    country: str  # ISO alpha-2
    starts_on: date
    ends_on: date | None
    title: str
    event_type: str
    dimensions: tuple[str, ...]
    direction: str
    fields: dict[str, Any]  # the optional columns, parsed
    place: Place


def _one_of(allowed: tuple[str, ...], default: str) -> Any:
    def parse(value: Any) -> str:
        text = str(value or "").strip().lower() or default
        if text not in allowed:
            raise ValueProblem(
                _(
                    "%(value)s is not one of %(allowed)s",
                    value=repr(text),
                    allowed=", ".join(allowed),
                )
            )
        return text

    return parse


def _optional_date(value: Any) -> date | None:
    return None if value in (None, "") else parse_date(value)


def _count(value: Any) -> int | None:
    if value in (None, ""):
        return None
    number = parse_decimal(value, places=0)
    if number < 0:
        raise ValueProblem(_("%(value)s is not a count of people", value=repr(str(value))))
    return int(number)


def _coordinate(limit: int) -> Any:
    def parse(value: Any) -> Decimal | None:
        if value in (None, ""):
            return None
        number = parse_decimal(value, places=5)
        if not -limit <= number <= limit:
            raise ValueProblem(_("%(value)s is off the globe", value=str(number)))
        return number

    return parse


def validate_events(
    table: Table, *, resolver: CountryResolver, rules: EarlyWarningRules, today: date
) -> Batch[EventRow]:
    """Check every record; raise ImportRefused with all problems, or return the rows to write."""
    batch: Batch[EventRow] = Batch(table.notices)
    for record in table.records:
        row = _event_row(record, resolver, rules, today, batch.problems)
        if row is not None:
            batch.add(
                row,
                (row.country, row.starts_on, row.title),
                same=lambda a, b: a == b,
                conflict=_conflict,
            )
    return batch.accepted(_("the file holds no events to import"))


def _conflict(a: EventRow, b: EventRow) -> Message:
    return _(
        "repeats the country, date and title of row %(row)s with other details", row=a.place.row
    )


def _event_row(
    record: Record,
    resolver: CountryResolver,
    rules: EarlyWarningRules,
    today: date,
    problems: list[Problem],
) -> EventRow | None:
    values = record.values
    found = len(problems)
    country = record.parse("country", resolver.resolve, problems)
    starts_on = record.parse("date", parse_date, problems)
    ends_on = record.parse("end", _optional_date, problems)
    if starts_on is not None and starts_on > today:
        problems.append(Problem(record.place("date"), _("the date is ahead of today")))
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        problems.append(Problem(record.place("end"), _("the event ends before it starts")))
    title = str(values.get("title") or "").strip()
    event_type = str(values.get("event_type") or "").strip()
    if event_type not in {t.code for t in rules.event_types}:
        problems.append(
            Problem(
                record.place("event_type"),
                _("%(code)s is not an event type", code=repr(event_type)),
            )
        )
    codes = tuple(
        c.strip()
        for c in str(values.get("dimensions") or "").replace(",", ";").split(";")
        if c.strip()
    )
    unknown = [c for c in codes if c not in rules.principle_of]
    if unknown or not codes:
        problems.append(
            Problem(
                record.place("dimensions"),
                _(
                    "%(codes)s: give dimension codes of the framework, separated by semicolons",
                    codes=repr(", ".join(unknown)),
                ),
            )
        )
    direction = record.parse("direction", _one_of(tuple(Direction), ""), problems)
    fields = {
        "actor": record.parse("actor", _one_of(ACTORS, "unknown"), problems),
        "sensitivity": record.parse("sensitivity", _one_of(tuple(Sensitivity), "public"), problems),
        "affected_count": record.parse("affected_count", _count, problems),
        "latitude": record.parse("latitude", _coordinate(90), problems),
        "longitude": record.parse("longitude", _coordinate(180), problems),
        "source_date": record.parse("source_date", _optional_date, problems),
        "source_kind": record.parse("source_kind", _one_of(SOURCE_KINDS, "media"), problems),
        **{
            name: str(values.get(name) or "").strip()
            for name in (
                "description",
                "actors_detail",
                "affected_groups",
                "region",
                "city",
                "source_title",
                "source_url",
                "source_publisher",
            )
        },
    }
    if (fields["latitude"] is None) != (fields["longitude"] is None):
        problems.append(Problem(record.place("longitude"), _("give both coordinates, or neither")))
    if fields["source_url"] and not str(fields["source_url"]).startswith(("http://", "https://")):
        problems.append(Problem(record.place("source_url"), _("a source URL starts with https://")))
    if not title:
        problems.append(Problem(record.place("title"), _("no title")))
    if len(problems) > found:
        return None
    assert country is not None
    assert starts_on is not None
    assert direction is not None
    return EventRow(
        country, starts_on, ends_on, title, event_type, codes, direction, fields, record.place()
    )
