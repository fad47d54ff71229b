"""Published numbers made from their inputs, and stored records checked against them."""

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings

from civicspace.core.recompute import record_build, snapshot_verify
from civicspace.core.record import checksum, record_from_json, record_to_json
from civicspace.core.scoring import round_half_up
from tests.core.records import EDITION, PANEL_CODES, facts, record_of, records, render


def stored(record):
    data = json.loads(json.dumps(record_to_json(record)))
    return data, checksum(data)


def verify(data, digest):
    return snapshot_verify(data, digest, render=render)


def test_every_published_value_is_rounded_once_half_up_and_labelled_by_its_rounded_value():
    record = record_of(dict.fromkeys(PANEL_CODES, 2.25) | {"2.1": 2.45})
    p2 = record.principle("P2")
    d21 = p2.dimensions[0]
    assert (d21.score, d21.score_unrounded, d21.label) == (2.5, 2.45, "partially enabling")
    assert p2.score_unrounded == pytest.approx((2.45 + 2.25 + 2.25) / 3)
    assert (p2.score, p2.label) == (2.3, "disabling")
    assert record.principle("P1").score == 2.2  # CIVICUS 30, rebased
    assert record.principle("P1").civicus.category == "repressed"


def test_panel_figures_are_aggregates_of_anonymous_rows_whatever_order_they_came_in():
    rows = [dict.fromkeys(PANEL_CODES, v) for v in (3, 1.5, 4)]
    one = record_of(panel=rows)
    other = record_of(panel=list(reversed(rows)))
    assert one == other
    assert one.inputs.panel.scores == tuple(tuple([v] * len(PANEL_CODES)) for v in (1.5, 3, 4))
    summary = one.principle("P2").dimensions[0].panel
    assert summary.mean == round_half_up(8.5 / 3)
    assert summary.interval.low <= summary.mean <= summary.interval.high
    assert (one.panel.panelists, one.panel.seed) == (3, 0)


@settings(max_examples=25, deadline=None)
@given(records())
def test_any_record_verifies_against_its_own_inputs(record):
    result = verify(*stored(record))
    assert result.ok, [str(m) for m in result.mismatches]
    assert result.notes == ()


def test_a_tampered_published_score_is_named_with_both_values():
    data, _ = stored(record_of())
    data["principles"][3]["dimensions"][0]["score"] = 4.0
    result = verify(data, checksum(data))  # a tamperer who also fixed the checksum
    assert result.checksum_ok
    assert not result.ok
    [mismatch] = result.mismatches
    assert mismatch.where == "principles[P4].dimensions[4.1].score"
    assert (mismatch.stored, mismatch.recomputed) == (4.0, 2.3)
    assert "published 4.0, recomputed 2.3" in str(mismatch)


def test_a_changed_label_interval_or_research_sentence_is_caught():
    data, _ = stored(record_of())
    data["principles"][2]["label"] = "enabling"
    data["principles"][4]["panel"]["interval"]["high"] = 4.9
    research = next(s for s in data["sections"] if s["key"] == "research")
    research["markdown"] = research["markdown"].replace("3 panelists", "12 panelists")
    where = {m.where for m in verify(data, checksum(data)).mismatches}
    assert where == {
        "principles[P3].label",
        "principles[P5].panel.interval.high",
        "sections[research].markdown",
    }


def test_changed_bytes_fail_the_checksum_even_when_the_numbers_agree():
    data, digest = stored(record_of())
    data["sections"][0]["markdown"] = "A different country context."
    result = verify(data, digest)
    assert not result.checksum_ok
    assert not result.mismatches
    assert not result.ok


def test_an_input_changed_after_publication_shows_in_every_number_it_feeds():
    data, _ = stored(record_of())
    data["inputs"]["dimension_scores"]["4.1"] = 4.0
    where = {m.where for m in verify(data, checksum(data)).mismatches}
    assert {
        "principles[P4].dimensions[4.1].score",
        "principles[P4].dimensions[4.1].score_unrounded",
        "principles[P4].score",
        "principles[P4].score_unrounded",
    } <= where


def test_an_edited_edition_is_caught_through_its_rebasing_rule():
    record = record_of()
    data, _ = stored(record)
    rating = data["principles"][0]["civicus"]
    rating["rebasing"] = "Some other rule."
    [mismatch] = verify(data, checksum(data)).mismatches
    assert mismatch.where == "principles[P1].civicus.rebasing"
    assert mismatch.recomputed == EDITION.civicus.rebasing_description


def test_unreadable_data_is_a_mismatch_not_a_crash():
    result = verify({"schema_version": 2, "year": 2025}, "0" * 64)
    assert not result.ok
    assert result.mismatches[0].where == "(record)"


def test_building_twice_from_the_same_inputs_gives_the_same_record():
    record = record_of()
    again = record_build(facts(), record.inputs, render=render, resamples=200)
    assert again == record
    assert record_from_json(record_to_json(record)) == replace(again)
