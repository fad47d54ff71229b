"""Rebasing, aggregation, rounding and labels, with property tests for the aggregation maths."""

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.framework import MissingDimensionRule, load_edition
from civicspace.core.scoring import (
    aggregate_principles,
    civicus_category,
    off_scale,
    principle_score,
    published_text,
    rebase_civicus,
    round_half_up,
    scale_band,
)

EDITION = load_edition("eusee-2025")
REFUSE, RENORMALISE = MissingDimensionRule.REFUSE, MissingDimensionRule.RENORMALISE

scores = st.floats(min_value=1, max_value=5, allow_nan=False)
weights = st.floats(min_value=0.01, max_value=100, allow_nan=False)


def test_one_rule_says_what_is_off_the_scale():
    scale = load_edition("eusee-2025").scale
    assert off_scale(1, scale) is None
    assert off_scale("5.00", scale) is None
    assert str(off_scale(Decimal("6.50"), scale)) == "6.5 is outside the scale 1-5"
    assert str(off_scale(0.99, scale)) == "0.99 is outside the scale 1-5"
    with pytest.raises(ValueError, match=r"^0\.5 is outside the scale 1-5$"):
        scale_band(0.5, scale)


def test_kazakhstan_civicus_score_30_rebases_to_2_2():
    assert round_half_up(rebase_civicus(30, EDITION.civicus)) == 2.2
    assert civicus_category(30, EDITION.civicus) == "repressed"


def test_rebasing_follows_the_configured_points():
    assert rebase_civicus(0, EDITION.civicus) == pytest.approx(1.0)
    assert rebase_civicus(100, EDITION.civicus) == pytest.approx(5.0)
    assert rebase_civicus(50, EDITION.civicus) == pytest.approx(3.0)
    np.testing.assert_allclose(rebase_civicus(np.array([25.0, 75.0]), EDITION.civicus), [2, 4])


@pytest.mark.parametrize("bad", [-1, 100.5, math.nan])
def test_rebasing_refuses_scores_outside_0_100(bad):
    with pytest.raises(ValueError, match="within 0-100"):
        rebase_civicus(bad, EDITION.civicus)


@pytest.mark.parametrize(
    ("score", "category"),
    [
        (0, "closed"),
        (20, "closed"),
        (21, "repressed"),
        (40, "repressed"),
        (41, "obstructed"),
        (60, "obstructed"),
        (61, "narrowed"),
        (80, "narrowed"),
        (81, "open"),
        (100, "open"),
    ],
)
def test_civicus_category_bands(score, category):
    assert civicus_category(score, EDITION.civicus) == category


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2.25, 2.3), (2.35, 2.4), (2.45, 2.5), (2.65, 2.7), (2.24999, 2.2), (1.05, 1.1), (4.95, 5.0)],
)
def test_rounding_is_half_up_not_bankers(value, expected):
    assert round_half_up(value) == expected


def test_rounding_ignores_float_noise_of_a_mean():
    noisy = (2.6 + 2.7) / 2  # 2.6500000000000004 or 2.6499999999999995 depending on order
    assert round_half_up(noisy) == 2.7
    assert round_half_up(2.6499999999999995) == 2.7


@given(st.floats(min_value=-5, max_value=5, allow_nan=False), st.sampled_from([".", ","]))
def test_published_text_is_the_half_up_rounding_with_the_readers_mark(value, mark):
    text = published_text(value, mark)
    assert float(text.replace(mark, ".")) == round_half_up(value)
    assert text.count(mark) == 1
    assert len(text.split(mark)[1]) == 1  # always one decimal, "3.0" not "3"
    signed = published_text(value, mark, signed=True)
    assert signed[0] in "+-"
    assert signed.lstrip("+") == text


@given(st.integers(min_value=10, max_value=49))
def test_every_half_step_rounds_up(tenths):
    assert round_half_up(tenths / 10 + 0.05) == pytest.approx((tenths + 1) / 10)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1.0, "fully disabling"),
        (1.44, "fully disabling"),
        (1.45, "disabling"),
        (2.2, "disabling"),
        (2.45, "partially enabling"),
        (2.7, "partially enabling"),
        (3.3, "partially enabling"),
        (3.5, "enabling"),
        (4.5, "fully enabling"),
        (5.0, "fully enabling"),
    ],
)
def test_labels_follow_the_published_value(value, label):
    assert scale_band(value, EDITION.scale).label == label


def test_label_refuses_values_off_the_scale():
    with pytest.raises(ValueError, match="outside the scale 1-5"):
        scale_band(5.2, EDITION.scale)


def test_principle_score_is_the_weighted_mean():
    result = principle_score({"a": 2.0, "b": 4.0}, {"a": 3.0, "b": 1.0}, REFUSE)
    assert result.value == pytest.approx(2.5)
    assert (result.missing, result.renormalised) == ((), False)


def test_missing_dimension_refused_under_refuse():
    result = principle_score({"a": 2.0, "b": None}, {"a": 1.0, "b": 1.0, "c": 1.0}, REFUSE)
    assert result.value is None
    assert result.missing == ("b", "c")
    assert result.published is None


def test_missing_dimension_renormalised_and_flagged():
    result = principle_score({"a": 2.0, "b": 3.0}, {"a": 1.0, "b": 1.0, "c": 2.0}, RENORMALISE)
    assert result.value == pytest.approx(2.5)
    assert result.renormalised
    assert result.missing == ("c",)


def test_no_scores_at_all_gives_no_value_under_either_rule():
    for rule in (REFUSE, RENORMALISE):
        assert principle_score({}, {"a": 1.0}, rule).value is None


def test_scores_for_other_dimensions_are_an_error_not_ignored():
    with pytest.raises(ValueError, match="outside this principle"):
        principle_score({"a": 2.0, "z": 5.0}, {"a": 1.0}, REFUSE)


@given(st.lists(st.tuples(scores, weights), min_size=1, max_size=8))
def test_aggregation_stays_within_the_inputs_and_the_scale(pairs):
    values = np.array([v for v, _ in pairs])
    result = aggregate_principles(values, [w for _, w in pairs], REFUSE)[0]
    assert values.min() - 1e-9 <= result <= values.max() + 1e-9
    assert 1 - 1e-9 <= result <= 5 + 1e-9


@given(scores, st.lists(weights, min_size=1, max_size=8))
def test_equal_inputs_give_that_value_back(value, ws):
    result = aggregate_principles(np.full(len(ws), value), ws, REFUSE)[0]
    assert result == pytest.approx(value)


@given(st.lists(st.tuples(scores, weights), min_size=2, max_size=8), st.randoms())
def test_permuting_dimensions_changes_nothing(pairs, rnd):
    shuffled = list(pairs)
    rnd.shuffle(shuffled)
    a = aggregate_principles(np.array([v for v, _ in pairs]), [w for _, w in pairs], REFUSE)
    b = aggregate_principles(np.array([v for v, _ in shuffled]), [w for _, w in shuffled], REFUSE)
    assert a[0] == pytest.approx(b[0])


@given(
    st.lists(st.tuples(scores, weights), min_size=1, max_size=8),
    st.floats(min_value=0.001, max_value=1000),
)
def test_scaling_all_weights_changes_nothing(pairs, factor):
    values = np.array([v for v, _ in pairs])
    ws = [w for _, w in pairs]
    a = aggregate_principles(values, ws, REFUSE)[0]
    b = aggregate_principles(values, [w * factor for w in ws], REFUSE)[0]
    assert a == pytest.approx(b)


@given(st.lists(st.one_of(scores, st.none()), min_size=1, max_size=6))
def test_renormalising_equals_the_mean_of_what_is_there(values):
    ws = {str(i): 1.0 for i in range(len(values))}
    result = principle_score(dict(zip(ws, values, strict=True)), ws, RENORMALISE)
    present = [v for v in values if v is not None]
    if present:
        assert result.value == pytest.approx(sum(present) / len(present))
    else:
        assert result.value is None


def test_vectorised_rows_match_one_at_a_time():
    rng = np.random.default_rng(1)
    matrix = rng.uniform(1, 5, size=(50, 3))
    matrix[::7, 1] = np.nan
    ws = [0.2, 0.5, 0.3]
    batch = aggregate_principles(matrix, ws, RENORMALISE)
    for row, value in zip(matrix, batch, strict=True):
        single = principle_score(
            {str(i): None if np.isnan(v) else v for i, v in enumerate(row)},
            {str(i): w for i, w in enumerate(ws)},
            RENORMALISE,
        )
        assert single.value == pytest.approx(value)
