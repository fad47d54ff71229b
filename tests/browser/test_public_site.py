"""A reader on the public site: from the home page to a country, its chart and its data."""

import csv

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_goes_from_home_to_a_country_and_downloads_its_scores(
    demo, live_server, page, tmp_path
):
    page.goto(live_server.url)
    page.get_by_role("link", name="Countries", exact=True).click()
    page.get_by_role("link", name="Georgia").click()
    expect(page.get_by_role("heading", name="Georgia", exact=True)).to_be_visible()
    chart = page.get_by_role("img", name="Georgia 2025: the six principles")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 100
    expect(page.get_by_role("heading", name="What changed since 2024")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these scores (CSV)").click()
    path = tmp_path / "scores.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert {r["country_iso2"] for r in rows} == {"GE"}
    assert {r["year"] for r in rows} == {"2023", "2024", "2025"}
    p1 = [r for r in rows if r["code"] == "P1" and r["year"] == "2025"]
    expect(page.get_by_role("cell", name=p1[0]["score"], exact=True).first).to_be_visible()
