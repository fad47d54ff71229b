"""A folder of past reports, without a database: the country a file name or title names, and the
publication date a document states."""

from __future__ import annotations

from datetime import date

import pytest

from civicspace.core.framework import load_edition
from civicspace.imports.report_archive import (
    country_in_text,
    country_of_file,
    country_of_title,
    publication_date_of,
)
from civicspace.imports.report_document import report_document_read
from civicspace.imports.values import CountryResolver

RESOLVER = CountryResolver(
    {"KZ": "Kazakhstan", "GE": "Georgia", "AM": "Armenia", "CI": "Côte d'Ivoire", "XK": "Kosovo"}
)


@pytest.mark.parametrize(
    ("name", "iso2"),
    [
        ("Kazakhstan_2024.docx", "KZ"),
        ("KZ-CFR-2024.md", "KZ"),
        ("KAZ 2024 final v2.txt", "KZ"),
        ("country-focus-report-georgia.docx", "GE"),
        ("EU-SEE_Country_Focus_Report_Cote_d'Ivoire_2024.docx", "CI"),
        ("Kosovo.md", "XK"),
    ],
)
def test_a_file_name_names_its_country_in_the_forms_publishers_use(name, iso2):
    assert country_of_file(name, RESOLVER) == iso2


@pytest.mark.parametrize(
    "name", ["report-2024.docx", "Georgia-and-Armenia-2024.md", "France_2024.docx", "notes.txt"]
)
def test_a_name_with_no_country_two_or_one_outside_the_programme_names_none(name):
    assert country_of_file(name, RESOLVER) is None


def read(text: str):
    return report_document_read(data=text.encode(), name="r.md", edition=load_edition("eusee-2025"))


def test_the_title_page_names_the_country_when_the_file_name_does_not():
    document = read(
        "# Country Focus Report: Armenia 2024\n\nPublished: March 2025\n\n# A. Introduction\n"
    )
    assert country_of_title(document, RESOLVER) == "AM"
    assert country_in_text("Country Focus Report 2024", RESOLVER) is None


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Published: March 2025", date(2025, 3, 1)),
        ("Publication date: 12 March 2025", date(2025, 3, 12)),
        ("Published on 2025-03-12", date(2025, 3, 12)),
        ("*First published in November 2024*", date(2024, 11, 1)),
    ],
)
def test_the_publication_date_is_read_from_a_line_of_its_own(line, day):
    assert publication_date_of(read(f"# Title\n\n{line}\n\n# A. Introduction\n")) == day


def test_a_date_in_a_sentence_is_not_a_publication_date():
    document = read("# A. Introduction\n\nThe law was published in March 2025 by the ministry.\n")
    assert publication_date_of(document) is None
