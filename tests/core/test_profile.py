"""A cycle's six-principle profile from plain inputs."""

from datetime import date

import pytest

from civicspace.core.framework import PrincipleSource, load_edition
from civicspace.core.profile import CivicusInput, cycle_profile

EDITION = load_edition("eusee-2025")
ALL_THREES = {code: 3.0 for code in EDITION.panel_dimensions}
RATING = CivicusInput(score=30, category="repressed", published_on=date(2024, 12, 4))


def test_principle_one_comes_from_the_rebased_rating():
    p1 = cycle_profile(EDITION, ALL_THREES, RATING)[0]
    assert p1.source is PrincipleSource.CIVICUS
    assert p1.published == 2.2
    assert p1.label == "disabling"
    assert p1.civicus == RATING


def test_panel_principles_aggregate_their_dimensions():
    scores = {**ALL_THREES, "4.1": 2.5, "4.2": 2.6, "4.3": 3.0}
    p4 = cycle_profile(EDITION, scores, RATING)[3]
    assert p4.published == 2.7
    assert [d.value for d in p4.dimensions] == [2.5, 2.6, 3.0]


def test_without_a_rating_principle_one_has_no_score():
    p1 = cycle_profile(EDITION, ALL_THREES, None)[0]
    assert p1.value is None
    assert p1.label is None


def test_an_unscored_dimension_leaves_its_principle_without_score():
    scores = dict(ALL_THREES)
    del scores["5.2"]
    p5 = cycle_profile(EDITION, scores, RATING)[4]
    assert p5.value is None
    assert p5.score.missing == ("5.2",)


def test_a_rating_whose_category_contradicts_its_score_is_refused():
    with pytest.raises(ValueError, match="falls in category 'repressed', not 'open'"):
        cycle_profile(EDITION, ALL_THREES, CivicusInput(30, "open", date(2024, 12, 4)))


def test_scores_for_principle_one_dimensions_are_refused():
    with pytest.raises(ValueError, match=r"does not score.*1\.1"):
        cycle_profile(EDITION, {**ALL_THREES, "1.1": 3.0}, RATING)
