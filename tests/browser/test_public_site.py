"""A reader on the public site: from the home page to a country, its chart and its data."""

import csv

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_goes_from_home_to_a_country_and_downloads_its_scores(
    demo, live_server, page, tmp_path
):
    page.goto(live_server.url)
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Countries").click()
    page.get_by_role("link", name="Georgia").click()
    expect(page.get_by_role("heading", name="Georgia", exact=True)).to_be_visible()
    chart = page.get_by_role("img", name="Georgia 2025: the six principles").first
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 100
    expect(page.get_by_role("heading", name="What changed since 2024")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download all of this country's scores").click()
    path = tmp_path / "scores.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert {r["country_iso2"] for r in rows} == {"GE"}
    assert {r["year"] for r in rows} == {"2023", "2024", "2025"}
    p1 = [r for r in rows if r["code"] == "P1" and r["year"] == "2025"]
    profile = page.locator("#figure-country-profile")
    profile.get_by_role("button", name="Table").click()
    expect(profile.get_by_role("cell", name=p1[0]["score"], exact=True).first).to_be_visible()


def test_the_map_renders_follows_its_controls_and_links_to_countries(demo, live_server, page):
    page.goto(live_server.url)
    serbia = page.locator('svg a.area[data-iso2="RS"]')
    expect(serbia).to_be_visible()
    box = page.locator("svg#chart-world-map, [data-map] svg").first.bounding_box()
    assert box["width"] > 600
    assert box["height"] > 250
    # With JavaScript the map is swapped in place and the address follows the choice.
    page.get_by_role("combobox", name="Principle").select_option("P4")
    expect(
        page.get_by_text("Principle 4, Open and Responsive State", exact=False).first
    ).to_be_visible()
    assert "principle=P4" in page.url
    expect(page.get_by_role("button", name="Show")).to_be_hidden()
    # Chart and table views of the same data.
    page.locator("[data-map]").get_by_role("button", name="Table").click()
    expect(page.locator("[data-map] table")).to_be_visible()
    expect(page.locator("[data-map] svg")).to_be_hidden()
    page.locator("[data-map]").get_by_role("button", name="Chart").click()
    page.locator('svg a.area[data-iso2="RS"]').click()
    expect(page.get_by_role("heading", name="Serbia", exact=True)).to_be_visible()


def test_the_map_works_without_javascript(demo, live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url)
    page.get_by_role("combobox", name="Year").select_option("2023")
    page.get_by_role("button", name="Show").click()
    assert "year=2023" in page.url
    expect(page.get_by_text("published scores for 2023").first).to_be_visible()
    page.locator("[data-map] summary").click()  # the table sits in a disclosure
    expect(page.locator("[data-map] table")).to_be_visible()
    context.close()


def test_compare_two_countries_and_read_the_table_and_csv(demo, live_server, page, tmp_path):
    page.goto(live_server.url)
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Compare").click()
    expect(page.get_by_text("No index, no league table.")).to_be_visible()
    page.get_by_label("Georgia").check()
    page.get_by_label("Tunisia").check()
    page.get_by_role("button", name="Compare", exact=True).click()
    profiles = page.locator("#figure-compare-profiles")
    expect(profiles.get_by_role("img")).to_be_visible()
    expect(page.locator("#figure-compare-trend").get_by_role("img")).to_be_visible()
    profiles.get_by_role("button", name="Table").click()
    table = profiles.get_by_role("table")
    expect(table).to_be_visible()
    with page.expect_download() as download:
        profiles.get_by_role("link", name="Download this data (CSV)").click()
    path = tmp_path / "compare.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert {r["country_iso2"] for r in rows} == {"GE", "TN"}
    assert {r["level"] for r in rows} == {"principle"}
    for row in rows:
        header = f"P{row['code'][1:]} {row['name']} · {row['country']}"
        cells = table.get_by_role("row", name=header).get_by_role("cell")
        expect(cells.first).to_have_text(f"{float(row['score']):.1f}")


def test_russian_pages_and_a_right_to_left_layout(demo, live_server, browser):
    russian = browser.new_context(locale="ru-RU")
    page = russian.new_page()
    page.goto(live_server.url + "/ru/countries/compare/")
    expect(page.get_by_role("link", name="Страны", exact=True)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "ru"
    russian.close()
    arabic = browser.new_context(locale="ar")
    page = arabic.new_page()
    page.goto(live_server.url + "/ar/countries/GE/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    site = page.locator("nav.site").bounding_box()
    account = page.locator("nav.account").bounding_box()
    assert site["x"] > account["x"]  # the site's navigation starts on the right
    heading = page.get_by_role("heading", level=1).bounding_box()  # Georgia, named in Arabic
    main = page.locator("main").bounding_box()
    assert heading["x"] + heading["width"] > main["x"] + main["width"] - 40
    chart = page.locator("#figure-country-profile svg").bounding_box()
    assert chart["width"] > 300  # charts keep their own left-to-right scale
    arabic.close()


def test_the_language_links_open_the_same_page_at_its_address_in_that_language(
    demo, live_server, page
):
    page.goto(live_server.url + "/countries/GE/")
    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(live_server.url + "/ru/countries/GE/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_role("link", name="العربية").click()
    expect(page).to_have_url(live_server.url + "/ar/countries/GE/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/countries/GE/")
