"""Due dates of a cycle's stages: which date applies, their order, what is overdue or near."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import combinations

from civicspace.core.messages import MessageError, _
from civicspace.core.workflow import State


class Stage(StrEnum):
    """The three dated stages of a cycle, in the order they happen."""

    SUBMISSION = "submission"
    REVIEW = "review"
    PUBLICATION = "publication"


STAGES = (Stage.SUBMISSION, Stage.REVIEW, Stage.PUBLICATION)

STAGE_WORDS = {
    Stage.SUBMISSION: _("submission"),
    Stage.REVIEW: _("review"),
    Stage.PUBLICATION: _("publication"),
}

# The states in which a stage is done. A cycle sent back for changes was submitted (what is
# pending is the review round); a report reopened for a correction counts as not yet reviewed
# or published again.
_DONE_IN = {
    Stage.SUBMISSION: frozenset(
        {
            State.SUBMITTED,
            State.IN_REVIEW,
            State.CHANGES_REQUESTED,
            State.APPROVED,
            State.PUBLISHED,
        }
    ),
    Stage.REVIEW: frozenset({State.APPROVED, State.PUBLISHED}),
    Stage.PUBLICATION: frozenset({State.PUBLISHED}),
}


@dataclass(frozen=True)
class DueDates:
    """A date per stage; None where none is set."""

    submission: date | None = None
    review: date | None = None
    publication: date | None = None

    def of(self, stage: Stage) -> date | None:
        due: date | None = getattr(self, stage.value)
        return due

    def overridden_by(self, override: DueDates) -> DueDates:
        """The dates that apply: each of `override`'s where it has one, else this one's."""
        return DueDates(*(override.of(s) or self.of(s) for s in STAGES))


@dataclass(frozen=True)
class DueItem:
    stage: Stage
    due: date


class DueDateError(MessageError, ValueError):
    """Due dates out of order; the message says which, in the reader's terms."""


def stage_done(stage: Stage, state: State) -> bool:
    return state in _DONE_IN[stage]


def due_dates_check(dates: DueDates) -> None:
    """Refuse dates whose stages would come out of order (a review due before the submission)."""
    # Every pair, not only neighbours: a review date left unset still leaves two to compare.
    for earlier, later in combinations(STAGES, 2):
        first, second = dates.of(earlier), dates.of(later)
        if first is not None and second is not None and second < first:
            raise DueDateError(
                _(
                    "The %(later)s due date (%(second)s) is before the %(earlier)s due date"
                    " (%(first)s): each stage is due on or after the one before it.",
                    later=STAGE_WORDS[later],
                    second=second.isoformat(),
                    earlier=STAGE_WORDS[earlier],
                    first=first.isoformat(),
                )
            )


def overdue(dates: DueDates, state: State, today: date) -> list[DueItem]:
    """Stages whose due date has passed (before `today`) and that the cycle has not done."""
    return [
        DueItem(stage, due)
        for stage in STAGES
        if (due := dates.of(stage)) is not None and due < today and not stage_done(stage, state)
    ]


def due_within(dates: DueDates, state: State, today: date, days: int) -> list[DueItem]:
    """Stages not done whose due date is today or in the next `days` days."""
    if days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    return [
        DueItem(stage, due)
        for stage in STAGES
        if (due := dates.of(stage)) is not None
        and 0 <= (due - today).days <= days
        and not stage_done(stage, state)
    ]
