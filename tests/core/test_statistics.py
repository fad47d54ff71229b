"""Panel consolidation: summaries, bootstrap intervals, agreement and dissent."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from civicspace.core.framework import load_edition
from civicspace.core.statistics import (
    agreed_differs_from_panel,
    bootstrap_means,
    ordinal_agreement,
    panel_statistics,
    panel_statistics_from_json,
    panel_statistics_to_json,
)

EDITION = load_edition("eusee-2025")
CODES = list(EDITION.panel_dimensions)
WEIGHTS = {p.code: p.weights for p in EDITION.principles if p.code != "P1"}

panels = arrays(
    np.float64,
    st.tuples(st.integers(2, 9), st.just(len(CODES))),
    elements=st.sampled_from([1.0, 2.0, 2.5, 3.0, 4.0, 5.0]),
)


def stats(scores, **kwargs):
    scores = np.asarray(scores, dtype=float)
    return panel_statistics(scores, CODES, WEIGHTS, resamples=400, **kwargs)


def test_summary_of_one_dimension():
    scores = np.full((4, 15), 3.0)
    scores[:, 0] = [1, 2, 3, 5]
    summary = stats(scores).dimensions["2.1"]
    assert (summary.n, summary.mean, summary.median) == (4, 2.75, 2.5)
    assert (summary.minimum, summary.maximum) == (1, 5)
    assert summary.dissent
    assert not stats(scores).dimensions["2.2"].dissent


def test_dissent_starts_at_two_points_apart():
    scores = np.full((3, 15), 3.0)
    scores[:, 0] = [2, 3, 3.5]
    scores[:, 1] = [2, 3, 4]
    result = stats(scores).dimensions
    assert not result["2.1"].dissent
    assert result["2.2"].dissent


def test_unanimous_panel_has_a_point_interval_and_no_agreement_figure():
    result = stats(np.full((5, 15), 4.0))
    interval = result.principles["P3"].interval
    assert (interval.low, interval.high) == (4.0, 4.0)
    assert result.agreement is None  # undefined without any variation


def test_missing_panelist_scores_are_left_out():
    scores = np.full((3, 15), 3.0)
    scores[0, 0] = np.nan
    scores[1, 0] = 5.0
    summary = stats(scores).dimensions["2.1"]
    assert (summary.n, summary.mean) == (2, 4.0)


def test_a_dimension_nobody_scored_leaves_its_principle_without_interval():
    scores = np.full((3, 15), 3.0)
    scores[:, CODES.index("4.2")] = np.nan
    result = stats(scores)
    assert result.dimensions["4.2"].mean is None
    assert result.principles["P4"].mean is None
    assert result.principles["P4"].interval is None
    assert result.principles["P5"].interval is not None


def test_perfect_agreement_and_disagreement():
    ranks = np.tile(np.array([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5], dtype=float), (4, 1))
    assert ordinal_agreement(ranks) == pytest.approx(1.0)
    reversed_ = ranks.copy()
    reversed_[1] = 6 - reversed_[1]
    assert ordinal_agreement(reversed_) < 0.2


def test_agreement_is_undefined_when_only_unshared_dimensions_differ():
    # Both panelists gave 2 where both scored; the 3 sits in a dimension only one scored.
    panel = np.array([[2.0, 3.0], [2.0, np.nan]])
    assert ordinal_agreement(panel) is None


def test_agreement_needs_two_panelists():
    assert ordinal_agreement(np.array([[1.0, 2.0, 3.0]])) is None


def test_agreed_score_far_from_the_mean():
    mean = stats(np.full((3, 15), 3.0)).dimensions["2.1"].mean
    assert agreed_differs_from_panel(3.8, mean, tolerance=0.5)
    assert not agreed_differs_from_panel(3.4, mean, tolerance=0.5)
    assert not agreed_differs_from_panel(4.5, None, tolerance=0.5)  # no panelist scores


def test_the_seed_makes_figures_reproducible():
    rng = np.random.default_rng(3)
    scores = rng.integers(1, 6, size=(8, 15)).astype(float)
    assert stats(scores, seed=7) == stats(scores, seed=7)


def test_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="14 score columns but 15 dimensions"):
        panel_statistics(np.ones((3, 14)), CODES, WEIGHTS)


@settings(max_examples=40, deadline=None)
@given(panels)
def test_intervals_lie_within_what_the_panelists_gave(scores):
    result = stats(scores)
    dims = result.dimensions
    for code, summary in dims.items():
        low, high = summary.interval.low, summary.interval.high
        assert summary.minimum - 1e-9 <= low <= high <= summary.maximum + 1e-9, code
    for code, principle in result.principles.items():
        weights = WEIGHTS[code]
        floor = sum(w * dims[d].minimum for d, w in weights.items())
        ceiling = sum(w * dims[d].maximum for d, w in weights.items())
        assert floor - 1e-9 <= principle.interval.low <= principle.interval.high <= ceiling + 1e-9


@settings(max_examples=40, deadline=None)
@given(panels, st.randoms())
def test_permuting_panelists_never_changes_a_result(scores, rnd):
    order = list(range(len(scores)))
    rnd.shuffle(order)
    assert stats(scores) == stats(scores[order])


@settings(max_examples=20, deadline=None)
@given(panels)
def test_bootstrap_means_are_means_of_actual_scores(scores):
    boot = bootstrap_means(scores, resamples=50, seed=0)
    assert boot.shape == (50, scores.shape[1])
    assert np.all(boot >= scores.min(axis=0) - 1e-9)
    assert np.all(boot <= scores.max(axis=0) + 1e-9)


@settings(max_examples=30)
@given(panels)
def test_stored_figures_read_back_as_the_statistics_they_were_written_from(scores):
    computed = stats(scores)
    stored = json.loads(json.dumps(panel_statistics_to_json(computed)))
    read = panel_statistics_from_json(
        stored, resamples=computed.resamples, level=0.9, agreement=computed.agreement
    )
    assert read == computed
