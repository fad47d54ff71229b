"""Every public page at one stable address per language, with hreflang links between them.

English is bare (/countries/KZ/), the other languages under their code (/ru/..., /ar/...). The
address decides the language (never a cookie or Accept-Language); data files, the API and the
workspace keep one address each.
"""

import gettext
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pycountry
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

import civicspace
from civicspace.editorial.models import Snapshot

pytestmark = pytest.mark.django_db
PUBLIC_LANGUAGES = [code for code, _name in settings.LANGUAGES]
SITE = settings.CIVICSPACE_SITE_URL.rstrip("/")


class Page(HTMLParser):
    """What these tests read from a page: <html lang dir>, hreflang links, the switcher."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.lang = self.dir = ""
        self.alternates: dict[str, str] = {}
        self.switcher: dict[str, str] = {}
        self.entries: list[str] = []
        self._in_languages = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang, self.dir = a.get("lang", ""), a.get("dir", "")
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "span" and a.get("class") == "languages":
            self._in_languages = True
        elif tag == "a" and self._in_languages and "hreflang" in a:
            self.switcher[a["hreflang"]] = a["href"]

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_languages = False


def public_routes() -> list[tuple[str, list[object]]]:
    """(URL name, args) of every kind of public page, with the demo's published values."""
    snapshot = Snapshot.objects.order_by("cycle__country__iso2", "cycle__year").first()
    assert snapshot is not None
    iso2, year = snapshot.cycle.country.iso2, snapshot.cycle.year
    return [
        ("site:home", []),
        ("countries:list", []),
        ("countries:compare", []),
        ("countries:country", [iso2]),
        ("publishing:list", []),
        ("publishing:report", [iso2, year]),
        ("data_page", []),
        ("methodology", []),
        ("api_page", []),
        ("alert_subscriptions:subscribe", []),
    ]


def address(name: str, args: list[object], language: str) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def test_english_is_bare_and_every_other_language_is_under_its_code():
    for language in PUBLIC_LANGUAGES:
        url = address("countries:country", ["KZ"], language)
        if language == settings.LANGUAGE_CODE:
            assert url == "/countries/KZ/"
        else:
            assert url == f"/{language}/countries/KZ/"


def test_every_public_page_answers_in_each_language_with_lang_dir_and_hreflang(demo, client):
    for name, args in public_routes():
        addresses = {code: address(name, args, code) for code in PUBLIC_LANGUAGES}
        assert len(set(addresses.values())) == len(PUBLIC_LANGUAGES), name
        for language, url in addresses.items():
            response = client.get(url)
            assert response.status_code == 200, url
            page = Page(response.content.decode())
            if name != "publishing:report":  # the report document itself is in English
                assert page.lang == language, url
                bidi = translation.get_language_info(language)["bidi"]
                assert page.dir == ("rtl" if bidi else "ltr"), url
            expected = {code: SITE + other for code, other in addresses.items()}
            expected["x-default"] = SITE + addresses[settings.LANGUAGE_CODE]
            assert page.alternates == expected, url


def test_the_address_wins_over_the_cookie_and_the_browser(demo, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    english = Page(client.get("/countries/", HTTP_ACCEPT_LANGUAGE="ru").content.decode())
    assert english.lang == "en"
    arabic = Page(client.get("/ar/countries/", HTTP_ACCEPT_LANGUAGE="ru").content.decode())
    assert (arabic.lang, arabic.dir) == ("ar", "rtl")


def test_a_bare_public_address_is_never_redirected_by_the_browser_language(demo, client):
    response = client.get("/countries/KZ/", HTTP_ACCEPT_LANGUAGE="ru,ar;q=0.9")
    assert response.status_code == 200
    assert Page(response.content.decode()).lang == "en"


def test_the_switcher_links_to_the_same_page_in_the_other_languages(demo, client):
    page = Page(client.get("/ru/countries/?region=ECA").content.decode())
    assert page.switcher == {"en": "/countries/?region=ECA", "ar": "/ar/countries/?region=ECA"}


def test_data_files_and_the_api_keep_one_address(demo, client):
    for language in PUBLIC_LANGUAGES:
        assert address("open_data:scores", ["csv"], language) == "/data/scores.csv"
        assert address("open_data:schema", [], language) == "/data/schema.json"
        assert address("report_files:pdf", ["KZ", 2024], language) == "/reports/KZ/2024/report.pdf"
    assert client.get("/ru/data/scores.csv").status_code == 404
    # (A report's PDF is a document in a language: /ru/…/report.pdf is the Russian one, tested in
    # tests/apps/test_report_languages.py; the unprefixed address stays the English one.)
    assert client.get("/ar/api/v1/countries").status_code == 404
    russian_page = client.get("/ru/data/").content.decode()
    assert 'href="/data/scores.csv"' in russian_page


def test_files_and_answers_name_english_addresses_whoever_asked_first(demo, client, monkeypatch):
    """The published record is built by whichever request comes first after a publication, and
    an API answer is kept for whoever asks next: neither may take the asker's language."""
    from civicspace.publishing import open_data

    monkeypatch.setattr(open_data, "_record", None)
    monkeypatch.setattr(open_data, "_made", {})
    assert client.get("/ru/countries/GE/").status_code == 200  # builds the record in Russian
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    russian = {"HTTP_ACCEPT_LANGUAGE": "ru"}
    asked = [
        client.get("/data/scores.csv", **russian).content.decode(),
        client.get("/api/v1/scores", **russian).content.decode(),
        client.get("/api/v1/cycles", **russian).content.decode(),
        client.get("/api/v1/reports", **russian).content.decode(),
    ]
    assert all("/reports/GE/" in text for text in asked)
    assert not [text for text in asked if "/ru/reports/" in text]


def test_the_workspace_keeps_the_chosen_language_but_not_arabic(client):
    login = "/accounts/login/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    assert Page(client.get(login).content.decode()).lang == "ru"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page_text = client.get(login).content.decode()
    assert Page(page_text).lang == settings.LANGUAGE_CODE
    offered = set(re.findall(r'<option value="([a-z-]+)"', page_text))
    assert offered == set(settings.CIVICSPACE_WORKSPACE_LANGUAGES)
    assert "ar" not in offered


def _iso_name(english: str, language: str) -> str:
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    return catalogue.gettext(english)


RUSSIAN_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _entries(text: str) -> list[list[str]]:
    """Country names on a list page, one list per region group, in page order."""
    groups = re.split(r"<section class=\"region-group\"", text)[1:]
    return [re.findall(r'<a href="/[a-z/]*countries/[A-Z]{2}/">([^<]+)</a>', g) for g in groups]


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_country_names_are_in_the_readers_language(demo, client, language):
    text = client.get(f"/{language}/countries/").content.decode()
    shown = {name for group in _entries(text) for name in group}
    published = {s.cycle.country.name for s in Snapshot.objects.select_related("cycle__country")}
    assert shown == {_iso_name(english, language) for english in published}
    assert not shown & published  # none left in English


def test_the_russian_list_is_in_alphabetical_order(demo, client):
    text = client.get("/ru/countries/").content.decode()
    for group in _entries(text):
        keys = [
            [RUSSIAN_ALPHABET.index(ch) for ch in name.lower() if ch in RUSSIAN_ALPHABET]
            for name in group
        ]
        assert keys == sorted(keys), group


# Sources whose strings a reader of the public site meets (docs/translation.md, "Arabic").
PUBLIC_SOURCES = (
    "site/templates/site/",
    "site/templates/site_pages/",
    "site/views.py",
    "site/country_pages.py",
    "site/data_pages.py",
    "site/listing.py",
    "site/figures.py",
    "site/report_pages.py",
    "site/subscription_pages.py",
    "site/alert_pages.py",
    "monitoring/vocabulary.py",
    "notifications/alert_forms.py",
    "core/charts.py",
    "core/changes.py",
    "publishing/open_data.py",
    "publishing/templates/publishing/report_document.html",
    "publishing/templates/publishing/report.css",
)


def test_every_public_string_is_translated_into_arabic():
    catalogue = Path(civicspace.__file__).parent / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-wrap", str(catalogue)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    public = [
        entry
        for entry in untranslated.split("\n\n")
        if any(
            source in line
            for line in entry.splitlines()
            if line.startswith("#:")
            for source in PUBLIC_SOURCES
        )
    ]
    assert public == [], "\n\n".join(public)
    translated = subprocess.run(
        ["msgattrib", "--translated", "--no-wrap", str(catalogue)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert translated.count("\nmsgid ") > 100  # the public site's strings are there at all


def test_the_sitemap_lists_every_page_in_every_language_with_alternates(demo, client):
    text = client.get("/sitemap.xml").content.decode()
    located = {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", text)}
    for name, args in public_routes():
        if name == "alert_subscriptions:subscribe":
            continue  # a form, not a page to index
        for language in PUBLIC_LANGUAGES:
            assert address(name, args, language) in located, name
    assert 'hreflang="ar"' in text
    assert 'hreflang="x-default"' in text
