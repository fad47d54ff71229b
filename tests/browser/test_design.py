"""The public site's design as a reader meets it: the skip link, the filtered lists of
countries and reports, the compare page's default year, Arabic at 360 px (axe-core over every
page type in every language: test_public_languages.py)."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from civicspace.publishing.open_data import published_record
from tests.browser.public import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)
PUBLIC_PAGES = [
    "/",
    "/countries/",
    "/countries/GE/",
    "/countries/compare/?country=GE,KZ",
    "/reports/",
    "/reports/GE/2025/",
    "/data/",
    "/api/",
    "/methodology/",
]


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(demo, live_server, page):
    page.goto(live_server.url + "/countries/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()


def test_the_report_page_has_a_skip_link_too(demo, live_server, page):
    page.goto(live_server.url + "/reports/GE/2025/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the report")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("article#report")).to_be_focused()


def _no_script_page(browser: Browser) -> Page:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    return context.new_page()


def test_the_countries_list_is_grouped_by_region_and_filters_without_javascript(
    demo, live_server, browser
):
    page = _no_script_page(browser)
    page.goto(live_server.url + "/countries/")
    groups = page.locator("[data-list-group] h2")
    assert groups.count() >= 2  # the demo's countries are in more than one region
    page.get_by_role("searchbox", name="Search").fill("geor")
    page.get_by_role("button", name="Show").click()
    assert "q=geor" in page.url
    entries = page.locator("[data-list-entry]")
    expect(entries).to_have_count(1)
    expect(entries.get_by_role("link", name="Georgia")).to_be_visible()
    page.get_by_role("link", name="Clear filters").click()
    everyone = page.locator("[data-list-entry]").count()
    # A region: every listed country then sits under that one region's heading.
    region = page.get_by_role("combobox", name="Region")
    chosen = region.locator("option").nth(1).inner_text()
    region.select_option(label=chosen)
    page.get_by_role("button", name="Show").click()
    expect(page.locator("[data-list-group] h2")).to_have_text([chosen])
    assert 0 < page.locator("[data-list-entry]").count() < everyone
    page.context.close()


def test_the_band_filter_keeps_exactly_the_countries_in_that_band_listed_by_name(
    demo, live_server, browser
):
    # Expected from the published rows themselves: GE's band for P2 in 2024.
    rows = [
        r
        for r in published_record().rows
        if r["level"] == "principle" and r["code"] == "P2" and r["year"] == 2024
    ]
    georgia = next(r for r in rows if r["country_iso2"] == "GE")
    same_label = {r["country"] for r in rows if r["label"] == georgia["label"]}
    page = _no_script_page(browser)
    page.goto(live_server.url + "/reports/?year=2024&principle=P2")
    band = page.get_by_role("combobox", name="Band of that principle")
    option = band.locator("option", has_text=re.compile(rf"^\d+: {georgia['label']}$"))
    band.select_option(option.get_attribute("value"))
    page.get_by_role("button", name="Show").click()
    links = page.locator("[data-list-entry] > a:first-child")
    shown = links.all_inner_texts()
    assert {t.removesuffix(" 2024") for t in shown} == same_label
    assert all(t.endswith("2024") for t in shown)
    # Within a region, by name, never by score.
    for group in page.locator("[data-list-group]").all():
        names = group.locator("[data-list-entry] > a:first-child").all_inner_texts()
        assert names == sorted(names)
    page.context.close()


def test_compare_opens_on_the_latest_year_every_chosen_country_shares(demo, live_server, page):
    # The demo publishes Georgia for 2023-2025 and Kazakhstan for 2023-2024 (2025 is a draft).
    years = {
        iso2: {c.year for c in published_record().cycles if c.iso2 == iso2} for iso2 in ("GE", "KZ")
    }
    shared = max(years["GE"] & years["KZ"])
    assert max(years["GE"] | years["KZ"]) > shared  # the case this test is about
    page.goto(live_server.url + "/countries/compare/?country=GE,KZ")
    expect(page.get_by_role("heading", name=f"Profiles in {shared}")).to_be_visible()
    expect(page.get_by_role("combobox", name="Profiles in")).to_have_value(str(shared))
    expect(
        page.get_by_text(f"Shown for {shared}, the latest year with a published report")
    ).to_be_visible()
    expect(page.get_by_text("No published report for")).to_have_count(0)


def test_arabic_pages_fit_a_360_pixel_screen_from_right_to_left(demo, live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for address in PUBLIC_PAGES:
        page.goto(live_server.url + "/ar" + address)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (address, width)  # nothing wider than the screen
        if address == "/countries/":
            heading = page.get_by_role("heading", level=1).bounding_box()
            assert heading is not None
            assert heading["x"] + heading["width"] > 360 - 40  # starts on the right
    context.close()


def test_with_javascript_the_search_narrows_the_list_while_typing(demo, live_server, page):
    page.goto(live_server.url + "/reports/")
    before = page.url
    page.get_by_role("searchbox", name="Search").press_sequentially("serb")
    visible = page.locator("[data-list-entry]:visible > a:first-child")
    serbia = [c for c in published_record().cycles if c.iso2 == "RS"]
    expect(visible).to_have_count(len(serbia))
    assert all(t.startswith("Serbia") for t in visible.all_inner_texts())
    assert page.url == before  # narrowed in place, not submitted
    expect(page.locator("[data-list-group]:visible")).to_have_count(1)


def test_the_map_zooms_to_a_region_and_every_country_is_reached_from_the_keyboard(
    demo, live_server, browser
):
    from civicspace.countries.models import Country

    region = Country.objects.get(iso2="KE").region
    context = browser.new_context(locale="en-GB", viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(live_server.url)
    view = page.locator("[data-map] .map-view")
    world = view.get_attribute("data-view")
    page.get_by_role("navigation", name="Zoom the map to a region").get_by_role(
        "link", name=region.name
    ).click()
    caption = page.locator("[data-map] figcaption")
    expect(caption).to_contain_text(f"(region: {region.name})")
    assert f"region={region.code}" in page.url
    assert view.get_attribute("data-view") != world
    assert page.locator("[data-map] svg").first.bounding_box()["width"] <= 360
    # Tab through the map: each country is a stop, named with its score and band.
    kenya = page.locator('[data-map] .area[data-iso2="KE"]')
    kenya.focus()
    expect(kenya).to_be_focused()
    assert kenya.get_attribute("aria-label").startswith("Kenya: ")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kenya", exact=True)).to_be_visible()
    page.goto(live_server.url + f"/?region={region.code}")
    assert not serious_violations(page)
    context.close()
