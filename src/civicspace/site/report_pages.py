"""Report pages and PDFs: published snapshots for everyone, drafts for their country's readers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from civicspace.assessments.models import Cycle
from civicspace.assessments.selectors import cycle_for_reader
from civicspace.editorial.models import Snapshot
from civicspace.publishing.rendering import (
    report_html,
    report_of_draft,
    report_of_snapshot,
    report_pdf,
    snapshot_pdf,
)
from civicspace.publishing.selectors import snapshot_get, snapshot_revisions, snapshots_latest


def report_list(request: HttpRequest) -> HttpResponse:
    return render(request, "site/report_list.html", {"snapshots": snapshots_latest()})


def _pdf_name(iso2: str, year: int, suffix: str) -> str:
    return f"civicspace-{iso2.upper()}-{year}-{suffix}.pdf"


def _pdf_response(pdf: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


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
    html = report_html(report_of_snapshot(snapshot), web={"links": _snapshot_links(snapshot)})
    return HttpResponse(html)


def report_pdf_download(
    request: HttpRequest, iso2: str, year: int, revision: int | None = None
) -> HttpResponse:
    snapshot = snapshot_get(iso2=iso2, year=year, revision=revision)
    return _pdf_response(
        snapshot_pdf(snapshot), _pdf_name(iso2, year, f"r{snapshot.revision}"), private=False
    )


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
    return _pdf_response(pdf, _pdf_name(iso2, year, "DRAFT"), private=True)
