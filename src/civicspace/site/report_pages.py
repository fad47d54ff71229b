"""Published reports as pages, PDFs and Word files, with their revisions: snapshots only, never
drafts."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from civicspace.editorial.models import Snapshot
from civicspace.publishing.docx_export import report_docx
from civicspace.publishing.open_data import published_record
from civicspace.publishing.pdfs import snapshot_pdf
from civicspace.publishing.rendering import report_html, report_of_snapshot
from civicspace.publishing.responses import docx_name, docx_response, pdf_name, pdf_response
from civicspace.publishing.selectors import snapshot_get, snapshot_revisions
from civicspace.site.languages import alternates
from civicspace.site.listing import filters_from, grouped


def report_list(request: HttpRequest) -> HttpResponse:
    record = published_record()
    filters, regions = filters_from(request, record)
    groups = grouped(record, filters, regions, latest_only=False)
    context = {"groups": groups, "filters": filters, "count": sum(len(g.entries) for g in groups)}
    return render(request, "site/report_list.html", context)


def _snapshot_links(snapshot: Snapshot) -> list[dict[str, object]]:
    iso2, year = snapshot.cycle.country.iso2, snapshot.cycle.year
    revisions = list(snapshot_revisions(iso2=iso2, year=year))
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
            "href": reverse("report_files:revision_docx", args=[iso2, year, snapshot.revision])
            if snapshot.revision != latest.revision
            else reverse("report_files:docx", args=[iso2, year]),
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
    snapshot = snapshot_get(iso2=iso2, year=year, revision=revision)
    web = {"links": _snapshot_links(snapshot), "alternates": alternates(request)}
    html = report_html(report_of_snapshot(snapshot), web=web)
    return HttpResponse(html)


def report_pdf_download(
    request: HttpRequest, iso2: str, year: int, revision: int | None = None
) -> HttpResponse:
    """The PDF in the address's language (English at a bare address): the document's headings,
    captions and notes are translated, the written texts stay as their authors wrote them."""
    snapshot = snapshot_get(iso2=iso2, year=year, revision=revision)
    language = translation.get_language()
    suffix = f"r{snapshot.revision}" + (
        "" if language == settings.LANGUAGE_CODE else f"-{language}"
    )
    return pdf_response(snapshot_pdf(snapshot), pdf_name(iso2, year, suffix), private=False)


def report_docx_download(
    request: HttpRequest, iso2: str, year: int, revision: int | None = None
) -> HttpResponse:
    """The published revision as a Word file (for offline editing of the next revision)."""
    snapshot = snapshot_get(iso2=iso2, year=year, revision=revision)
    return docx_response(
        report_docx(report_of_snapshot(snapshot)),
        docx_name(iso2, year, f"r{snapshot.revision}"),
        private=False,
    )
