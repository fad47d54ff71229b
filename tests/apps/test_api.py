"""The read-only API: published data only, the same rows as the downloads, paginated,
revalidated by ETag and rate limited for anonymous clients."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicspace.assessments.models import Cycle
from civicspace.demo.reports import demo_editor, demo_publish
from civicspace.editorial.models import Snapshot
from civicspace.editorial.services import cycle_transition
from civicspace.publishing.open_data import CODEBOOK, COLUMNS
from tests.apps.helpers import person

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def every_page(client, url):
    """Follow `next` links to the end, checking the page numbers and `previous` links."""
    items, page = [], get(client, url)
    while True:
        assert page["count"] == get(client, url)["count"]
        if page["page"] > 1:
            assert f"page={page['page'] - 1}" in page["previous"]
        else:
            assert page["previous"] is None
        items += page["items"]
        if page["next"] is None:
            assert page["page"] == page["pages"]
            return items, page["count"]
        page = get(client, page["next"].removeprefix("http://testserver"))


def as_csv_text(value):
    """How the CSV download writes a value."""
    return "" if value is None else str(value)


def test_scores_are_the_download_rows_across_pages(demo, client):
    download = list(csv.DictReader(io.StringIO(client.get("/data/scores.csv").content.decode())))
    items, count = every_page(client, "/api/v1/scores?page_size=7")
    assert count == len(download) == len(items)
    assert len({(i["country_iso2"], i["year"], i["code"]) for i in items}) == count
    for item, row in zip(items, download, strict=True):
        assert list(item) == list(COLUMNS)
        assert {c: as_csv_text(v) for c, v in item.items()} == row
    one_page = get(client, "/api/v1/scores?page_size=5000")
    assert one_page["items"] == items
    assert one_page["pages"] == 1


def test_filters_by_country_year_principle_and_level(demo, client):
    rows = get(client, "/api/v1/scores?country=ge&year=2025&principle=p2&page_size=100")["items"]
    assert {(r["country_iso2"], r["year"], r["principle"]) for r in rows} == {("GE", 2025, "P2")}
    assert [r["level"] for r in rows] == ["principle", "dimension", "dimension", "dimension"]
    dims = get(client, "/api/v1/scores?level=dimension&page_size=5000")["items"]
    assert dims
    assert {r["level"] for r in dims} == {"dimension"}
    cycles = get(client, "/api/v1/cycles?country=KZ")["items"]
    assert [c["year"] for c in cycles] == [2024, 2023]  # 2025 is the demo's working draft
    for bad in ("level=all", "country=KAZ", "year=abc", "principle=2", "page=0", "page_size=0"):
        assert client.get(f"/api/v1/scores?{bad}").status_code == 422, bad
    assert client.get("/api/v1/scores?page=999").status_code == 404


def test_a_cycle_has_its_principles_and_dimensions_as_published(demo, client):
    cycle = get(client, "/api/v1/cycles/GE/2024")
    snapshot = Snapshot.objects.filter(cycle__country__iso2="GE", cycle__year=2024).latest(
        "revision"
    )
    record = snapshot.record
    assert [p["code"] for p in cycle["principles"]] == [p.code for p in record.principles]
    for out, stored in zip(cycle["principles"], record.principles, strict=True):
        assert out["score"] == stored.score
        expected = () if stored.is_civicus else stored.dimensions
        assert [(d["code"], d["score"], d["label"]) for d in out["dimensions"]] == [
            (d.code, d.score, d.label) for d in expected
        ]
    assert cycle["report_url"] == "http://testserver/reports/GE/2024/"
    assert client.get("/api/v1/cycles/KZ/2025").status_code == 404  # a draft
    assert client.get("/api/v1/countries/KG").status_code == 404
    country = get(client, "/api/v1/countries/KZ")
    assert country["years"] == [2023, 2024]
    assert [c["year"] for c in country["cycles"]] == [2023, 2024]


def test_reports_list_every_revision(demo, client):
    cycle = Cycle.objects.get(country__iso2="GE", year=2024)
    cycle = cycle_transition(
        cycle=cycle, action="reopen", by=demo_editor(), note="Corrected a typo."
    )
    demo_publish(cycle=cycle)
    report = get(client, "/api/v1/reports?country=GE&year=2024")["items"][0]
    assert report["revision"] == 2
    assert [r["number"] for r in report["revisions"]] == [1, 2]
    assert report["revisions"][1]["correction_note"] == "Corrected a typo."
    for revision in report["revisions"]:
        assert client.get(revision["report_url"]).status_code == 200


def test_etag_revalidates_until_something_is_published(demo, client):
    first = client.get("/api/v1/scores?country=GE")
    etag = first["ETag"]
    assert etag
    assert first["Cache-Control"].startswith("public")
    again = client.get("/api/v1/scores?country=GE", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/api/v1/scores?country=KZ", HTTP_IF_NONE_MATCH=etag).status_code == 200
    cycle = Cycle.objects.get(country__iso2="GE", year=2024)
    demo_publish(
        cycle=cycle_transition(cycle=cycle, action="reopen", by=demo_editor(), note="Fix.")
    )
    changed = client.get("/api/v1/scores?country=GE", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert {r["revision"] for r in changed.json()["items"] if r["year"] == 2024} == {2}


def test_anonymous_clients_are_rate_limited_per_address(demo, client, monkeypatch):
    from civicspace.publishing import api

    monkeypatch.setattr(api.throttle, "rate", "3/min")
    monkeypatch.setattr(api.throttle, "num_requests", 3)
    for _ in range(3):
        assert client.get("/api/v1/countries").status_code == 200
    assert client.get("/api/v1/countries").status_code == 429
    # A forged X-Forwarded-For is not believed (no trusted proxy is configured).
    forged = client.get("/api/v1/countries", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert forged.status_code == 429
    etag = client.get("/api/v1/countries", REMOTE_ADDR="198.51.100.7")["ETag"]
    assert client.get("/api/v1/countries", REMOTE_ADDR="198.51.100.7").status_code == 200
    revalidated = client.get(
        "/api/v1/countries", REMOTE_ADDR="198.51.100.7", HTTP_IF_NONE_MATCH=etag
    )
    assert revalidated.status_code == 304
    limited = client.get("/api/v1/countries", REMOTE_ADDR="198.51.100.7", HTTP_IF_NONE_MATCH=etag)
    assert limited.status_code == 429  # revalidation counts too
    client.force_login(person("reader", "editor"))
    assert client.get("/api/v1/countries").status_code == 200


def test_openapi_schema_documents_every_route_and_the_codebook(demo, client):
    schema = get(client, "/api/v1/openapi.json")
    paths = set(schema["paths"])
    assert {
        "/api/v1/",
        "/api/v1/countries",
        "/api/v1/countries/{iso2}",
        "/api/v1/cycles",
        "/api/v1/cycles/{iso2}/{year}",
        "/api/v1/scores",
        "/api/v1/reports",
        "/api/v1/codebook",
        "/api/v1/alerts",
        "/api/v1/alerts/{alert_id}",
        "/api/v1/events",
        "/api/v1/events/{event_id}",
        "/api/v1/member/events",
    } == paths
    score = schema["components"]["schemas"]["Score"]["properties"]
    for column in CODEBOOK:
        assert score[column.name]["description"] == column.meaning
    names = {p["name"] for p in schema["paths"]["/api/v1/scores"]["get"]["parameters"]}
    assert {"country", "year", "principle", "level", "page", "page_size"} <= names
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
    page = client.get("/api/").content.decode()
    for path in paths:
        assert f"<code>GET {path}</code>" in page
    assert get(client, "/api/v1/codebook")["columns"] == [
        {"name": c.name, "kind": c.kind, "meaning": c.meaning} for c in CODEBOOK
    ]


@pytest.mark.parametrize("url", ["/api/v1/scores?page_size=5000", "/api/v1/countries/GE"])
def test_a_warm_answer_costs_one_query_for_the_publication_state(demo, client, url):
    get(client, url)  # builds the published record for this process
    with CaptureQueriesContext(connection) as queries:
        get(client, url + ("&" if "?" in url else "?") + "fresh=1")  # another ETag, no 304
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_an_answer_already_built_is_served_again_without_building_it(demo, client, monkeypatch):
    from civicspace.publishing import api

    url = "/api/v1/scores?country=GE&page_size=5000"
    first = client.get(url)
    monkeypatch.setattr(api, "published_record", lambda *_: pytest.fail("built again"))
    again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Access-Control-Allow-Origin"] == "*"
    with pytest.raises(pytest.fail.Exception):
        client.get(url.replace("GE", "KZ"))  # another address: another answer to build


def test_only_answers_within_the_size_limit_are_kept(demo, client, monkeypatch):
    """However many addresses are asked for, what is kept in memory stays bounded."""
    from civicspace.publishing import api

    small, big = "/api/v1/scores?country=GE&page_size=1", "/api/v1/scores?page_size=5000"
    sizes = {url: len(client.get(url).content) for url in (small, big)}
    api.answers().clear()
    monkeypatch.setattr(api, "KEPT_ANSWER_BYTES", (sizes[small] + sizes[big]) // 2)
    for url in (small, big):
        client.get(url)
    monkeypatch.setattr(api, "published_record", lambda *_: pytest.fail("built again"))
    assert client.get(small).status_code == 200  # kept
    with pytest.raises(pytest.fail.Exception):
        client.get(big)  # too big to keep: built again


def test_a_kept_answer_is_not_served_after_something_is_published(demo, client):
    url = "/api/v1/scores?country=GE&year=2024"
    before = get(client, url)
    assert {r["revision"] for r in before["items"]} == {1}
    cycle = Cycle.objects.get(country__iso2="GE", year=2024)
    demo_publish(
        cycle=cycle_transition(cycle=cycle, action="reopen", by=demo_editor(), note="Fix.")
    )
    assert {r["revision"] for r in get(client, url)["items"]} == {2}
