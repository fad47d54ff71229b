"""The scores list answered from rows written once per published record: the bytes ninja's
validation against the schema and its renderer made, each row written once."""

import json

import pytest
from ninja.responses import NinjaJSONEncoder

from civicspace.publishing.api_rows import score_rows_json
from civicspace.publishing.api_schemas import Score
from civicspace.publishing.exports import csv_lines
from civicspace.publishing.open_data import COLUMNS, published_record, published_rows

pytestmark = pytest.mark.django_db


def as_ninja_wrote_it(envelope, rows):
    """A page as ninja made it before: each row validated against `Score`, dumped, and
    rendered by its JSONRenderer (json.dumps with its encoder for the dates)."""
    items = [Score.model_validate(row).model_dump() for row in rows]
    return json.dumps({**envelope, "items": items}, cls=NinjaJSONEncoder).encode()


@pytest.mark.parametrize(
    ("query", "filters", "size"),
    [
        ("page_size=5000", {}, 5000),
        ("page=2&page_size=7", {}, 7),
        ("country=ge&level=dimension", {"countries": ["GE"], "level": "dimension"}, 100),
        ("year=2024&principle=p1", {"years": [2024], "principle": "P1"}, 100),
    ],
)
def test_a_scores_page_is_the_bytes_ninja_validated_and_rendered(
    demo, client, query, filters, size
):
    answer = client.get(f"/api/v1/scores?{query}")
    assert answer.status_code == 200
    assert answer["Content-Type"] == client.get("/api/v1/cycles")["Content-Type"]
    page = json.loads(answer.content)
    envelope = {name: value for name, value in page.items() if name != "items"}
    start = (page["page"] - 1) * size
    rows = published_rows(**filters)[start : start + size]
    assert rows
    assert answer.content == as_ninja_wrote_it(envelope, rows)


def test_a_whole_number_in_a_number_column_is_written_as_the_schema_reads_it(demo):
    row = dict(published_rows()[0]) | {"score": 3, "weight": 1, "interval_low": None}
    [text] = score_rows_json([row])
    written = json.loads(text)
    assert list(written) == list(COLUMNS)
    assert (written["score"], written["weight"], written["interval_low"]) == (3.0, 1.0, None)
    assert isinstance(written["score"], float)
    assert text.encode() == as_ninja_wrote_it({}, [row])[len(b'{"items": [') : -2]


def test_each_row_is_written_once_per_published_record(demo):
    record = published_record()
    calls = []

    def write(rows):
        calls.append(len(rows))
        return csv_lines(rows)

    some = published_rows(countries=["GE"], record=record)
    assert record.rows_text(some, write) == csv_lines(some)
    assert record.rows_text(list(record.rows), write) == csv_lines(record.rows)
    assert calls == [len(record.rows)]  # every row once, then only joined


def test_rows_of_no_record_are_written_on_the_spot(demo):
    record = published_record()
    copies = [dict(row) | {"name": "DEMO copy"} for row in record.rows[:3]]
    calls = []

    def write(rows):
        calls.append(len(rows))
        return csv_lines(rows)

    assert record.rows_text(copies, write) == csv_lines(copies)
    assert all("DEMO copy" in line for line in record.rows_text(copies, write))
    assert calls == [len(record.rows), 3, 3]
