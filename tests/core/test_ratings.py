"""Which CIVICUS rating a cycle uses: the edition's rule, its cut-off and the rating it picks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.framework import FrameworkError, edition_from_mapping, load_edition
from civicspace.core.ratings import (
    RatingRule,
    rating_chosen,
    rating_cutoff,
    rating_rule_words,
)


@dataclass(frozen=True)
class Rating:
    published_on: date
    score: float = 30.0


PERIOD_END = date(2025, 8, 31)
PUBLISHED = date(2025, 11, 20)


def test_the_period_end_rule_cuts_off_at_the_last_day_of_the_reporting_period():
    cutoff = rating_cutoff(RatingRule.PERIOD_END, period_end=PERIOD_END, published_on=PUBLISHED)
    assert cutoff == PERIOD_END


def test_the_publication_rule_cuts_off_at_the_day_the_report_is_published():
    cutoff = rating_cutoff(RatingRule.PUBLICATION, period_end=PERIOD_END, published_on=PUBLISHED)
    assert cutoff == PUBLISHED


def test_a_rating_published_between_period_end_and_publication_counts_only_under_publication():
    before, between = Rating(date(2024, 12, 4), 30), Rating(date(2025, 10, 1), 35)
    ratings = [between, before]
    by_period = rating_cutoff(RatingRule.PERIOD_END, period_end=PERIOD_END, published_on=PUBLISHED)
    by_publication = rating_cutoff(
        RatingRule.PUBLICATION, period_end=PERIOD_END, published_on=PUBLISHED
    )
    assert rating_chosen(ratings, by_period) is before
    assert rating_chosen(ratings, by_publication) is between


def test_a_rating_published_on_the_cutoff_day_counts():
    on_the_day = Rating(PERIOD_END)
    assert rating_chosen([on_the_day], PERIOD_END) is on_the_day


def test_no_rating_before_the_cutoff_gives_none():
    assert rating_chosen([Rating(PERIOD_END + timedelta(days=1))], PERIOD_END) is None
    assert rating_chosen([], PERIOD_END) is None


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


@given(st.lists(days.map(Rating), max_size=12), days)
def test_the_chosen_rating_is_never_after_the_cutoff_and_is_the_latest_such(ratings, cutoff):
    chosen = rating_chosen(ratings, cutoff)
    eligible = [r for r in ratings if r.published_on <= cutoff]
    if not eligible:
        assert chosen is None
        return
    assert chosen is not None
    assert chosen.published_on <= cutoff
    assert all(r.published_on <= chosen.published_on for r in eligible)


@given(st.lists(days.map(Rating), max_size=12), days)
def test_the_choice_does_not_depend_on_the_order_ratings_come_in(ratings, cutoff):
    forwards, backwards = rating_chosen(ratings, cutoff), rating_chosen(ratings[::-1], cutoff)
    assert (forwards and forwards.published_on) == (backwards and backwards.published_on)


@given(days, days)
def test_every_rule_gives_a_cutoff_the_report_could_know(period_end, published_on):
    for rule in RatingRule:
        cutoff = rating_cutoff(rule, period_end=period_end, published_on=published_on)
        assert cutoff in (period_end, published_on)


def test_the_2025_edition_names_its_rule():
    assert load_edition("eusee-2025").civicus.rating_rule is RatingRule.PERIOD_END


def test_an_edition_without_a_rule_uses_the_period_end_and_an_unknown_rule_is_refused():
    text = resources.files("civicspace.frameworks").joinpath("eusee-2025.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    del raw["civicus"]["rating"]
    assert edition_from_mapping(raw).civicus.rating_rule is RatingRule.PERIOD_END
    raw["civicus"]["rating"] = "publication"
    assert edition_from_mapping(raw).civicus.rating_rule is RatingRule.PUBLICATION
    raw["civicus"]["rating"] = "whenever"
    with pytest.raises(FrameworkError, match=r"civicus\.rating: 'whenever'"):
        edition_from_mapping(raw)


def test_the_rule_reads_in_words():
    assert "end of the reporting period" in str(rating_rule_words("period-end"))
    assert "report's publication" in str(rating_rule_words(RatingRule.PUBLICATION))
