"""The early-warning rules: shipped data loads, the rubric combines, and alerts follow the rules."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.early_warning import (
    AlertRule,
    Direction,
    EarlyWarningError,
    EventFact,
    EventState,
    ProposedAlert,
    RuleKind,
    TrendScope,
    alerts_proposed,
    alerts_touched,
    event_columns,
)
from civicspace.core.early_warning_rules import load_rules, rules_from_mapping
from civicspace.core.event_columns import EventColumns
from civicspace.core.framework import FrameworkError

RULES = load_rules("eusee-2025")
DAY0 = date(2025, 1, 1)


def shipped_raw() -> dict[str, Any]:
    import civicspace.frameworks

    path = Path(civicspace.frameworks.__file__).parent / "early-warning" / "eusee-2025.yaml"
    return dict(yaml.safe_load(path.read_text()))


def trend_only(events_at_least: int, within_days: int, scope=TrendScope.DIMENSION):
    rule = AlertRule(
        code="trend",
        name="trend",
        kind=RuleKind.TREND,
        scope=scope,
        events_at_least=events_at_least,
        within_days=within_days,
    )
    return dataclasses.replace(RULES, rules=(rule,))


def event(key, day, *, dims=("3.1",), direction=Direction.DETERIORATING, country="KZ", **kw):
    fields: dict[str, Any] = {"state": EventState.VERIFIED, "impact": 2, **kw}
    return EventFact(
        key=key,
        country=country,
        start=DAY0 + timedelta(days=day),
        dimensions=frozenset(dims),
        direction=direction,
        **fields,
    )


def test_the_shipped_rules_name_every_kind_and_map_dimensions_to_principles():
    assert {r.kind for r in RULES.rules} == {RuleKind.SINGLE, RuleKind.TREND}
    assert RULES.principle_of["3.2"] == "P3"
    assert len(RULES.principle_of) == 18
    assert RULES.event_type("assembly-banned").direction == "deteriorating"


@pytest.mark.parametrize(
    ("change", "place"),
    [
        (lambda raw: raw["rules"][0].update(kind="sometimes"), "rule single-high-impact.kind"),
        (lambda raw: raw["rules"][1].update(within_days=0), "rule dimension-trend.within_days"),
        (lambda raw: raw["rules"][0].update(impact_at_least=6), "impact_at_least: 6"),
        (lambda raw: raw["impact_rubric"].update(combine="max"), "impact_rubric.combine"),
        (lambda raw: raw["event_types"].append(raw["event_types"][0]), "used twice"),
        (lambda raw: raw.update(edition="eusee-1999"), "eusee-1999"),
    ],
)
def test_malformed_rules_are_refused_naming_the_place(change, place):
    raw = copy.deepcopy(shipped_raw())
    change(raw)
    with pytest.raises(FrameworkError, match=place):
        rules_from_mapping(raw)


def test_rules_beside_an_unknown_edition_are_refused():
    with pytest.raises(FrameworkError, match="eusee-1999"):
        load_rules("eusee-1999")


@pytest.mark.parametrize(
    ("answers", "impact"),
    [
        ({"scale": 1, "scope": 1, "irreversibility": 1}, 1),
        ({"scale": 3, "scope": 2, "irreversibility": 2}, 2),
        ({"scale": 2, "scope": 3, "irreversibility": 3}, 3),  # 2.67 rounds to 3
        ({"scale": 5, "scope": 1, "irreversibility": 1}, 4),  # floored by the highest answer
    ],
)
def test_impact_is_the_rounded_mean_never_below_the_highest_answer_minus_one(answers, impact):
    assert RULES.rubric.impact(answers) == impact


@pytest.mark.parametrize(
    ("answers", "problem"),
    [({"scale": 3, "scope": 3}, "Irreversibility"), ({"scale": 6, "scope": 3}, "not 6")],
)
def test_missing_or_off_scale_rubric_answers_are_refused(answers, problem):
    answers = {"irreversibility": 3, **answers} if problem != "Irreversibility" else answers
    with pytest.raises(EarlyWarningError, match=problem):
        RULES.rubric.impact(answers)


def test_one_high_impact_event_proposes_an_alert_of_its_own():
    alerts = alerts_proposed(rules=RULES, events=[event(7, 0, impact=4), event(8, 0, impact=3)])
    singles = [a for a in alerts if a.rule == "single-high-impact"]
    assert [(a.events, a.subject) for a in singles] == [((7,), "")]


def test_three_events_within_ninety_days_make_a_dimension_trend():
    events = [event(1, 0), event(2, 40), event(3, 89)]
    alerts = alerts_proposed(rules=RULES, events=events)
    trend = [a for a in alerts if a.rule == "dimension-trend"]
    assert [(a.country, a.subject, a.events) for a in trend] == [("KZ", "3.1", (1, 2, 3))]
    assert (trend[0].first, trend[0].last) == (DAY0, DAY0 + timedelta(days=89))


def test_ninety_days_apart_is_outside_the_window():
    events = [event(1, 0), event(2, 40), event(3, 90)]
    assert alerts_proposed(rules=RULES, events=events) == ()


def test_a_principle_trend_counts_an_event_once_however_many_of_its_dimensions_it_touches():
    rules = trend_only(2, 30, TrendScope.PRINCIPLE)
    assert alerts_proposed(rules=rules, events=[event(1, 0, dims=("3.1", "3.2"))]) == ()
    alerts = alerts_proposed(
        rules=rules, events=[event(1, 0, dims=("3.1",)), event(2, 5, dims=("3.3",))]
    )
    assert [(a.subject, a.events) for a in alerts] == [("P3", (1, 2))]


def test_overlapping_windows_are_one_alert_and_separate_ones_two():
    rules = trend_only(2, 10)
    alerts = alerts_proposed(
        rules=rules, events=[event(k, d) for k, d in enumerate([0, 5, 12, 40, 45])]
    )
    assert [a.events for a in alerts] == [(0, 1, 2), (3, 4)]


def test_an_event_bridging_two_trends_touches_one_alert_holding_both():
    rules = trend_only(2, 10)
    apart = [event(k, d) for k, d in enumerate([0, 5, 20, 25])]
    assert [a.events for a in alerts_proposed(rules=rules, events=apart)] == [(0, 1), (2, 3)]
    touched = alerts_touched(rules=rules, events=[*apart, event(9, 12)], key=9)
    assert [a.events for a in touched] == [(0, 1, 2, 3, 9)]
    assert alerts_touched(rules=rules, events=[*apart, event(8, 60)], key=8) == ()


# Properties over generated event sets: a handful of countries, dimensions and days, so groups
# and windows collide often.
facts = st.builds(
    EventFact,
    key=st.integers(0, 10_000),
    country=st.sampled_from(["KZ", "GE"]),
    start=st.integers(0, 120).map(lambda d: DAY0 + timedelta(days=d)),
    dimensions=st.frozensets(st.sampled_from(["1.1", "3.1", "3.2", "5.2"]), min_size=1, max_size=2),
    direction=st.sampled_from(Direction),
    state=st.sampled_from(EventState),
    impact=st.one_of(st.none(), st.integers(1, 5)),
)
event_sets = st.lists(facts, max_size=25, unique_by=lambda e: e.key)
trend_rules = st.builds(
    trend_only,
    st.integers(1, 4),
    st.integers(1, 60),
    st.sampled_from(TrendScope),
)


def _covered(old: ProposedAlert, new: tuple[ProposedAlert, ...]) -> bool:
    return any(a.identity == old.identity and set(old.events) <= set(a.events) for a in new)


@given(rules=trend_rules, events=event_sets, extra=facts)
def test_adding_an_event_never_removes_a_trend_alert(rules, events, extra):
    extra = dataclasses.replace(extra, key=10_001)
    before = alerts_proposed(rules=rules, events=events)
    after = alerts_proposed(rules=rules, events=[*events, extra])
    assert all(_covered(alert, after) for alert in before)


@given(rules=trend_rules, events=event_sets)
def test_every_trend_alert_holds_a_window_of_enough_events_of_one_direction(rules, events):
    rule = rules.rules[0]
    by_key = {e.key: e for e in events}
    for alert in alerts_proposed(rules=rules, events=events):
        members = [by_key[k] for k in alert.events]
        assert {e.direction for e in members} == {alert.direction}
        assert {e.country for e in members} == {alert.country}
        assert all(e.state is EventState.VERIFIED for e in members)
        days = sorted(e.start for e in members)
        assert any(
            (days[i + rule.events_at_least - 1] - days[i]).days < rule.within_days
            for i in range(len(days) - rule.events_at_least + 1)
        )


@given(rules=trend_rules, events=event_sets)
def test_unverified_events_and_events_outside_every_window_never_count(rules, events):
    verified = [e for e in events if e.state is EventState.VERIFIED]
    assert alerts_proposed(rules=rules, events=events) == alerts_proposed(
        rules=rules, events=verified
    )
    # A copy of the first event, far later and under a key of its own (the original may count).
    far = [
        dataclasses.replace(e, key=100_000 + e.key, start=e.start + timedelta(days=10_000))
        for e in events[:1]
    ]
    with_far = alerts_proposed(rules=rules, events=[*events, *far])
    if rules.rules[0].events_at_least > 1:
        assert not any(set(a.events) & {e.key for e in far} for a in with_far)


@given(rules=trend_rules, events=event_sets)
def test_the_alerts_an_event_touches_are_the_full_evaluations_alerts_that_hold_it(rules, events):
    everything = alerts_proposed(rules=with_single_rule(rules), events=events)
    for e in events:
        touched = alerts_touched(rules=with_single_rule(rules), events=events, key=e.key)
        assert sorted(touched, key=_order) == sorted(
            (a for a in everything if e.key in a.events), key=_order
        )


@given(rules=trend_rules, events=event_sets)
def test_incremental_evaluation_event_by_event_adds_up_to_the_full_evaluation(rules, events):
    rules = with_single_rule(rules)
    known: list[ProposedAlert] = []
    for seen in range(1, len(events) + 1):
        for alert in alerts_touched(rules=rules, events=events[:seen], key=events[seen - 1].key):
            # A run only grows: the alert replaces the ones of its identity it overlaps.
            known = [
                a
                for a in known
                if a.identity != alert.identity or not set(a.events) & set(alert.events)
            ]
            known.append(alert)
    assert sorted(known, key=_order) == sorted(
        alerts_proposed(rules=rules, events=events), key=_order
    )


def with_single_rule(rules):
    """The generated trend rule beside the shipped single-event rule."""
    return dataclasses.replace(rules, rules=(*rules.rules, RULES.rules[0]))


def _order(alert: ProposedAlert):
    return (*alert.identity, alert.events)


def as_rows(events):
    """Facts as the rows a query returns: the events' fields, and (event key, dimension) pairs."""
    rows = [(e.key, e.country, e.start, e.direction.value, e.state.value, e.impact) for e in events]
    return rows, [(e.key, code) for e in events for code in sorted(e.dimensions)]


@given(rules=trend_rules, events=event_sets, data=st.data())
def test_columns_propose_exactly_the_alerts_facts_do(rules, events, data):
    """The same events as columns, the pairs in any order, propose identical alerts, in the same
    order, under the generated trend rule and the shipped single-event rule."""
    rules = with_single_rule(rules)
    rows, pairs = as_rows(events)
    columns = event_columns(events=rows, dimensions=data.draw(st.permutations(pairs)))
    assert alerts_proposed(rules=rules, events=columns) == alerts_proposed(
        rules=rules, events=events
    )


@given(rules=trend_rules, events=event_sets)
def test_keys_far_apart_change_nothing_but_the_keys(rules, events):
    """Keys spread over the whole int64 range (the run's keys are then sorted by two keys, not
    packed into one value) give the same alerts under the same keys, mapped."""

    def far(key: int) -> int:
        return key * 2**50 - 2**62

    rules = with_single_rule(rules)
    spread = [dataclasses.replace(e, key=far(e.key)) for e in events]
    expected = tuple(
        a._replace(events=tuple(map(far, a.events)))
        for a in alerts_proposed(rules=rules, events=events)
    )
    assert alerts_proposed(rules=rules, events=spread) == expected


def test_a_trend_of_keys_at_both_ends_of_the_int64_range_lists_them_ascending():
    keys = (2**62, -(2**62), 0)
    alerts = alerts_proposed(
        rules=trend_only(3, 10), events=[event(k, day) for day, k in enumerate(keys)]
    )
    assert [a.events for a in alerts] == [tuple(sorted(keys))]


def test_columns_refuse_a_pair_of_an_unknown_event_a_key_twice_and_a_short_column():
    rows, pairs = as_rows([event(1, 0), event(2, 5)])
    with pytest.raises(ValueError, match="no row has the key 3"):
        event_columns(events=rows, dimensions=[*pairs, (3, "3.1")])
    with pytest.raises(ValueError, match="1 appears twice"):
        event_columns(events=[*rows, rows[0]], dimensions=pairs)
    with pytest.raises(ValueError, match="'sideways' is not a direction"):
        event_columns(events=[rows[0], (*rows[1][:3], "sideways", *rows[1][4:])], dimensions=pairs)
    columns = event_columns(events=rows, dimensions=pairs)
    with pytest.raises(ValueError, match="impact: 1 rows, not 2"):
        dataclasses.replace(columns, impact=columns.impact[:1])
    with pytest.raises(ValueError, match="direction: numbers from 0 to 1"):
        dataclasses.replace(columns, direction=np.array([0, 2]))


def test_no_events_as_columns_propose_nothing():
    assert alerts_proposed(rules=RULES, events=event_columns(events=[], dimensions=[])) == ()
    assert isinstance(event_columns(events=[], dimensions=[]), EventColumns)
