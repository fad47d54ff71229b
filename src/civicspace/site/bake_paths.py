"""The addresses a baked copy of the public site holds: one list, per language, for the full
build and for the rebuild after a publication.

Every address is made by `reverse()` inside `translation.override(code)` for each language the
site serves, so that per-language addresses (`i18n_patterns`, `/ru/countries/KZ/`) are baked
with no change here. While the addresses are the same in every language, the site serves them
in its default language, and so does the baked copy: each address is baked once.

Early warning's pages, feeds, files and API answers are not baked: they change with every
verification and alert, not with a publication, so the live site serves them (the generated
nginx config's `--upstream`; docs/deploy.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from civicspace.publishing.early_warning_data import EARLY_WARNING_CODEBOOKS
from civicspace.publishing.open_data import PublishedCycle, published_record

SCORE_FORMATS = ("csv", "xlsx", "json")
# Public addresses a baked page may link to that only the live site serves (see above), in any
# language: early warning's pages, feeds, files and API answers, and the API's interactive docs.
LIVE_ONLY = re.compile(
    r"^(/[a-z]{2})?/alerts/"
    rf"|^/data/({'|'.join(name for name, _codebook in EARLY_WARNING_CODEBOOKS)})\."
    r"|^/api/v1/(alerts|events|docs)(/|$)"
)


@dataclass(frozen=True)
class BakePath:
    """One address to bake. `paginated`: an API list whose `next` links name further pages,
    baked too (`pages_of` says what they list). `pdf`: a report PDF, left out of a build
    without PDFs. `same_as`: an address listed before this one that answers with the same
    bytes (a report's newest revision is the report itself), copied rather than made again; a
    test holds the views to it."""

    path: str
    paginated: bool = False
    pdf: bool = False
    same_as: str = ""
    # An API list whose pages are slices of the published record's "rows" or "cycles": a page
    # whose slice is what it was at the last build is kept without being asked for again.
    pages_of: str = ""
    # A report's page or document (PDF, Word): the revision (country, year, number) it shows and
    # the language of its headings. One made from the same at the last build (for a page, with
    # the same revisions to link to) is kept without being asked for again: after a correction
    # the country's other reports are not read.
    document_of: tuple[str, int, int] | None = None
    language: str = ""
    # The country (ISO alpha-2) whose page, file or answer this is; "" for lists and the rest.
    # A build in several processes shares the addresses out by country (`bake_parallel`).
    country: str = ""


def _languages() -> list[str]:
    """The default language first: while addresses do not differ, its pages are the ones baked."""
    codes = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != settings.LANGUAGE_CODE)


def _unchanging() -> Iterator[BakePath]:
    """Pages and files that no publication changes (they change with a new release)."""
    for name in (
        "methodology",
        "api_page",
        "open_data:codebook",
        "open_data:schema",
        "api:index",
        "api:codebook",
        "api:openapi-json",
    ):
        yield BakePath(reverse(name))


def _lists() -> Iterator[BakePath]:
    """Pages, files and API answers that list or count every published report."""
    for name in ("site:home", "countries:list", "countries:compare", "publishing:list"):
        yield BakePath(reverse(name))
    yield BakePath(reverse("data_page"))
    for fmt in SCORE_FORMATS:
        yield BakePath(reverse("open_data:scores", args=[fmt]))
    lists = {
        "api:countries": "",
        "api:cycles": "cycles",
        "api:scores": "rows",
        "api:reports": "cycles",
    }
    for name, pages_of in lists.items():
        yield BakePath(reverse(name), paginated=True, pages_of=pages_of)


def _country(iso2: str, cycles: list[PublishedCycle]) -> Iterator[BakePath]:
    """A country's page and API answer, and each of its reports, every revision, and documents."""
    yield BakePath(reverse("countries:country", args=[iso2]), country=iso2)
    yield BakePath(reverse("api:country", args=[iso2]), country=iso2)
    language = translation.get_language()
    for cycle in cycles:
        newest = partial(
            BakePath,
            pdf=True,
            document_of=(iso2, cycle.year, cycle.revision),
            language=language,
            country=iso2,
        )
        page = reverse("publishing:report", args=[iso2, cycle.year])
        pdf = reverse("report_files:pdf", args=[iso2, cycle.year])
        yield newest(page, pdf=False)
        yield newest(pdf)
        # The PDF in this language (in English, the same address as the one above).
        language_pdf = reverse("publishing:pdf", args=[iso2, cycle.year])
        yield newest(language_pdf)
        docx = reverse("report_files:docx", args=[iso2, cycle.year])
        yield newest(docx)  # a document, like the PDF: left out with --no-pdfs
        language_docx = reverse("publishing:docx", args=[iso2, cycle.year])
        yield newest(language_docx)
        yield BakePath(reverse("api:cycle", args=[iso2, cycle.year]), country=iso2)
        for revision in cycle.revisions:
            args = [iso2, cycle.year, revision.number]
            is_newest = revision.number == cycle.revision
            # A page is baked for itself: its language links and hreflang name its own address.
            document = partial(
                BakePath,
                pdf=True,
                document_of=(iso2, cycle.year, revision.number),
                language=language,
                country=iso2,
            )
            yield document(reverse("publishing:revision", args=args), pdf=False)
            yield document(
                reverse("report_files:revision_pdf", args=args), same_as=pdf if is_newest else ""
            )
            yield document(
                reverse("publishing:revision_pdf", args=args),
                same_as=language_pdf if is_newest else "",
            )
            yield document(
                reverse("report_files:revision_docx", args=args),
                same_as=docx if is_newest else "",
            )
            yield document(
                reverse("publishing:revision_docx", args=args),
                same_as=language_docx if is_newest else "",
            )


def bake_paths(*, country: str | None = None) -> list[BakePath]:
    """Every public address, in every language; with `country` (ISO alpha-2), only those a
    publication of that country's changes: its own pages, files and API answers, and every
    list, count and file of all reports."""
    by_country: dict[str, list[PublishedCycle]] = {}
    for cycle in published_record().cycles:
        by_country.setdefault(cycle.iso2, []).append(cycle)
    wanted = [country.upper()] if country else sorted(by_country)
    parts: list[Callable[[], Iterator[BakePath]]] = [_lists]
    if country is None:
        parts.insert(0, _unchanging)
    parts += [partial(_country, iso2, by_country[iso2]) for iso2 in wanted if iso2 in by_country]
    found: dict[str, BakePath] = {}
    for code in _languages():
        with translation.override(code):
            for part in parts:
                for each in part():
                    found.setdefault(each.path, each)
    return list(found.values())
