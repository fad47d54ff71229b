"""Country pages, open data and the methodology page: published snapshots only, and complete."""

import csv
import html
import io
import json
import re
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
from tests.apps.crawl import PRIVATE, public_crawl
from tests.apps.helpers import docx_text

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
        record = snapshot.record
        if row["level"] == "principle":
            stored = record.principle(row["code"])
        else:
            stored = next(
                d for p in record.principles for d in p.dimensions if d.code == row["code"]
            )
        assert float(row["score"]) == stored.score
        assert row["label"] == stored.label
        assert row["edition"] == record.edition
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
    codebook = csv.DictReader(io.StringIO(client.get("/data/codebook.csv").content.decode()))
    assert [r["column"] for r in codebook if r["file"] == "scores"] == list(COLUMNS)


def test_the_country_page_shows_the_latest_year_its_history_and_what_changed(demo, client):
    page = client.get("/countries/KZ/").content.decode()
    newest, before = latest("KZ", 2024), latest("KZ", 2023)
    assert "Latest published report: 2024" in page
    for p in newest.record.principles:
        assert f'<th scope="row">P{p.number} {p.name}</th><td>{p.score:.1f}</td>' in page
    expected = describe_changes(
        [Scored(p.number, p.name, p.score, p.label) for p in before.record.principles],
        [Scored(p.number, p.name, p.score, p.label) for p in newest.record.principles],
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
    assert 'href="/data/scores.csv?country=KZ&amp;year=2024&amp;level=principle"' in page
    assert 'href="/data/scores.csv?country=KZ&amp;year=2023%2C2024&amp;level=principle"' in page
    assert "Cite as" in page
    assert client.get("/countries/KG/").status_code == 404  # nothing published


def test_the_methodology_page_is_the_edition(client, db):
    page = client.get("/methodology/").content.decode().replace("&#x27;", "'")
    for principle in EDITION.principles:
        assert principle.name in page
        for d in principle.dimensions:
            assert f"{d.code} {d.name}" in page
            for question in d.guiding_questions:
                assert question in html.unescape(page)  # rendered from Markdown
    assert "0.333" in page  # equal weights of three dimensions
    assert EDITION.civicus.rebasing_description in page
    assert "[[0.0, 1.0], [100.0, 5.0]]" not in page  # the points are a table (tests/site)
    assert "rounded half up" in page
    assert "90% bootstrap interval" in page
    assert "There is no overall index and no ranking of countries" in page
    assert client.get("/methodology/?edition=nope").status_code == 404


def _drafts_with_secrets(demo):
    """An unpublished cycle (KZ 2025) and a published one reopened and edited (GE 2025), with
    marked text in their drafts."""
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


def test_nothing_unpublished_is_reachable_from_any_public_page(demo, client):
    """Drafts with marked text never reach any page, file or API answer a visitor can reach by
    following links from the home page."""
    _drafts_with_secrets(demo)

    def check(url, response):
        if response["Content-Type"].startswith("application/pdf"):
            return  # made from the snapshot's own HTML page, which is checked
        if "wordprocessingml" in response["Content-Type"]:
            assert SECRET not in docx_text(response.content), url
            return
        assert SECRET not in response.content.decode("utf-8", errors="replace"), url

    seen = public_crawl(client, check)
    assert {
        "/countries/GE/",
        "/countries/compare/",
        "/reports/GE/2025/",
        "/data/scores.json",
        "/methodology/",
        "/api/",
        "/api/v1/",
        "/api/v1/cycles/GE/2025",
        "/api/v1/openapi.json",
    } <= seen
    assert len(seen) > 40
    registration = [r for r in csv_rows(client, "?country=GE&year=2025") if r["code"] == "2.1"]
    assert registration[0]["score"] != "4.9"  # the published score, not the reopened draft's
    assert client.get("/reports/KZ/2025/").status_code == 404


FORMATS = ("csv", "xlsx", "json")
# Every public route, with its parameters filled in from the database (drafts included). A new
# public route fails the completeness check below until it is listed here.
SITE_ROUTES = {
    "": ["/?year={year}&principle=P{n}"],
    "countries/": ["/countries/"],
    "countries/compare/": ["/countries/compare/?country={iso2},{other}&year={year}"],
    "countries/<str:iso2>/": ["/countries/{iso2}/"],
    "reports/": ["/reports/"],
    "reports/<str:iso2>/<int:year>/": ["/reports/{iso2}/{year}/"],
    "reports/<str:iso2>/<int:year>/report.pdf": ["/reports/{iso2}/{year}/report.pdf"],
    "reports/<str:iso2>/<int:year>/revisions/<int:revision>/": [
        "/reports/{iso2}/{year}/revisions/{revision}/"
    ],
    "reports/<str:iso2>/<int:year>/revisions/<int:revision>/report.pdf": [
        "/reports/{iso2}/{year}/revisions/{revision}/report.pdf"
    ],
    "reports/<str:iso2>/<int:year>/report.docx": ["/reports/{iso2}/{year}/report.docx"],
    "reports/<str:iso2>/<int:year>/revisions/<int:revision>/report.docx": [
        "/reports/{iso2}/{year}/revisions/{revision}/report.docx"
    ],
    "data/": ["/data/"],
    "data/scores.<str:fmt>": [
        "/data/scores.csv?country={iso2}&year={year}",
        "/data/scores.json?country={iso2}&year={year}",
        "/data/scores.xlsx?country={iso2}&year={year}",
    ],
    "data/codebook.csv": ["/data/codebook.csv"],
    "data/<str:table>.<str:fmt>": [
        *(f"/data/{t}.{f}?country={{iso2}}" for t in ("events", "alerts") for f in FORMATS),
        "/data/event-sources.csv?country={iso2}",
    ],
    "data/schema.json": ["/data/schema.json"],
    "methodology/": ["/methodology/"],
    "api/": ["/api/"],
    "sitemap.xml": ["/sitemap.xml"],
    "alerts/subscribe/": ["/alerts/subscribe/"],
    "alerts/subscribe/confirm/<str:token>/": ["/alerts/subscribe/confirm/not-a-token/"],
    "alerts/subscribe/stop/<str:token>/": ["/alerts/subscribe/stop/not-a-token/"],
    # Every alert and event number is tried in tests/apps/test_public_alerts.py; here, 1-3.
    "alerts/": ["/alerts/?country={iso2}"],
    "alerts/feed.atom": ["/alerts/feed.atom?country={iso2}"],
    "alerts/<int:pk>/": ["/alerts/{revision}/"],
    "alerts/events/<int:pk>/": ["/alerts/events/{revision}/"],
    "alerts/<str:iso2>/feed.atom": ["/alerts/{iso2}/feed.atom"],
}


def _public_patterns():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield route

    return {
        r
        for r in walk(get_resolver().url_patterns)
        if not r.startswith(tuple(x.lstrip("/") for x in PRIVATE)) and not r.startswith("api/v1/")
    }


def test_every_public_route_and_api_route_refuses_drafts(demo, client, monkeypatch):
    """Every public URL and API route, filled with every country and year on file (published
    or not) and revisions 1-3: nothing carries draft text, and the unpublished cycle is never
    served."""
    from civicspace.publishing import api

    monkeypatch.setattr(api.throttle, "num_requests", 100_000)
    _drafts_with_secrets(demo)
    assert _public_patterns() == set(SITE_ROUTES)
    schema = client.get("/api/v1/openapi.json").json()
    api_routes = []  # from the schema, so a new API route is tried without listing it here
    for path, operations in schema["paths"].items():
        if operations["get"].get("security"):
            continue  # a member's own, with a token: tests/apps/test_api_tokens.py
        query = {p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"}
        params = [f"{name}={{{name}}}" for name in ("country", "year") if name in query]
        if "page_size" in query:
            params.append("page_size=5000")
        api_routes.append(path + ("?" + "&".join(params) if params else ""))
    templates = [t for ts in SITE_ROUTES.values() for t in ts] + api_routes
    cycles = list(Cycle.objects.select_related("country"))
    tried = 0
    for cycle in cycles:
        other = next(c.country.iso2 for c in cycles if c.country != cycle.country)
        values = {
            "iso2": cycle.country.iso2,
            "country": cycle.country.iso2,
            "year": cycle.year,
            "other": other,
        }
        published = Snapshot.objects.filter(cycle=cycle).exists()
        for template in templates:
            for revision in (1, 2, 3):
                if published and template.endswith(".pdf"):
                    continue  # printed from the HTML page checked here (and slow to render)
                url = template.format(
                    revision=revision,
                    n=1 + revision,
                    alert_id=revision,
                    event_id=revision,
                    **values,
                )
                response = client.get(url)
                tried += 1
                assert response.status_code in (200, 404), url
                body = response.content
                if "wordprocessingml" in response["Content-Type"]:
                    body = docx_text(body).encode()
                elif response["Content-Type"].startswith("application/vnd.openxmlformats"):
                    body = b"".join(
                        str(c.value).encode()
                        for sheet in load_workbook(io.BytesIO(body))
                        for r in sheet.iter_rows()
                        for c in r
                    )
                assert SECRET.encode() not in body, url
                if not published and response.status_code == 200:
                    # The unpublished cycle may be named (a country page lists other years)
                    # but never served: its year appears in no row of scores for it.
                    if "/api/v1/cycles/" in url or url.startswith("/reports/" + values["iso2"]):
                        raise AssertionError(f"unpublished cycle served at {url}")
                    if url.startswith("/data/scores.csv"):
                        assert body.decode().count("\n") == 1, url  # the header only
    assert tried > 500
    assert client.get("/api/v1/cycles/KZ/2025").status_code == 404


def test_the_home_map_colours_each_country_by_its_published_band(demo, client):
    from xml.etree import ElementTree as ET

    from civicspace.core.charts import band_colour

    page = client.get("/?year=2024&principle=p3").content.decode()
    svg = ET.fromstring(re.search(r"<svg[^>]*data-map[^>]*>.*?</svg>|<svg.*?</svg>", page, re.S)[0])
    ns = {"s": "http://www.w3.org/2000/svg"}
    areas = {a.get("data-iso2"): a for a in svg.iter() if a.get("class") == "area"}
    published = {
        s.cycle.country.iso2: s.record.principle("P3")
        for s in Snapshot.objects.filter(cycle__year=2024).select_related("cycle__country")
    }
    assert published
    for iso2, principle in published.items():
        path = areas[iso2].find("s:path", ns)
        assert principle.score is not None
        assert path.get("fill") == band_colour(principle.score, EDITION.scale), iso2
        assert areas[iso2].get("href") == f"/countries/{iso2}/"
    assert "Principle 3" in page
    assert 'href="/data/scores.csv?year=2024&amp;level=principle&amp;principle=P3"' in page
    # Nonsense falls back to the newest year and the first principle.
    fallback = client.get("/?year=1066&principle=P99").content.decode()
    assert "Principle 1, " in fallback
    assert "2025" in fallback


def test_compare_puts_two_to_five_countries_side_by_side_without_ranking(demo, client):
    page = client.get("/countries/compare/?country=RS&country=GE,KZ&year=2024").content.decode()
    assert "No index, no league table." in page
    for iso2 in ("RS", "GE", "KZ"):
        record = latest(iso2, 2024).record
        for p in record.principles:
            cell = (
                f'<th scope="row">P{p.number} {p.name} · {record.country.name}</th>'
                f"<td>{p.score:.1f}</td>"
            )
            assert cell in page, cell
    assert page.index("P1 · Serbia") < page.index("P1 · Georgia") < page.index("P1 · Kazakhstan")
    assert 'href="/data/scores.csv?country=RS%2CGE%2CKZ&amp;year=2024&amp;level=principle"' in page
    too_many = client.get("/countries/compare/?country=GE,KZ,RS,TN,KE,FR")
    assert too_many.status_code == 400
    assert client.get("/countries/compare/?country=GE,KG").status_code == 400  # nothing published
    one = client.get("/countries/compare/?country=GE")
    assert one.status_code == 200
    assert "Choose at least one more country" in one.content.decode()


def _map_view(page: str) -> list[float]:
    found = re.search(r'class="map-view" data-view="([^"]+)"', page)
    assert found is not None
    return [float(v) for v in found[1].split()]


def test_the_home_map_zooms_to_a_region_through_plain_links(demo, client):
    from civicspace.countries.models import Country

    region = Country.objects.get(iso2="KE").region
    world = client.get("/?year=2024&principle=P3").content.decode()
    link = re.search(rf'<a href="([^"]*region={region.code})"[^>]*>{region.name}</a>', world)
    assert link is not None
    page = client.get(html.unescape(link[1])).content.decode()
    assert f"(region: {region.name})" in page
    assert f'data-region="{region.code}" aria-current="true"' in page
    w = _map_view(page)[2]
    assert w < _map_view(world)[2] / 2
    # Kenya, the region's country in the demo, is on the zoomed map and still links to its page.
    kenya = re.search(r'<a href="/countries/KE/" class="area[^"]*" data-iso2="KE"', page)
    assert kenya is not None
    assert f'name="region" value="{region.code}"' in page  # the form keeps the zoom
    # A region the programme does not have shows the world.
    assert _map_view(client.get("/?year=2024&region=NOPE").content.decode()) == _map_view(world)


def test_every_programme_country_is_on_the_map_as_an_area_or_a_marker(demo, client):
    from civicspace.countries.selectors import programme_countries

    page = client.get("/").content.decode()
    shown = set(re.findall(r'class="area(?: marker)?" data-iso2="([A-Z]{2})"', page))
    assert {c.iso2 for c in programme_countries()} <= shown
