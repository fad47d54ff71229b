"""Early warning: events as facts, the impact rubric, and the alert rules' evaluation (pure)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import NamedTuple

import numpy as np

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


def alerts_proposed(
    *, rules: EarlyWarningRules, events: Iterable[EventFact]
) -> tuple[ProposedAlert, ...]:
    """Every alert the rules propose from the verified events among `events`.

    A trend alert is one run of overlapping windows: each window holds at least N events of one
    country, subject and direction whose dates lie fewer than D days apart, so a long trend is
    one alert, and adding events only extends alerts, never removes one.
    """
    verified = [e for e in events if e.state is EventState.VERIFIED]
    table = _Table(verified, rules.principle_of)
    proposed: list[ProposedAlert] = []
    for rule in rules.rules:
        if rule.kind is RuleKind.SINGLE:
            proposed.extend(
                ProposedAlert(rule.code, e.country, e.direction, "", (e.key,), e.start, e.start)
                for e in map(
                    verified.__getitem__,
                    np.flatnonzero(table.impact >= rule.impact_at_least).tolist(),
                )
            )
        else:
            proposed.extend(_trend(rule, table))
    return tuple(proposed)


# Group and day share one sortable int64: the group in the high bits, the day ordinal below.
_DAY_BITS = 22
_DIRECTIONS = (Direction.DETERIORATING, Direction.IMPROVING)


class _Table:
    """The verified events as arrays, one entry per (event, dimension), built once per call.

    Built column by column with `map` and `np.fromiter`, and each distinct set of dimensions
    looked up once: a full pass reads hundreds of thousands of events.
    """

    def __init__(self, events: list[EventFact], principle_of: Mapping[str, str]) -> None:
        n = len(events)
        self.keys = np.fromiter(map(attrgetter("key"), events), np.int64, n)
        starts = map(attrgetter("start"), events)
        self.days = np.fromiter(map(date.toordinal, starts), np.int64, n)
        self.impact = np.fromiter(
            (0 if i is None else i for i in map(attrgetter("impact"), events)), np.int64, n
        )
        countries = list(map(attrgetter("country"), events))
        self.countries = {c: i for i, c in enumerate(dict.fromkeys(countries))}
        self.country = np.fromiter(map(self.countries.__getitem__, countries), np.int64, n)
        directions = map(attrgetter("direction"), events)
        self.direction = np.fromiter(map(Direction.IMPROVING.__eq__, directions), np.int64, n)
        sets = list(map(attrgetter("dimensions"), events))
        shapes = {shape: i for i, shape in enumerate(dict.fromkeys(sets))}
        self.dimensions = {d: i for i, d in enumerate(sorted(set().union(*shapes)))}
        # One row a distinct set of dimensions, padded with -1: the entries are its rows'
        # cells, taken for every event at once.
        width = max(map(len, shapes), default=0)
        rows = np.full((len(shapes), width), -1, dtype=np.int64)
        for shape, row in shapes.items():
            rows[row, : len(shape)] = [self.dimensions[d] for d in sorted(shape)]
        cells = rows[np.fromiter(map(shapes.__getitem__, sets), np.int64, n)]
        taken = cells >= 0
        self.entry_dimension = cells[taken]
        self.entry_owner = np.nonzero(taken)[0]
        self.principles = sorted(set(principle_of.values()))
        self.principle_of_dimension = np.array(
            [
                self.principles.index(principle_of[d]) if d in principle_of else -1
                for d in self.dimensions
            ],
            dtype=np.int64,
        )

    def entries(self, scope: TrendScope) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(owner, subject) per entry and the subjects' codes; an event touching two dimensions
        of one principle gives that principle twice (`_trend` counts it once)."""
        if scope is TrendScope.DIMENSION:
            return self.entry_owner, self.entry_dimension, list(self.dimensions)
        if not len(self.entry_dimension):
            return self.entry_owner, self.entry_dimension, self.principles
        subject = self.principle_of_dimension[self.entry_dimension]
        known = subject >= 0
        return self.entry_owner[known], subject[known], self.principles


def _trend(rule: AlertRule, table: _Table) -> list[ProposedAlert]:
    owner, subject, subjects = table.entries(rule.scope)
    if not len(owner):
        return []
    width = len(subjects)
    group = (table.country[owner] * width + subject) * 2 + table.direction[owner]
    combined = (group << _DAY_BITS) | table.days[owner]
    order = np.lexsort((owner, combined))
    combined, owner = combined[order], owner[order]
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
    # Every run's keys at once, ascending within each run: one lexsort, not one sort a run.
    lengths = lasts - firsts + 1
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    member = np.arange(offsets[-1]) - np.repeat(offsets[:-1] - firsts, lengths)
    run_of = np.repeat(np.arange(len(firsts)), lengths)
    keys = table.keys[owner[member]]
    keys = keys[np.lexsort((keys, run_of))].tolist()
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
