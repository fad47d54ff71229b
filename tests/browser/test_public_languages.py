"""Language addresses in the browser, axe-core over every kind of public page in English,
Russian and Arabic with no sideways scroll on a narrow screen, and the report document read
right to left in Arabic (its PDF too)."""

import subprocess

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from civicspace.publishing.open_data import published_record
from tests.apps.test_report_languages import pdf_text, words_of
from tests.browser.public import public, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def in_arabic(text: str) -> str:
    """`text` as the Arabic catalogue words it."""
    with translation.override("ar"):
        return gettext(text)


def platform_fonts(page: Page, selector: str) -> list[str]:
    """The fonts Chromium really drew `selector`'s text with (not the CSS wish list)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return [font["familyName"] for font in fonts]


def kazakhstan_latest() -> int:
    return max(c.year for c in published_record().cycles if c.iso2 == "KZ")


@pytest.mark.parametrize("kind", ["country", "report"])
def test_switching_language_keeps_the_page_with_its_lang_dir_and_hreflang(
    demo, live_server, reader, kind
):
    year = kazakhstan_latest()
    path = "/countries/KZ/" if kind == "country" else f"/reports/KZ/{year}/"
    reader.goto(live_server.url + path)
    for language in ("ru", "ar", "en"):
        name = dict(settings.LANGUAGES)[language]
        reader.locator(f"a[hreflang='{language}']", has_text=name).first.click()
        expect(reader).to_have_url(live_server.url + public(language, path))
        html = reader.locator("html")
        expect(html).to_have_attribute("lang", language)
        expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        alternates = reader.locator("head link[rel=alternate][hreflang]")
        found = {
            link.get_attribute("hreflang"): link.get_attribute("href") for link in alternates.all()
        }
        assert set(found) == {*LANGUAGES, "x-default"}
        for code in LANGUAGES:
            assert found[code].endswith(public(code, path))
        assert found["x-default"] == found["en"]


def public_page_kinds() -> list[str]:
    """One address of every kind of public page, with the demo's published values."""
    from civicspace.monitoring.public_selectors import public_alerts

    record = published_record()
    first = min(record.cycles, key=lambda c: (c.iso2, c.year))
    two = sorted({c.iso2 for c in record.cycles})[:2]
    alert = public_alerts()[0]
    return [
        "/",
        "/countries/",
        f"/countries/compare/?country={two[0]}&country={two[1]}",
        f"/countries/{first.iso2}/",
        "/reports/",
        f"/reports/{first.iso2}/{first.year}/",
        "/data/",
        "/methodology/",
        "/api/",
        "/alerts/",
        f"/alerts/{alert.id}/",
        f"/alerts/events/{alert.events[0].id}/",
        "/alerts/subscribe/",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_passes_axe_core_and_fits_a_narrow_screen(
    demo, live_server, reader, language
):
    found: dict[str, list[str]] = {}
    wide: set[str] = set()
    for width in (1280, 360):
        reader.set_viewport_size({"width": width, "height": 800})
        for path in public_page_kinds():
            response = reader.goto(live_server.url + public(language, path))
            assert response is not None, path
            assert response.status == 200, path
            assert reader.locator("html").get_attribute("lang") == language
            overflow = reader.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            if overflow:
                wide.add(path)
            if width == 1280 and (problems := serious_violations(reader)):
                found[path] = problems
    assert not found, found
    assert not wide, f"{wide} scroll sideways at 360 px"


def test_the_arabic_report_reads_right_to_left_with_an_arabic_font(demo, live_server, reader):
    year = kazakhstan_latest()
    reader.set_viewport_size({"width": 1280, "height": 900})
    reader.goto(f"{live_server.url}/ar/reports/KZ/{year}/")
    html = reader.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    glance = reader.locator("#glance-heading")
    expect(glance).to_have_text(in_arabic("Scores at a glance"))
    expect(reader.locator("#toc-heading")).to_have_text(in_arabic("Contents"))
    assert any("Arabic" in font for font in platform_fonts(reader, "#glance-heading"))

    # Headings start on the right; the scores table's first column (the principle) too.
    report = reader.locator("article.report").bounding_box()
    right = glance.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return r.getBoundingClientRect().right; }"
    )
    assert right > report["x"] + report["width"] - 40  # the heading's words end on the right
    headers = reader.locator("table.scores thead th")
    expect(headers.first).to_have_text(in_arabic("Principle"))
    assert headers.nth(0).bounding_box()["x"] > headers.nth(1).bounding_box()["x"]

    # Dates and codes are isolated left to right, so they read as written.
    dates = reader.locator(".cover bdi[dir=ltr]")
    assert dates.count() >= 2
    for bdi in dates.all():
        assert bdi.evaluate("e => getComputedStyle(e).direction") == "ltr"
    # Charts keep their scale running left to right.
    assert reader.locator("figure svg").first.evaluate("e => getComputedStyle(e).direction") == (
        "ltr"
    )
    nav = reader.locator("nav.webbar")
    pdf_link = nav.get_by_role("link", name=in_arabic("Download PDF"))
    assert pdf_link.get_attribute("href") == f"/ar/reports/KZ/{year}/report.pdf"


def test_the_report_pdf_downloads_in_the_language_of_its_page(demo, live_server, reader, tmp_path):
    year = kazakhstan_latest()
    reader.goto(f"{live_server.url}/ar/reports/KZ/{year}/")
    with reader.expect_download(timeout=90_000) as download:  # typeset on first download
        reader.locator("nav.webbar").get_by_role("link", name=in_arabic("Download PDF")).click()
    assert download.value.suggested_filename.endswith("-ar.pdf")
    path = tmp_path / "report-ar.pdf"
    download.value.save_as(path)
    found = words_of(pdf_text(path.read_bytes(), tmp_path))
    for words in ("Scores at a glance", "Contents", "B. Assessment"):
        assert words_of(in_arabic(words)) <= found, words
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Arabic" in fonts
