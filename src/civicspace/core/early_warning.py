"""Early warning: events as facts, the impact rubric, and the alert rules' evaluation (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

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


@dataclass(frozen=True)
class ProposedAlert:
    """A rule's finding: which events, in which country, subject and direction.

    `subject` is the dimension or principle code of a trend, or "" for a single event.
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
                for e in verified
                if e.impact is not None and e.impact >= rule.impact_at_least
            )
        else:
            proposed.extend(_trend(rule, table))
    return tuple(proposed)


# Group and day share one sortable int64: the group in the high bits, the day ordinal below.
_DAY_BITS = 22
_DIRECTIONS = (Direction.DETERIORATING, Direction.IMPROVING)


class _Table:
    """The verified events as arrays, one entry per (event, dimension), built once per call."""

    def __init__(self, events: list[EventFact], principle_of: Mapping[str, str]) -> None:
        self.keys = np.array([e.key for e in events], dtype=np.int64)
        self.days = np.array([e.start.toordinal() for e in events], dtype=np.int64)
        self.countries: dict[str, int] = {}
        self.country = np.array(
            [self.countries.setdefault(e.country, len(self.countries)) for e in events],
            dtype=np.int64,
        )
        self.direction = np.array(
            [e.direction is Direction.IMPROVING for e in events], dtype=np.int64
        )
        self.dimensions: dict[str, int] = {}
        flat = [
            self.dimensions.setdefault(d, len(self.dimensions))
            for e in events
            for d in e.dimensions
        ]
        self.entry_dimension = np.array(flat, dtype=np.int64)
        self.entry_owner = np.repeat(
            np.arange(len(events), dtype=np.int64), [len(e.dimensions) for e in events]
        )
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
    countries = list(table.countries)
    proposed = []
    for first, last in zip(starts[run_first].tolist(), closing[run_last].tolist(), strict=True):
        run_group = int(combined[first] >> _DAY_BITS)
        where, direction = divmod(run_group, 2)
        country, subject_index = divmod(where, width)
        proposed.append(
            ProposedAlert(
                rule=rule.code,
                country=countries[country],
                direction=_DIRECTIONS[direction],
                subject=subjects[subject_index],
                events=tuple(np.sort(table.keys[owner[first : last + 1]]).tolist()),
                first=date.fromordinal(int(combined[first] & ((1 << _DAY_BITS) - 1))),
                last=date.fromordinal(int(combined[last] & ((1 << _DAY_BITS) - 1))),
            )
        )
    return proposed
