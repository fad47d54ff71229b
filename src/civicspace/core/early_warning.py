"""Early warning: events as facts, the impact rubric, and the alert rules' evaluation (pure)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

import numpy as np

from civicspace.core.event_columns import EventColumns, VerifiedTable
from civicspace.core.messages import MessageError, _
from civicspace.core.scoring import round_half_up


class Direction(StrEnum):
    DETERIORATING = "deteriorating"
    IMPROVING = "improving"


class EventState(StrEnum):
    SUBMITTED = "submitted"
    VERIFYING = "verifying"
    VERIFIED = "verified"
    REJECTED = "rejected"
    MORE_INFORMATION = "more-information"  # back with the member, who may resubmit


class Sensitivity(StrEnum):
    PUBLIC = "public"  # public once verified
    CONSORTIUM = "consortium"  # the consortium only
    RESTRICTED = "restricted"  # the consortium, without the reporter's organisation or place


class RuleKind(StrEnum):
    SINGLE = "single"
    TREND = "trend"


class TrendScope(StrEnum):
    DIMENSION = "dimension"
    PRINCIPLE = "principle"


IMPACT_MIN, IMPACT_MAX = 1, 5


class EarlyWarningError(MessageError):
    """Rules, rubric answers or an event the early-warning core cannot use; says which and why."""


@dataclass(frozen=True)
class EventFact:
    """What the rules read of an event. `key` is the caller's identifier (the database id)."""

    key: int
    country: str
    start: date  # an event counts on the day it began
    dimensions: frozenset[str]
    direction: Direction
    state: EventState
    impact: int | None = None  # set by verification
    end: date | None = None


@dataclass(frozen=True)
class EventType:
    code: str
    name: str  # English; the catalogue holds its translations
    direction: str  # the usual direction, or "either"


@dataclass(frozen=True)
class RubricCriterion:
    code: str
    name: str
    question: str


@dataclass(frozen=True)
class ImpactRubric:
    criteria: tuple[RubricCriterion, ...]
    combine: str  # "mean-floored-by-highest" or "mean"

    def impact(self, answers: Mapping[str, int]) -> int:
        """The impact (1-5) of one verifier's answers; refuses a missing or off-scale answer."""
        values = []
        for criterion in self.criteria:
            value = answers.get(criterion.code)
            if value is None:
                raise EarlyWarningError(_("Answer “%(criterion)s”.", criterion=criterion.name))
            if not IMPACT_MIN <= value <= IMPACT_MAX:
                raise EarlyWarningError(
                    _(
                        "“%(criterion)s” is answered from 1 to 5, not %(value)s.",
                        criterion=criterion.name,
                        value=value,
                    )
                )
            values.append(value)
        mean = int(round_half_up(sum(values) / len(values), 0))
        if self.combine == "mean-floored-by-highest":
            return max(mean, max(values) - 1)
        return mean


@dataclass(frozen=True)
class AlertRule:
    code: str
    name: str
    kind: RuleKind
    impact_at_least: int = IMPACT_MAX  # single
    scope: TrendScope = TrendScope.DIMENSION  # trend
    events_at_least: int = 3  # trend
    within_days: int = 90  # trend: first and last event fewer than this many days apart


@dataclass(frozen=True)
class EarlyWarningRules:
    """One programme's early-warning data beside a framework edition."""

    code: str
    edition: str
    event_types: tuple[EventType, ...]
    rubric: ImpactRubric
    rules: tuple[AlertRule, ...]
    principle_of: Mapping[str, str] = field(default_factory=dict)  # dimension → principle

    def event_type(self, code: str) -> EventType:
        for event_type in self.event_types:
            if event_type.code == code:
                return event_type
        raise KeyError(code)


class ProposedAlert(NamedTuple):
    """A rule's finding: which events, in which country, subject and direction.

    `subject` is the dimension or principle code of a trend, or "" for a single event. A named
    tuple, not a dataclass: a full evaluation makes tens of thousands, and a tuple is made in a
    fraction of the time.
    """

    rule: str
    country: str
    direction: Direction
    subject: str
    events: tuple[int, ...]  # keys, ascending
    first: date
    last: date

    @property
    def identity(self) -> tuple[str, str, str, str]:
        return (self.rule, self.country, self.subject, self.direction.value)


EventRow = tuple[int, str, date, str, str, int | None]  # see event_columns


def event_columns(
    *, events: Iterable[EventRow], dimensions: Iterable[tuple[int, str]]
) -> EventColumns:
    """Columns from rows as a query returns them: events as (key, country code, start date,
    direction, state, impact or None), and their dimensions as (event key, dimension code)."""
    rows = list(events)
    pairs = list(dimensions)
    n = len(rows)

    def column(i: int) -> Iterator[Any]:  # map/itemgetter: several times faster than zip(*rows)
        return map(itemgetter(i), rows)

    unknown = set(column(3)).difference(Direction)
    if unknown:
        raise ValueError(f"event_columns: {sorted(unknown)[0]!r} is not a direction")
    countries, country = _numbered(list(column(1)))
    dimension_codes, entry_dimension = _numbered(list(map(itemgetter(1), pairs)))
    return EventColumns(
        keys=np.fromiter(column(0), np.int64, n),
        country=country,
        countries=countries,
        start=np.fromiter(map(date.toordinal, column(2)), np.int64, n),
        direction=np.fromiter(map(Direction.IMPROVING.__eq__, column(3)), np.int64, n),
        # {None: 0}.get(impact, impact): 0 for no impact, any other impact itself.
        impact=np.fromiter(map({None: 0}.get, column(5), column(5)), np.int64, n),
        verified=np.fromiter(map(EventState.VERIFIED.__eq__, column(4)), np.bool_, n),
        entry_event=np.fromiter(map(itemgetter(0), pairs), np.int64, len(pairs)),
        entry_dimension=entry_dimension,
        dimensions=dimension_codes,
    )


def _numbered(codes: Sequence[str]) -> tuple[tuple[str, ...], np.ndarray]:
    """The distinct codes in order of appearance, and each code's number among them."""
    number = {code: i for i, code in enumerate(dict.fromkeys(codes))}
    return tuple(number), np.fromiter(map(number.__getitem__, codes), np.int64, len(codes))


def _columns_of_facts(events: list[EventFact]) -> EventColumns:
    """Facts as columns, built column by column with `map` and `np.fromiter`, and each distinct
    set of dimensions looked up once: a full pass may be given hundreds of thousands."""
    n = len(events)
    keys = np.fromiter(map(attrgetter("key"), events), np.int64, n)
    countries, country = _numbered(list(map(attrgetter("country"), events)))
    impacts = list(map(attrgetter("impact"), events))
    sets = list(map(attrgetter("dimensions"), events))
    shapes = {shape: i for i, shape in enumerate(dict.fromkeys(sets))}
    dimensions = {d: i for i, d in enumerate(sorted(set().union(*shapes)))}
    # One row a distinct set of dimensions, padded with -1: the pairs are its rows' cells,
    # taken for every event at once.
    width = max(map(len, shapes), default=0)
    cells = np.full((len(shapes), width), -1, dtype=np.int64)
    for shape, row in shapes.items():
        cells[row, : len(shape)] = [dimensions[d] for d in sorted(shape)]
    cells = cells[np.fromiter(map(shapes.__getitem__, sets), np.int64, n)]
    taken = cells >= 0
    return EventColumns(
        keys=keys,
        country=country,
        countries=countries,
        start=np.fromiter(map(date.toordinal, map(attrgetter("start"), events)), np.int64, n),
        direction=np.fromiter(
            map(Direction.IMPROVING.__eq__, map(attrgetter("direction"), events)), np.int64, n
        ),
        impact=np.fromiter(map({None: 0}.get, impacts, impacts), np.int64, n),
        verified=np.fromiter(
            map(EventState.VERIFIED.__eq__, map(attrgetter("state"), events)), np.bool_, n
        ),
        entry_event=keys[np.nonzero(taken)[0]],
        entry_dimension=cells[taken],
        dimensions=tuple(dimensions),
    )


def alerts_proposed(
    *, rules: EarlyWarningRules, events: EventColumns | Iterable[EventFact]
) -> tuple[ProposedAlert, ...]:
    """Every alert the rules propose from the verified events among `events`.

    A trend alert is one run of overlapping windows: each window holds at least N events of one
    country, subject and direction whose dates lie fewer than D days apart, so a long trend is
    one alert, and adding events only extends alerts, never removes one. Facts are turned into
    columns first; a caller reading many events gives columns (`event_columns`) instead.
    """
    if not isinstance(events, EventColumns):
        events = _columns_of_facts([e for e in events if e.state is EventState.VERIFIED])
    table = VerifiedTable(events, rules.principle_of)
    proposed: list[ProposedAlert] = []
    for rule in rules.rules:
        if rule.kind is RuleKind.SINGLE:
            proposed.extend(_single(rule, table))
        else:
            proposed.extend(_trend(rule, table))
    return tuple(proposed)


_DIRECTIONS = (Direction.DETERIORATING, Direction.IMPROVING)  # as EventColumns numbers them
# Group and day share one sortable int64: the group in the high bits, the day ordinal below.
_DAY_BITS = 22


def _single(rule: AlertRule, table: VerifiedTable) -> Iterator[ProposedAlert]:
    hit = np.flatnonzero(table.impact >= rule.impact_at_least)
    countries = np.array(table.countries, dtype=object)[table.country[hit]].tolist()
    directions = np.array(_DIRECTIONS, dtype=object)[table.direction[hit]].tolist()
    days = list(map(date.fromordinal, table.days[hit].tolist()))
    # zip over one list makes the one-key tuples of `events`.
    return map(
        ProposedAlert,
        repeat(rule.code),
        countries,
        directions,
        repeat(""),
        zip(table.keys[hit].tolist()),
        days,
        days,
    )


def _trend(rule: AlertRule, table: VerifiedTable) -> list[ProposedAlert]:
    owner, subject, subjects = table.entries(by_principle=rule.scope is TrendScope.PRINCIPLE)
    if not len(owner):
        return []
    width = len(subjects)
    group = (table.country[owner] * width + subject) * 2 + table.direction[owner]
    combined = (group << _DAY_BITS) | table.days[owner]
    combined, owner = _sorted_pairs(combined, owner)
    once = np.ones(len(owner), dtype=bool)
    once[1:] = (combined[1:] != combined[:-1]) | (owner[1:] != owner[:-1])
    combined, owner = combined[once], owner[once]
    # Each entry closes a window reaching back within_days - 1 days within its own group.
    low = np.searchsorted(combined, combined - (rule.within_days - 1), side="left")
    closing = np.flatnonzero(np.arange(len(combined)) - low + 1 >= rule.events_at_least)
    if not len(closing):
        return []
    starts = low[closing]
    # A run of windows continues while each window reaches back into the one before it.
    new_run = np.ones(len(closing), dtype=bool)
    new_run[1:] = starts[1:] > closing[:-1]
    run_first = np.flatnonzero(new_run)
    run_last = np.append(run_first[1:] - 1, len(closing) - 1)
    firsts, lasts = starts[run_first], closing[run_last]
    # Every run's keys at once, ascending within each run: one sort, not one sort a run.
    lengths = lasts - firsts + 1
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    member = np.arange(offsets[-1]) - np.repeat(offsets[:-1] - firsts, lengths)
    run_of = np.repeat(np.arange(len(firsts)), lengths)
    keys = _sorted_pairs(run_of, table.keys[owner[member]])[1].tolist()
    run_group = combined[firsts] >> _DAY_BITS
    where, direction = np.divmod(run_group, 2)
    country, subject_index = np.divmod(where, width)
    day_mask = (1 << _DAY_BITS) - 1
    countries = list(table.countries)
    return [
        ProposedAlert(
            rule.code,
            countries[c],
            _DIRECTIONS[d],
            subjects[s],
            tuple(keys[o:e]),
            date.fromordinal(f),
            date.fromordinal(la),
        )
        for c, d, s, o, e, f, la in zip(
            country.tolist(),
            direction.tolist(),
            subject_index.tolist(),
            offsets[:-1].tolist(),
            offsets[1:].tolist(),
            (combined[firsts] & day_mask).tolist(),
            (combined[lasts] & day_mask).tolist(),
            strict=True,
        )
    ]


def _sorted_pairs(major: np.ndarray, minor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (major, minor) pairs sorted by major, then minor; `major` is never negative.

    Where both fit, the pairs are packed into one int64 each and sorted as values, several
    times faster than a two-key lexsort (which remains for pairs that do not fit).
    """
    low = int(minor.min())
    bits = (int(minor.max()) - low).bit_length()
    if bits < 63 and int(major.max()) < 1 << (63 - bits):
        packed = (major << bits) | (minor - low)
        packed.sort()
        return packed >> bits, (packed & ((1 << bits) - 1)) + low
    order = np.lexsort((minor, major))
    return major[order], minor[order]


def alerts_touched(
    *, rules: EarlyWarningRules, events: Iterable[EventFact], key: int
) -> tuple[ProposedAlert, ...]:
    """The alerts of `alerts_proposed(rules=rules, events=events)` that hold the event `key`,
    found without evaluating the rest: what verifying that one event can start or grow.

    Only the event's own groups (its country and direction, each dimension or principle it
    touches) are read, each sorted by date once; the run of windows holding the event is then
    found by walking outwards from it with bisection, so the cost follows the run's length, not
    the country's record. Since adding an event only ever extends alerts, the alerts touched by
    each event in turn, each replacing the ones of its identity it overlaps, add up to the full
    evaluation (tests/core/test_early_warning.py checks both).
    """
    events = list(events)
    event = next((e for e in events if e.key == key), None)
    if event is None or event.state is not EventState.VERIFIED:
        return ()
    kin = [
        e
        for e in events
        if e.state is EventState.VERIFIED
        and e.country == event.country
        and e.direction is event.direction
    ]
    proposed: list[ProposedAlert] = []
    for rule in rules.rules:
        if rule.kind is RuleKind.SINGLE:
            if event.impact is not None and event.impact >= rule.impact_at_least:
                proposed.append(
                    ProposedAlert(
                        rule.code,
                        event.country,
                        event.direction,
                        "",
                        (key,),
                        event.start,
                        event.start,
                    )
                )
            continue
        groups: dict[str, list[tuple[int, int]]] = {
            subject: [] for subject in sorted(_subjects(event, rule.scope, rules.principle_of))
        }
        for e in kin:  # one pass: each event into the event's groups it shares
            for subject in _subjects(e, rule.scope, rules.principle_of) & groups.keys():
                groups[subject].append((e.start.toordinal(), e.key))
        for subject, entries in groups.items():
            entries.sort()
            found = _run_holding(entries, (event.start.toordinal(), key), rule)
            if found is not None:
                first, last = found
                proposed.append(
                    ProposedAlert(
                        rule=rule.code,
                        country=event.country,
                        direction=event.direction,
                        subject=subject,
                        events=tuple(sorted(k for _, k in entries[first : last + 1])),
                        first=date.fromordinal(entries[first][0]),
                        last=date.fromordinal(entries[last][0]),
                    )
                )
    return tuple(proposed)


def _subjects(event: EventFact, scope: TrendScope, principle_of: Mapping[str, str]) -> set[str]:
    if scope is TrendScope.DIMENSION:
        return set(event.dimensions)
    return {principle_of[d] for d in event.dimensions if d in principle_of}


def _run_holding(
    entries: Sequence[tuple[int, int]], entry: tuple[int, int], rule: AlertRule
) -> tuple[int, int] | None:
    """The first and last index of the run of windows (as `_trend` joins them) that holds
    `entry` among `entries` (sorted (day, key) pairs of one group), or None if no window does."""
    days = [day for day, _ in entries]
    reach = rule.within_days - 1

    def low(j: int) -> int:  # the first entry of the window that entry j closes
        return bisect_left(days, days[j] - reach)

    def closing(j: int) -> bool:
        return j - low(j) + 1 >= rule.events_at_least

    at = bisect_left(entries, entry)
    # A window closed by j holds `at` when j >= at and j's day is within reach of at's.
    covering = next(
        (j for j in range(at, bisect_right(days, days[at] + reach)) if closing(j)), None
    )
    if covering is None:
        return None
    first = covering
    while True:  # the window before continues the run if this one reaches back into it
        earlier = next((j for j in range(first - 1, low(first) - 1, -1) if closing(j)), None)
        if earlier is None:
            break
        first = earlier
    last = covering
    later = last + 1
    while later < len(days) and low(later) <= last:  # a later window reaching back continues it
        if closing(later):
            last = later
        later += 1
    return low(first), last
