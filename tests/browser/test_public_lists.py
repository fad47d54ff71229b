"""The public lists, map and compare page in a real browser: search typed in English, Russian
and Arabic, filters by region, year and band (by keyboard, and as a plain GET form without
JavaScript), the map's region zoom from the keyboard, and the compare page's year.

Every expectation is read from the published record (publishing.open_data.published_record,
countries.selectors) in the page's language, never written into the test."""

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import Browser, Page, expect

from civicspace.core.framework import load_edition
from civicspace.core.scoring import scale_band
from civicspace.countries.names import country_name
from civicspace.countries.selectors import country_regions
from civicspace.publishing.open_data import PublishedCycle, published_record
from tests.browser.public import public

pytestmark = pytest.mark.django_db(transaction=True)
SHOWN_COUNTRIES = "li[data-list-entry]:visible > a:first-child"


@pytest.fixture
def without_script(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def latest_cycles() -> list[PublishedCycle]:
    """Each country's newest published report: what the countries list shows."""
    newest: dict[str, PublishedCycle] = {}
    for cycle in published_record().cycles:
        if cycle.iso2 not in newest or cycle.year > newest[cycle.iso2].year:
            newest[cycle.iso2] = cycle
    return list(newest.values())


def names_in(language: str) -> dict[str, str]:
    """alpha-2 -> the country's name in `language`, for every country with a published report."""
    with translation.override(language):
        return {c.iso2: country_name(c.country) for c in latest_cycles()}


def a_region_with_fewer_countries() -> tuple[str, set[str]]:
    """A region holding some, not all, of the published countries: (its code, their alpha-2)."""
    iso2s = {c.iso2 for c in latest_cycles()}
    by_region: dict[str, set[str]] = {}
    for iso2, (code, _name) in country_regions(iso2s=iso2s).items():
        if code:
            by_region.setdefault(code, set()).add(iso2)
    code, members = min(by_region.items(), key=lambda item: (len(item[1]), item[0]))
    assert 0 < len(members) < len(iso2s)
    return code, members


def principle_bands(code: str) -> dict[tuple[str, int], int]:
    """(alpha-2, year) -> band of principle `code`, from the published rows and the scale."""
    found = {}
    for row in published_record().rows:
        if row["level"] == "principle" and row["code"] == code and row["score"] is not None:
            band = scale_band(float(row["score"]), load_edition(row["edition"]).scale)
            found[(row["country_iso2"], int(row["year"]))] = band.value
    return found


def submit_by_keyboard(page: Page) -> None:
    """Tab from the focused field to the form's button, and press Enter on it."""
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")


def shown(page: Page) -> set[str]:
    return {text.strip() for text in page.locator(SHOWN_COUNTRIES).all_inner_texts()}


@pytest.mark.parametrize("language", ["en", "ru", "ar"])
def test_typing_in_the_search_narrows_the_countries_list_in_the_pages_language(
    demo, live_server, reader, without_script, language
):
    names = names_in(language)
    # A stretch of one name in the page's own script: it cannot match an English name or a code
    # in Russian or Arabic, so the list must have searched the translated names.
    target = sorted(names.values())[len(names) // 2]
    needle = target[1:4]
    expected = {name for name in names.values() if needle.casefold() in name.casefold()}
    assert target in expected
    assert len(expected) < len(names)

    reader.goto(live_server.url + public(language, "/countries/"))
    assert shown(reader) == set(names.values())
    search = reader.locator("input[data-list-search]")
    search.focus()
    reader.keyboard.type(needle)
    expect(reader.locator(SHOWN_COUNTRIES)).to_have_count(len(expected))
    assert shown(reader) == expected
    assert reader.locator("[data-list-group]:visible").count() >= 1
    # The live status counts what is shown, in the page's language.
    with translation.override(language):
        count = ngettext("%(n)s shown.", "%(n)s shown.", len(expected)) % {"n": len(expected)}
    expect(reader.locator("[role=status][data-list-count]")).to_contain_text(count)

    # Without JavaScript the same box is a GET form the server filters.
    without_script.goto(live_server.url + public(language, "/countries/"))
    without_script.locator("input[data-list-search]").fill(needle)
    without_script.locator("input[data-list-search]").press("Enter")  # submits the form
    without_script.wait_for_url("**q=**")
    assert parse_qs(urlsplit(without_script.url).query)["q"] == [needle]
    assert shown(without_script) == expected


def test_the_countries_list_filters_by_region_by_keyboard_and_as_a_form(
    demo, live_server, reader, without_script
):
    code, members = a_region_with_fewer_countries()
    names = names_in("en")
    expected = {names[iso2] for iso2 in members}

    reader.goto(live_server.url + "/countries/")
    region = reader.get_by_label("Region")
    region.focus()
    region.select_option(code)
    submit_by_keyboard(reader)
    reader.wait_for_url(f"**region={code}**")
    assert shown(reader) == expected
    assert reader.locator("section.region-group").count() == 1
    expect(reader.get_by_role("link", name="Clear filters")).to_be_visible()

    without_script.goto(f"{live_server.url}/countries/?region={code}")
    assert shown(without_script) == expected
    assert without_script.get_by_label("Region").input_value() == code


def test_the_reports_list_filters_by_year_and_by_band_of_a_principle(
    demo, live_server, reader, without_script
):
    cycles = published_record().cycles
    year = max(c.year for c in cycles)
    principle = load_edition(settings.CIVICSPACE_DEFAULT_EDITION).principles[0].code
    bands = principle_bands(principle)
    band = bands[next((c.iso2, c.year) for c in cycles if c.year == year)]
    names = names_in("en")
    in_year = {f"{names[c.iso2]} {c.year}" for c in cycles if c.year == year}
    expected = {
        f"{names[c.iso2]} {c.year}"
        for c in cycles
        if c.year == year and bands.get((c.iso2, c.year)) == band
    }
    assert expected
    assert len(in_year) < len(cycles)

    reader.goto(live_server.url + "/reports/")
    reader.locator("select[name=year]").select_option(str(year))
    reader.get_by_role("button", name="Show").press("Enter")
    reader.wait_for_url(f"**year={year}**")
    assert shown(reader) == in_year
    reader.locator("select[name=principle]").select_option(principle)
    reader.locator("select[name=band]").select_option(str(band))
    reader.get_by_role("button", name="Show").focus()
    reader.keyboard.press("Enter")
    reader.wait_for_url(f"**band={band}**")
    assert shown(reader) == expected
    status = reader.get_by_role("status")
    expect(status).to_contain_text(str(len(expected)))
    expect(status).to_contain_text("not ranked")

    query = f"year={year}&principle={principle}&band={band}"
    without_script.goto(f"{live_server.url}/reports/?{query}")
    assert shown(without_script) == expected
    without_script.locator("select[name=year]").select_option("")
    without_script.get_by_role("button", name="Show").click()
    without_script.wait_for_url("**year=&**")
    assert "year=&" in without_script.url
    assert len(shown(without_script)) == sum(
        1 for c in cycles if bands.get((c.iso2, c.year)) == band
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_map_zooms_to_a_region_from_the_keyboard(demo, live_server, reader, language):
    code, members = a_region_with_fewer_countries()
    reader.goto(live_server.url + public(language, "/"))
    world = reader.locator("[data-map] svg").first.inner_html()
    zoom = reader.locator(f'[data-map-regions] a[data-region="{code}"]')
    zoom.focus()
    reader.keyboard.press("Enter")
    reader.wait_for_url(f"**region={code}**")
    zoomed = reader.locator(f'[data-map-regions] a[data-region="{code}"]')
    expect(zoomed).to_have_attribute("aria-current", "true")
    expect(zoomed).to_be_focused()  # the reader's place is kept after the map is swapped
    assert reader.locator("[data-map] svg").first.inner_html() != world  # swapped in place
    # The region's published countries are all on the zoomed map, each a link.
    drawn = set(
        reader.locator("[data-map] svg a.area").evaluate_all("a => a.map(e => e.dataset.iso2)")
    )
    assert members <= drawn


def test_the_compare_page_opens_on_the_latest_shared_year_and_says_so(demo, live_server, reader):
    years: dict[str, set[int]] = {}
    for cycle in published_record().cycles:
        years.setdefault(cycle.iso2, set()).add(cycle.year)
    newest = max(max(y) for y in years.values())
    # Prefer two countries whose latest shared year is older than the newest published year.
    pairs = [(a, b) for a in sorted(years) for b in sorted(years) if a < b and years[a] & years[b]]
    a, b = min(pairs, key=lambda pair: max(years[pair[0]] & years[pair[1]]))
    shared = max(years[a] & years[b])
    names = names_in("en")

    reader.goto(live_server.url + "/countries/compare/")
    reader.get_by_label(names[a], exact=True).check()
    reader.get_by_label(names[b], exact=True).press("Space")
    reader.get_by_role("button", name="Compare", exact=True).click()
    expect(reader.get_by_role("heading", name=f"Profiles in {shared}")).to_be_visible()
    assert reader.locator("#compare-year").input_value() == str(shared)
    note = reader.locator("section[aria-labelledby=profiles-heading] [role=note]")
    expect(note).to_contain_text(f"Shown for {shared}, the latest year")
    if shared < newest:
        expect(note).to_contain_text(str(newest))
