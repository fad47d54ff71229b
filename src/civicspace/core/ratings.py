"""Which CIVICUS Monitor rating a cycle uses: the edition's rule, its cut-off date, and the
rating it picks (the latest published on or before the cut-off)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Protocol, TypeVar

from civicspace.core.messages import Message, _


class RatingRule(StrEnum):
    """The date a cycle's rating must be published by (editions name it in `civicus.rating`)."""

    PERIOD_END = "period-end"  # the last day of the reporting period
    PUBLICATION = "publication"  # the day the report is published


class Dated(Protocol):
    @property
    def published_on(self) -> date: ...


RatingT = TypeVar("RatingT", bound=Dated)


def rating_cutoff(rule: RatingRule, *, period_end: date, published_on: date) -> date:
    """The last day a rating may have been published to count for the cycle; `published_on`
    is the report's publication date (for a draft: the day it would be published, today)."""
    return period_end if rule is RatingRule.PERIOD_END else published_on


def rating_chosen(ratings: Iterable[RatingT], cutoff: date) -> RatingT | None:
    """The latest rating published on or before `cutoff` (None if there is none). Of two on
    the same day, the first given wins, so the choice never depends on a sort's whims."""
    chosen: RatingT | None = None
    for rating in ratings:
        if rating.published_on <= cutoff and (
            chosen is None or rating.published_on > chosen.published_on
        ):
            chosen = rating
    return chosen


def rating_rule_words(rule: RatingRule | str) -> Message:
    """The rule in words, for readers (translated by the web layer)."""
    if RatingRule(rule) is RatingRule.PUBLICATION:
        return _(
            "the latest CIVICUS Monitor rating published on or before the report's publication"
        )
    return _(
        "the latest CIVICUS Monitor rating published on or before the end of the reporting period"
    )
