"""A period's verified events as evidence for a dimension's score: which way they clearly point,
which way the score moved, and whether the two disagree (pure; the editorial check words it)."""

from __future__ import annotations

from dataclasses import dataclass

from civicspace.core.early_warning import Direction
from civicspace.core.scoring import round_half_up

# "Clearly one way": enough events that one or two are not a trend (the alert rules' trends also
# start at three), and a large majority, so that a period of mixed news is not read as a
# direction. A 2-to-1 split (67 %) stays below the bar; 3-to-1 (75 %) reaches it.
CLEAR_MINIMUM_EVENTS = 3
CLEAR_MINIMUM_SHARE = 0.75


@dataclass(frozen=True)
class EventTally:
    """How many verified events of a period, tagged to one dimension, point each way."""

    deteriorating: int = 0
    improving: int = 0

    @property
    def total(self) -> int:
        return self.deteriorating + self.improving

    def count(self, direction: Direction) -> int:
        return self.deteriorating if direction is Direction.DETERIORATING else self.improving


def clear_direction(
    tally: EventTally,
    *,
    minimum_events: int = CLEAR_MINIMUM_EVENTS,
    minimum_share: float = CLEAR_MINIMUM_SHARE,
) -> Direction | None:
    """The direction the events clearly point, or None when they are too few or too mixed."""
    if tally.total < minimum_events:
        return None
    for direction in Direction:
        if tally.count(direction) >= minimum_share * tally.total:
            return direction
    return None


def score_move(before: float, now: float) -> Direction | None:
    """Which way a dimension's score moved between two cycles, read as published (one decimal,
    half up): a higher score is a more enabling environment. None: it did not move."""
    before, now = round_half_up(before), round_half_up(now)
    if now > before:
        return Direction.IMPROVING
    if now < before:
        return Direction.DETERIORATING
    return None


@dataclass(frozen=True)
class Disagreement:
    """Events that clearly point one way while the score moved the other way."""

    code: str
    events: Direction
    tally: EventTally
    before: float  # published precision
    now: float


def evidence_disagrees(
    code: str, tally: EventTally, *, before: float | None, now: float | None
) -> Disagreement | None:
    """A disagreement, when the dimension has both scores, its events point clearly one way,
    and the score moved the opposite way (an unchanged score is no disagreement)."""
    if before is None or now is None:
        return None
    pointing = clear_direction(tally)
    moved = score_move(before, now)
    if pointing is None or moved is None or moved is pointing:
        return None
    return Disagreement(code, pointing, tally, round_half_up(before), round_half_up(now))
