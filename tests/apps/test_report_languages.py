"""The report document in the reader's language: its page and its PDF at /ru/... and /ar/...
say the headings, captions and notes in that language; the bare address stays English."""

import re
import subprocess
import unicodedata

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from civicspace.publishing.open_data import published_record

pytestmark = pytest.mark.django_db
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
WORDS = ("Scores at a glance", "Contents", "B. Assessment", "Sources")


def said(language: str, words: str) -> str:
    with translation.override(language):
        return gettext(words)


def plain(text: str) -> str:
    """`text` without bidi controls and vowel marks, shaped Arabic back to plain letters (NFKC)."""
    text = unicodedata.normalize("NFKC", text.translate(BIDI_CONTROLS))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def words_of(text: str) -> set[str]:
    return set(re.findall(r"\w+", plain(text)))


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def pdf_fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def latest(demo) -> tuple[str, int]:
    year = max(c.year for c in published_record().cycles if c.iso2 == "KZ")
    return "KZ", year


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_report_page_speaks_the_language_of_its_address(client, latest, language):
    iso2, year = latest
    text = client.get(f"/{language}/reports/{iso2}/{year}/").content.decode()
    opening = re.search(r"<html[^>]*>", text)
    assert opening is not None
    assert f'lang="{language}"' in opening.group()
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in opening.group()
    for words in WORDS:
        assert said(language, words) != words, f"{words!r} is not translated into {language}"
        assert said(language, words) in text
    assert f'href="/{language}/reports/{iso2}/{year}/report.pdf"' in text


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_report_pdf_is_typeset_in_the_language_of_its_address(
    client, latest, language, tmp_path
):
    iso2, year = latest
    response = client.get(f"/{language}/reports/{iso2}/{year}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{language}.pdf"')
    pdf = b"".join(response)
    # pdftotext writes right-to-left lines in visual order: look for every word of a heading.
    found = words_of(pdf_text(pdf, tmp_path))
    for words in WORDS:
        assert words_of(said(language, words)) <= found, words
    with translation.override(language):
        page = pgettext("report footer: page 3 of 12", "Page")
    assert page != "Page"
    assert page in found  # the running footer too
    if language == "ar":
        assert "Arabic" in pdf_fonts(pdf, tmp_path)


def test_the_bare_pdf_address_stays_english_whatever_the_readers_cookie(client, latest, tmp_path):
    iso2, year = latest
    client.cookies["django_language"] = "ru"
    english = b"".join(client.get(f"/reports/{iso2}/{year}/report.pdf"))
    text = plain(pdf_text(english, tmp_path))
    assert "Scores at a glance" in text
    assert said("ru", "Scores at a glance") not in text
