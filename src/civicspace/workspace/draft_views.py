"""A cycle's draft report as a page, a PDF and a Word file, marked DRAFT, for its country's
readers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from civicspace.assessments.models import Cycle
from civicspace.assessments.selectors import cycle_for_reader
from civicspace.publishing.docx_export import report_docx
from civicspace.publishing.rendering import report_html, report_of_draft, report_pdf
from civicspace.publishing.responses import docx_name, docx_response, pdf_name, pdf_response


def _state(cycle: Cycle) -> str:
    return str(cycle.get_state_display()).lower()


@never_cache
@login_required
def draft_report(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """The cycle's report as it stands, watermarked DRAFT; only its country's readers see it."""
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    iso2 = cycle.country.iso2
    links = [
        {"href": reverse("assessments:overview", args=[iso2, year]), "label": _("Workspace")},
        {
            "href": reverse("drafts:pdf", args=[iso2, year]),
            "label": _("Download draft PDF"),
            "download": True,
        },
        {
            "href": reverse("drafts:docx", args=[iso2, year]),
            "label": _("Download draft as Word (DOCX)"),
            "download": True,
        },
    ]
    html = report_html(report_of_draft(cycle), web={"links": links}, state=_state(cycle))
    response = HttpResponse(html)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@login_required
def draft_report_pdf(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    pdf = report_pdf(report_html(report_of_draft(cycle), state=_state(cycle)))
    return pdf_response(pdf, pdf_name(iso2, year, "DRAFT"), private=True)


@never_cache
@login_required
def draft_report_docx(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """The draft as a Word file to edit offline and upload again (texts page, "Upload a
    document"); only its country's readers get it."""
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    docx = report_docx(report_of_draft(cycle), state=_state(cycle))
    return docx_response(docx, docx_name(cycle.country.iso2, year, "DRAFT"), private=True)
