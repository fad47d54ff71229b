"""Published reports as pages, PDFs and Word files, with their revisions: snapshots only, never
drafts."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from civicspace.editorial.models import Snapshot
from civicspace.publishing.docx_export import report_docx
from civicspace.publishing.open_data import published_record
from civicspace.publishing.pdfs import snapshot_pdf
from civicspace.publishing.rendering import report_document, report_of_snapshot, report_page
from civicspace.publishing.responses import docx_name, docx_response, pdf_name, pdf_response
from civicspace.publishing.selectors import (
    snapshot_get,
    snapshot_previous_checksum,
    snapshot_revisions_listed,
)
from civicspace.site.languages import alternates
from civicspace.site.listing import filters_from, grouped
from civicspace.site.report_cache import report_page_cached, report_page_key


def report_list(request: HttpRequest) -> HttpResponse:
    record = published_record()
    filters, regions = filters_from(request, record)
    groups = grouped(record, filters, regions, latest_only=False)
    context = {"groups": groups, "filters": filters, "count": sum(len(g.entries) for g in groups)}
    return render(request, "site/report_list.html", context)


def _snapshot_links(snapshot: Snapshot, revisions: list[Snapshot]) -> list[dict[str, object]]:
    iso2, year = snapshot.cycle.country.iso2, snapshot.cycle.year
    latest = revisions[-1]
    links: list[dict[str, object]] = [
        {"href": reverse("publishing:list"), "label": _("All reports")},
        {
            "href": reverse("publishing:revision_pdf", args=[iso2, year, snapshot.revision])
            if snapshot.revision != latest.revision
            else reverse("publishing:pdf", args=[iso2, year]),
            "label": _("Download PDF"),
            "download": True,
        },
        {
            "href": reverse("publishing:revision_docx", args=[iso2, year, snapshot.revision])
            if snapshot.revision != latest.revision
            else reverse("publishing:docx", args=[iso2, year]),
            "label": _("Download Word (DOCX)"),
            "download": True,
        },
    ]
    if snapshot.revision != latest.revision:
        links.append(
            {
                "href": reverse("publishing:report", args=[iso2, year]),
                "label": _("This is revision %(n)s; read the current one")
                % {"n": snapshot.revision},
            }
        )
    elif len(revisions) > 1:
        links += [
            {
                "href": reverse("publishing:revision", args=[iso2, year, r.revision]),
                "label": _("Revision %(n)s") % {"n": r.revision},
            }
            for r in revisions[:-1]
        ]
    return links


def report(request: HttpRequest, iso2: str, year: int, revision: int | None = None) -> HttpResponse:
    """A published revision's page: its report body as kept (report_cache.py), rendered once,
    inside the navigation and language links of this address, made on every request."""
    revisions = snapshot_revisions_listed(iso2=iso2, year=year)
    wanted = (
        [r for r in revisions if r.revision == revision] if revision is not None else revisions[-1:]
    )
    if not wanted:
        raise Http404
    snapshot = wanted[0]
    cycle = snapshot.cycle
    previous = snapshot_previous_checksum(country_id=cycle.country_id, year=cycle.year)
    page = report_page_cached(
        key=report_page_key(snapshot=snapshot, previous=previous),
        render=lambda: report_page(report_of_snapshot(snapshot)),
    )
    web = {"links": _snapshot_links(snapshot, revisions), "alternates": alternates(request)}
    return HttpResponse(report_document(page, web=web))


def _file_suffix(snapshot: Snapshot) -> str:
    """A downloaded file's name ends with its revision, and its language unless English:
    civicspace-KZ-2025-r1-ru.pdf."""
    language = translation.get_language()
    return f"r{snapshot.revision}" + ("" if language == settings.LANGUAGE_CODE else f"-{language}")


def report_pdf_download(
    request: HttpRequest, iso2: str, year: int, revision: int | None = None
) -> HttpResponse:
    """The PDF in the address's language (English at a bare address): the document's headings,
    captions and notes are translated, the written texts stay as their authors wrote them."""
    snapshot = snapshot_get(iso2=iso2, year=year, revision=revision)
    suffix = _file_suffix(snapshot)
    return pdf_response(snapshot_pdf(snapshot), pdf_name(iso2, year, suffix), private=False)


def report_docx_download(
    request: HttpRequest, iso2: str, year: int, revision: int | None = None
) -> HttpResponse:
    """The published revision as a Word file, in the address's language as the PDF is (English
    at a bare address: the file the importer reads back for the next revision)."""
    snapshot = snapshot_get(iso2=iso2, year=year, revision=revision)
    return docx_response(
        report_docx(report_of_snapshot(snapshot), language=translation.get_language()),
        docx_name(iso2, year, _file_suffix(snapshot)),
        private=False,
    )
