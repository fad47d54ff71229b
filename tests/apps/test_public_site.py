"""Country pages, open data and the methodology page: published snapshots only, and complete."""

import csv
import io
import json
import re
from collections import deque
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from civicspace.assessments.models import Cycle
from civicspace.assessments.services import score_record
from civicspace.core.changes import Scored, describe_changes
from civicspace.core.framework import load_edition
from civicspace.demo.reports import demo_editor, demo_member
from civicspace.editorial.models import ReportText, Snapshot
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.publishing.open_data import COLUMNS

pytestmark = pytest.mark.django_db
EDITION = load_edition("eusee-2025")
SECRET = "UNPUBLISHED-DRAFT-MARKER"


def csv_rows(client, query=""):
    response = client.get(f"/data/scores.csv{query}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def latest(iso2, year):
    return Snapshot.objects.filter(cycle__country__iso2=iso2, cycle__year=year).latest("revision")


def test_the_downloads_hold_every_published_score_and_nothing_else(demo, client):
    rows = csv_rows(client)
    assert list(rows[0]) == list(COLUMNS)
    published = {(s.cycle.country.iso2, s.cycle.year) for s in Snapshot.objects.all()}
    assert {(r["country_iso2"], int(r["year"])) for r in rows} == published
    assert ("KZ", 2025) not in published  # the demo's working draft
    panel_dimensions = len(EDITION.panel_dimensions)
    assert len(rows) == len(published) * (6 + panel_dimensions)
    for row in rows:
        snapshot = latest(row["country_iso2"], int(row["year"]))
        if row["level"] == "principle":
            stored = next(p for p in snapshot.data["principles"] if p["code"] == row["code"])
            assert float(row["score"]) == stored["score"]
            assert row["label"] == stored["label"]
        else:
            stored = next(
                d
                for p in snapshot.data["principles"]
                for d in p["dimensions"]
                if d["code"] == row["code"]
            )
            assert float(row["score"]) == stored["score"]
        assert row["edition"] == snapshot.data["edition"]
        assert row["published"] == snapshot.published_at.date().isoformat()
        assert row["demo"] == "True"
    p1 = next(r for r in rows if (r["country_iso2"], r["year"], r["code"]) == ("KZ", "2024", "P1"))
    assert (p1["civicus_category"], p1["civicus_published"]) == ("repressed", "2023-12-05")


def test_xlsx_and_json_carry_the_same_rows_with_codebook_and_licence(demo, client):
    rows = csv_rows(client)
    book = load_workbook(io.BytesIO(client.get("/data/scores.xlsx").content))
    assert book.sheetnames == ["scores", "codebook", "licence"]
    sheet = list(book["scores"].iter_rows(values_only=True))
    assert list(sheet[0]) == list(COLUMNS)
    assert len(sheet) - 1 == len(rows)
    assert [c[0] for c in list(book["codebook"].iter_rows(values_only=True))[1:]] == list(COLUMNS)
    assert "CC BY 4.0" in str(list(book["licence"].iter_rows(values_only=True)))
    document = json.loads(client.get("/data/scores.json").content)
    assert [c["column"] for c in document["codebook"]] == list(COLUMNS)
    assert document["licence"]["name"] == "CC BY 4.0"
    assert document["notice"].startswith("DEMO DATA")
    as_text = [{k: "" if v is None else str(v) for k, v in r.items()} for r in document["rows"]]
    assert as_text == rows


def test_downloads_filter_by_country_year_and_level_and_refuse_nonsense(demo, client):
    rows = csv_rows(client, "?country=kz&year=2024&level=principle")
    assert [(r["country_iso2"], r["year"], r["code"]) for r in rows] == [
        ("KZ", "2024", f"P{n}") for n in range(1, 7)
    ]
    assert csv_rows(client, "?country=KZ&year=2025") == []  # a draft is not data
    assert client.get("/data/scores.csv?level=index").status_code == 400
    assert client.get("/data/scores.csv?year=twenty").status_code == 400
    assert client.get("/data/scores.pdf").status_code == 404
    codebook = client.get("/data/codebook.csv").content.decode()
    assert [line.split(",")[0] for line in codebook.splitlines()[1:]] == list(COLUMNS)


def test_the_country_page_shows_the_latest_year_its_history_and_what_changed(demo, client):
    page = client.get("/countries/KZ/").content.decode()
    newest, before = latest("KZ", 2024), latest("KZ", 2023)
    assert "Latest published report: 2024" in page
    for p in newest.data["principles"]:
        assert f"<td>{p['number']}. {p['name']}</td><td>{p['score']:.1f}</td>" in page
    expected = describe_changes(
        [Scored(p["number"], p["name"], p["score"], p["label"]) for p in before.data["principles"]],
        [Scored(p["number"], p["name"], p["score"], p["label"]) for p in newest.data["principles"]],
    )
    assert expected
    for sentence in expected:
        assert f"<li>{sentence}</li>" in page.replace("&#x27;", "'")
    assert "CIVICUS Monitor category: <strong>repressed</strong>" in page
    for year in (2023, 2024):
        assert f'href="/reports/KZ/{year}/"' in page
        assert f'href="/reports/KZ/{year}/report.pdf"' in page
    assert 'href="/reports/KZ/2025/"' not in page
    assert 'href="/data/scores.csv?country=KZ"' in page
    assert "Cite as" in page
    assert client.get("/countries/KG/").status_code == 404  # nothing published


def test_the_methodology_page_is_the_edition(client, db):
    page = client.get("/methodology/").content.decode().replace("&#x27;", "'")
    for principle in EDITION.principles:
        assert principle.name in page
        for d in principle.dimensions:
            assert f"{d.code} {d.name}" in page
            for question in d.guiding_questions:
                assert question.replace('"', "&quot;") in page
    assert "0.333" in page  # equal weights of three dimensions
    assert EDITION.civicus.rebasing_description in page
    assert "[[0.0, 1.0], [100.0, 5.0]]" in page
    assert "rounded half up" in page
    assert "90% bootstrap interval" in page
    assert "There is no overall index and no ranking of countries" in page
    assert client.get("/methodology/?edition=nope").status_code == 404


def _internal_links(html):
    for href in re.findall(r'href="(/[^"#]*)', html):
        if not href.startswith(("/workspace/", "/admin/", "/accounts/", "/static/")):
            yield href.replace("&amp;", "&")


def test_nothing_unpublished_is_reachable_from_any_public_page(demo, client):
    """Drafts with marked text (an unpublished cycle, and a published one reopened and edited)
    never reach any page or file a visitor can reach by following links from the home page."""
    draft = Cycle.objects.get(country__iso2="KZ", year=2025)
    texts_save(cycle=draft, entries={"context": TextEntry(SECRET, 1)}, by=demo_member(draft))
    reopened = cycle_transition(
        cycle=Cycle.objects.get(country__iso2="GE", year=2025),
        action="reopen",
        by=demo_editor(),
        note="Checking.",
    )
    version = ReportText.objects.get(cycle=reopened, key="P2").version
    texts_save(cycle=reopened, entries={"P2": TextEntry(SECRET, version)}, by=demo_member(reopened))
    score_record(
        cycle=reopened,
        dimension="2.1",
        value=Decimal("4.9"),
        justification=f"{SECRET} justification.",
        by=demo_member(reopened),
    )
    seen, queue = set(), deque(["/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("application/pdf"):
            continue  # made from the snapshot's own HTML page, which is checked below
        body = response.content.decode("utf-8", errors="replace")
        assert SECRET not in body, url
        if response["Content-Type"].startswith("text/html"):
            queue.extend(link for link in _internal_links(body) if link not in seen)
    assert {"/countries/GE/", "/reports/GE/2025/", "/data/scores.json", "/methodology/"} <= seen
    assert len(seen) > 40
    registration = [r for r in csv_rows(client, "?country=GE&year=2025") if r["code"] == "2.1"]
    assert registration[0]["score"] != "4.9"  # the published score, not the reopened draft's
    assert client.get("/reports/KZ/2025/").status_code == 404
