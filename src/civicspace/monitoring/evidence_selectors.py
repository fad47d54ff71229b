"""Reads for the panel and the report: a cycle's reporting period as verified events, dimension
by dimension (docs/early-warning.md, "Evidence for the panel")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber

from civicspace.accounts.permissions import User, may_read_drafts, may_see_event_details
from civicspace.assessments.models import Cycle
from civicspace.core.early_warning import Direction
from civicspace.core.early_warning_rules import load_rules
from civicspace.core.evidence import EventTally
from civicspace.monitoring.models import Event, EventDimension, EventSource
from civicspace.monitoring.selectors import details_withheld
from civicspace.monitoring.vocabulary import vocabulary_word


def period_filter(cycle: Cycle, prefix: str = "") -> Q:
    """The verified events (merged duplicates left out) of the cycle's country and framework
    edition that happened, at least in part, within its reporting period: an event that began
    before the period and lasted into it counts; one that began after its last day does not."""
    p = prefix
    return Q(
        **{
            f"{p}country_id": cycle.country_id,
            f"{p}edition": cycle.edition,
            f"{p}state": Event.State.VERIFIED,
            f"{p}merged_into": None,
            f"{p}starts_on__lte": cycle.period_end,
        }
    ) & (
        Q(**{f"{p}ends_on__gte": cycle.period_start})
        | Q(**{f"{p}ends_on": None, f"{p}starts_on__gte": cycle.period_start})
    )


def period_event_tallies(*, cycle: Cycle) -> dict[str, EventTally]:
    """How many of the period's verified events point each way, by dimension code: one grouped
    query over the dimension rows, for the panel's counts and the editorial checks."""
    rows = (
        EventDimension.objects.filter(period_filter(cycle, prefix="event__"))
        .values("code")
        .annotate(
            deteriorating=Count("pk", filter=Q(event__direction=Direction.DETERIORATING)),
            improving=Count("pk", filter=Q(event__direction=Direction.IMPROVING)),
        )
        .order_by("code")
    )
    return {r["code"]: EventTally(r["deteriorating"], r["improving"]) for r in rows}


def dimension_event_tally(*, cycle: Cycle, code: str) -> EventTally:
    """How many of the period's verified events tagged to `code` point each way: one aggregate
    query (its total is also the dimension page's count of events, so none is asked twice)."""
    counts = Event.objects.filter(period_filter(cycle), dimension_tags__code=code).aggregate(
        deteriorating=Count("pk", filter=Q(direction=Direction.DETERIORATING)),
        improving=Count("pk", filter=Q(direction=Direction.IMPROVING)),
    )
    return EventTally(counts["deteriorating"], counts["improving"])


# What a panel list shows of an event (PanelEvent) and of a source: a year holds thousands of
# events, and the description, the reporter's notes and the coordinates are not shown there.
_PANEL_FIELDS = (
    "id",
    "starts_on",
    "ends_on",
    "title",
    "event_type",
    "direction",
    "impact",
    "sensitivity",
    "city",
    "region",
    "is_demo",
)
_SOURCE_FIELDS = ("id", "event_id", "title", "url", "publisher", "published_on", "kind")


def dimension_events(*, cycle: Cycle, code: str, weightiest: bool = False) -> QuerySet[Event]:
    """The period's verified events tagged to dimension `code`, newest first (or, `weightiest`,
    highest impact first), with their sources (one more query for a page of them)."""
    order = [F("impact").desc(nulls_last=True)] if weightiest else []
    sources = EventSource.objects.only(*_SOURCE_FIELDS).order_by("pk")
    return (
        Event.objects.filter(period_filter(cycle), dimension_tags__code=code)
        .only(*_PANEL_FIELDS)
        .prefetch_related(Prefetch("sources", queryset=sources))
        .order_by(*order, "-starts_on", "-pk")
    )


@dataclass(frozen=True)
class PanelEvent:
    """An event as the panel's evidence shows it to one reader: a restricted event, read outside
    its own country, has no place (monitoring.selectors.details_withheld)."""

    id: int
    starts_on: date
    ends_on: date | None
    title: str
    type_name: str  # in the reader's language
    direction: str
    direction_name: str
    impact: int | None
    sensitivity: str
    sensitivity_name: str
    place: str  # "" when withheld or not given
    withheld: bool
    citable: bool  # public once verified: a published report may cite it
    sources: tuple[EventSource, ...]
    is_demo: bool


class EvidenceReader:
    """What one reader may see of one cycle's events (asked once, not once per event)."""

    def __init__(self, user: User, cycle: Cycle) -> None:
        self.allowed = may_read_drafts(user, cycle.country_id)
        self.details = may_see_event_details(user, cycle.country_id)
        rules = load_rules(cycle.edition)
        # Words looked up once a page, not once an event (a page lists fifty).
        self.type_names = {t.code: vocabulary_word(t.name) for t in rules.event_types}
        self.direction_names = {k: str(v) for k, v in Event.Direction.choices}
        self.sensitivity_names = {k: str(v) for k, v in Event.Sensitivity.choices}

    def shown(self, events: Iterable[Event]) -> list[PanelEvent]:
        if not self.allowed:
            return []
        return [self._one(e) for e in events]

    def _one(self, event: Event) -> PanelEvent:
        withheld = details_withheld(event, may_see_details=self.details)
        place = ", ".join(p for p in (event.city, event.region) if p)
        return PanelEvent(
            id=event.pk,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            title=event.title,
            type_name=self.type_names.get(event.event_type, event.event_type),
            direction=event.direction,
            direction_name=self.direction_names.get(event.direction, event.direction),
            impact=event.impact,
            sensitivity=event.sensitivity,
            sensitivity_name=self.sensitivity_names.get(event.sensitivity, event.sensitivity),
            place="" if withheld else place,
            withheld=withheld,
            citable=event.sensitivity == Event.Sensitivity.PUBLIC,
            sources=tuple(event.sources.all()),
            is_demo=event.is_demo,
        )


@dataclass(frozen=True)
class DimensionEvents:
    """One dimension's evidence on a score page: its counts and its weightiest events."""

    code: str
    tally: EventTally
    events: list[PanelEvent]


def dimensions_evidence(
    *, user: User, cycle: Cycle, codes: Sequence[str], preview: int = 5
) -> dict[str, DimensionEvents]:
    """For each of `codes`: the counts of the period's verified events, and its `preview`
    weightiest events as `user` may see them (nothing for someone who cannot read the cycle).

    Three queries whatever the number of codes: the dimensions' rows ranked and counted by
    window functions (narrow rows: a year can tag thousands of events to one dimension, and
    they are all sorted), then the few events kept, then their sources."""
    reader = EvidenceReader(user, cycle)
    if not reader.allowed:
        return {code: DimensionEvents(code, EventTally(), []) for code in codes}
    weightiest = [
        F("event__impact").desc(nulls_last=True),
        F("event__starts_on").desc(),
        F("event_id").desc(),
    ]
    dimension = F("code")
    ranked = sorted(  # by dimension, weightiest first: a handful of rows, sorted here
        EventDimension.objects.filter(period_filter(cycle, prefix="event__"), code__in=codes)
        .annotate(
            place=Window(RowNumber(), partition_by=dimension, order_by=weightiest),
            deteriorating=Window(
                Count("pk", filter=Q(event__direction=Direction.DETERIORATING)),
                partition_by=dimension,
            ),
            improving=Window(
                Count("pk", filter=Q(event__direction=Direction.IMPROVING)),
                partition_by=dimension,
            ),
        )
        .filter(place__lte=preview)
        .values_list("code", "place", "event_id", "deteriorating", "improving")
        .order_by()  # not in SQL: the database would sort every row again
    )
    sources = EventSource.objects.only(*_SOURCE_FIELDS).order_by("pk")
    kept = Event.objects.filter(pk__in={row[2] for row in ranked}).only(*_PANEL_FIELDS)
    by_id = {e.pk: e for e in kept.prefetch_related(Prefetch("sources", queryset=sources))}
    tallies: dict[str, EventTally] = {}
    events: dict[str, list[Event]] = {}
    for code, _, event_id, deteriorating, improving in ranked:
        tallies.setdefault(code, EventTally(deteriorating, improving))
        events.setdefault(code, []).append(by_id[event_id])
    return {
        code: DimensionEvents(
            code, tallies.get(code, EventTally()), reader.shown(events.get(code, []))
        )
        for code in codes
    }
