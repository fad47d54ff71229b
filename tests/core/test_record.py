"""The typed published record: versions, JSON round trip, schema and the readers of old data."""

import gzip
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from civicspace.core.record import (
    SCHEMA_VERSION,
    RecordError,
    checksum,
    record_from_json,
    record_json_schema,
    record_to_json,
)
from civicspace.core.scoring import round_half_up
from tests.core.records import record_of, records

# Every demo snapshot as the code of schema version 1 stored it (written once, by that code).
V1_SNAPSHOTS = json.loads(
    gzip.decompress((Path(__file__).parent.parent / "fixtures/snapshots-v1.json.gz").read_bytes())
)


@pytest.mark.parametrize(
    "stored", V1_SNAPSHOTS, ids=lambda s: f"{s['iso2']}-{s['year']}-r{s['revision']}"
)
def test_every_stored_version_1_snapshot_keeps_its_checksum_and_reads(stored):
    data = stored["data"]
    assert "schema_version" not in data
    assert checksum(data) == stored["checksum"]  # read as stored, never rewritten
    record = record_from_json(data)
    assert record.schema_version == 1
    assert [p.code for p in record.principles] == [p["code"] for p in data["principles"]]
    for principle, old in zip(record.principles, data["principles"], strict=True):
        assert principle.score == old["score"]
        assert principle.label == old["label"]
        for dimension, was in zip(principle.dimensions, old["dimensions"], strict=True):
            assert dimension.score_unrounded == was["score"]
            assert dimension.score == (
                None if was["score"] is None else round_half_up(was["score"])
            )
    assert record.texts == {s["key"]: s["markdown"] for s in data["sections"]}


def test_version_1_dimension_scores_are_published_rounded_half_up_with_their_band():
    data = json.loads(json.dumps(V1_SNAPSHOTS[0]["data"]))
    panel = next(p for p in data["principles"] if p["source"]["kind"] == "panel")
    panel["dimensions"][0]["score"] = 2.45
    record = record_from_json(data)
    dimension = record.principle(panel["code"]).dimensions[0]
    assert (dimension.score, dimension.score_unrounded) == (2.5, 2.45)
    assert dimension.label == "partially enabling"  # the band of 2.5 as published
    assert record.inputs.dimension_scores[dimension.code] == 2.45


def test_a_record_in_json_reads_back_equal_and_writes_the_same_json():
    record = record_of()
    data = record_to_json(record)
    assert data["schema_version"] == SCHEMA_VERSION
    again = record_from_json(json.loads(json.dumps(data)))
    assert again == record
    assert record_to_json(again) == data


@settings(max_examples=40, deadline=None)
@given(records())
def test_any_record_round_trips_through_json_and_matches_its_schema(record):
    data = json.loads(json.dumps(record_to_json(record)))
    jsonschema.validate(data, record_json_schema())
    assert record_from_json(data) == record


def test_the_schema_rejects_what_is_not_a_record():
    schema = record_json_schema()
    data = record_to_json(record_of())
    for broken in (
        {**data, "schema_version": SCHEMA_VERSION + 1},
        {k: v for k, v in data.items() if k != "principles"},
        {**data, "year": "two thousand"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_unknown_or_broken_data_is_refused_with_its_version():
    data = record_to_json(record_of())
    with pytest.raises(RecordError, match="unknown schema version 99"):
        record_from_json({**data, "schema_version": 99})
    with pytest.raises(RecordError, match="schema version 2"):
        record_from_json({**data, "principles": "none"})
    with pytest.raises(RecordError, match="schema version 1"):
        record_from_json({"country": {"iso2": "KZ"}})


def test_the_checksum_ignores_key_order_but_not_a_changed_value():
    data = record_to_json(record_of())
    shuffled = dict(reversed(list(data.items())))
    assert checksum(shuffled) == checksum(data)
    changed = json.loads(json.dumps(data))
    changed["principles"][1]["score"] = 4.9
    assert checksum(changed) != checksum(data)
