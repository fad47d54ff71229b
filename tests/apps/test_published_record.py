"""One published value everywhere: report, country page, open data and API read the same
record, and `civicspace verify` recomputes it, for snapshots of every schema version."""

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from civicspace.cli import main
from civicspace.core.record import SCHEMA_VERSION, checksum, record_json_schema
from civicspace.editorial.models import Snapshot
from civicspace.publishing import open_data
from tests.apps.helpers import as_the_database_owner
from tests.apps.test_report import words

pytestmark = pytest.mark.django_db
V1_SNAPSHOTS = json.loads(
    gzip.decompress((Path(__file__).parent.parent / "fixtures/snapshots-v1.json.gz").read_bytes())
)


@pytest.fixture(params=["current", "version 1"])
def published(request, demo, monkeypatch):
    """The demo as published now, or with every snapshot as schema version 1 stored it (the
    database of an earlier civicspace, read by this one)."""
    if request.param == "version 1":
        # Read as a process that starts on that database would: snapshots are never rewritten
        # in place, so nothing else tells the record kept in this process that they were.
        monkeypatch.setattr(open_data, "_record", None)
        with as_the_database_owner():
            for stored in V1_SNAPSHOTS:
                updated = Snapshot.objects.filter(
                    cycle__country__iso2=stored["iso2"],
                    cycle__year=stored["year"],
                    revision=stored["revision"],
                ).update(data=stored["data"], checksum=stored["checksum"])
                assert updated == 1
    return request.param


def newest_snapshots():
    newest = {}
    for s in Snapshot.objects.select_related("cycle__country").order_by("revision"):
        newest[(s.cycle.country.iso2, s.cycle.year)] = s
    return newest


def test_every_published_number_is_the_same_in_report_page_file_and_api(published, client):
    rows = list(csv.DictReader(io.StringIO(client.get("/data/scores.csv").content.decode())))
    by_key = {(r["country_iso2"], int(r["year"]), r["code"]): r for r in rows}
    newest = newest_snapshots()
    latest_year = {iso2: max(y for i, y in newest if i == iso2) for iso2, _ in newest}
    for (iso2, year), snapshot in newest.items():
        record = snapshot.record
        report = words(client.get(f"/reports/{iso2}/{year}/").content.decode())
        api = client.get(f"/api/v1/cycles/{iso2}/{year}").json()
        assert api["schema_version"] == SCHEMA_VERSION
        page = client.get(f"/countries/{iso2}/").content.decode()
        for p, out in zip(record.principles, api["principles"], strict=True):
            row = by_key[(iso2, year, p.code)]
            assert (out["score"], out["label"]) == (p.score, p.label)
            assert (float(row["score"]), row["label"]) == (p.score, p.label)
            assert f"Score {p.score:.1f} ({p.label})" in report
            if p.panel and p.panel.interval:
                low, high = p.panel.interval.low, p.panel.interval.high
                assert (float(row["interval_low"]), float(row["interval_high"])) == (low, high)
                assert (out["interval_low"], out["interval_high"]) == (low, high)
                assert f"panel 90% interval {low:.1f} to {high:.1f}" in report
            if year == latest_year[iso2]:
                cell = f'<th scope="row">P{p.number} {p.name}</th><td>{p.score:.1f}</td>'
                assert cell in page
            dimensions = () if p.is_civicus else p.dimensions
            assert len(out["dimensions"]) == len(dimensions)
            for d, d_out in zip(dimensions, out["dimensions"], strict=True):
                d_row = by_key[(iso2, year, d.code)]
                assert (d_out["score"], d_out["label"]) == (d.score, d.label)
                assert (float(d_row["score"]), d_row["label"]) == (d.score, d.label)
                assert float(d_row["score_unrounded"]) == d.score_unrounded
                assert f"Score {d.score:.1f} ({d.label})" in report


def test_verify_recomputes_every_published_revision_of_the_demo(published, capsys):
    assert main(["verify", "--all"]) == 0
    out = capsys.readouterr().out
    count = Snapshot.objects.count()
    assert f"{count} of {count} published revisions verified" in out
    if published == "version 1":
        assert "kept no panelist scores" in out
    assert main(["verify", "KZ", "2024"]) == 0
    assert "KZ 2024 revision 1: ok" in capsys.readouterr().out


def test_verify_names_a_tampered_number_and_a_broken_checksum(demo, capsys):
    snapshot = Snapshot.objects.get(cycle__country__iso2="GE", cycle__year=2024)
    data = json.loads(json.dumps(snapshot.data))
    published = data["principles"][1]["score"]
    data["principles"][1]["score"] = published + 1
    with as_the_database_owner():  # around the model, as someone with database access could
        Snapshot.objects.filter(pk=snapshot.pk).update(data=data)
    assert main(["verify", "--all"]) == 1
    out = capsys.readouterr().out
    assert "GE 2024 revision 1: FAILED" in out
    assert "checksum: the stored data no longer has the SHA-256" in out
    assert f"principles[P2].score: published {published + 1!r}, recomputed {published!r}" in out
    assert "RS 2024 revision 1: ok" in out
    with as_the_database_owner():
        Snapshot.objects.filter(pk=snapshot.pk).update(checksum=checksum(data))
    assert main(["verify", "GE", "2024"]) == 1
    out = capsys.readouterr().out
    assert "principles[P2].score" in out
    assert "checksum:" not in out  # a matching checksum does not hide a wrong number


def test_verify_asks_for_a_cycle_or_all(demo, capsys):
    assert main(["verify"]) == 2
    assert main(["verify", "KZ"]) == 2
    assert "give COUNTRY and YEAR, or --all" in capsys.readouterr().err
    assert main(["verify", "KZ", "2025"]) == 1  # the working draft: nothing published
    assert main(["verify", "Atlantis", "2024"]) == 1


def test_the_schema_is_published_beside_the_data(client):
    response = client.get("/data/schema.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["$id"] == "http://testserver/data/schema.json"
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert {k: v for k, v in schema.items() if k != "$id"} == record_json_schema()
    document = client.get("/data/scores.json").json()
    assert document["schema_version"] == SCHEMA_VERSION
    assert client.get("/api/v1/").json()["schema_url"] == "http://testserver/data/schema.json"
