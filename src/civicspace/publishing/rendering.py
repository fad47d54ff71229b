"""Report outputs: the HTML document, and the PDF WeasyPrint makes from that same HTML."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from civicspace.assessments.models import Cycle
from civicspace.core.research import long_date
from civicspace.editorial.models import Snapshot
from civicspace.editorial.snapshots import cycle_record
from civicspace.publishing.report import Report, report_build
from civicspace.publishing.selectors import snapshot_previous, snapshot_revisions


class ReportFetchRefused(ValueError):
    """The PDF renderer was asked to load an outside resource; reports never do."""


def report_of_snapshot(snapshot: Snapshot) -> Report:
    """A published revision as it was frozen, with the earlier year's published report (if any)
    for the change chart and the revision's public corrections."""
    cycle = snapshot.cycle
    previous = snapshot_previous(country_id=cycle.country_id, year=cycle.year)
    revisions = snapshot_revisions(iso2=cycle.country.iso2, year=cycle.year).filter(
        revision__lte=snapshot.revision
    )
    return report_build(
        snapshot.record,
        draft=False,
        previous=previous.record if previous else None,
        revision={
            "number": snapshot.revision,
            "published": snapshot.published_at.date().isoformat(),
            "checksum": snapshot.checksum,
            "archive": long_date(snapshot.archive_published_on)
            if snapshot.archive_published_on
            else "",
        },
        corrections=[
            {
                "number": r.revision,
                "published": r.published_at.date().isoformat(),
                "note": r.correction_note,
            }
            for r in revisions
            if r.revision > 1
        ],
    )


def report_of_draft(cycle: Cycle) -> Report:
    """The cycle as it stands now, marked DRAFT; compared with the last *published* earlier
    year, never with another draft."""
    previous = snapshot_previous(country_id=cycle.country_id, year=cycle.year)
    return report_build(
        cycle_record(cycle=cycle), draft=True, previous=previous.record if previous else None
    )


@dataclass(frozen=True)
class ReportPage:
    """A report's document without what surrounds it on the web: what its <head> names and its
    body. For a published revision it is the same whatever page shows it, so it can be kept."""

    title: str
    demo: bool
    draft: bool
    author: str
    body: SafeString


def report_page(report: Report, *, state: str = "") -> ReportPage:
    """The report's body (cover, scores, texts, sources; styles and charts inline, no scripts).

    `state` names a draft's workflow state on its cover. Headings, captions and notes are in the
    active language; the texts stay as their authors wrote them.
    """
    body = render_to_string("publishing/report_body.html", {"report": report, "draft_state": state})
    return ReportPage(
        title=report.title,
        demo=report.record.demo,
        draft=report.draft,
        author=report.record.network_member or "",
        body=mark_safe(body.strip()),  # noqa: S308 - rendered by our template, autoescaped
    )


def report_document(page: ReportPage, *, web: dict[str, Any] | None = None) -> str:
    """The complete, self-contained HTML document of `page`. `web` adds the page's navigation
    bar (hidden in print) and its language links."""
    return render_to_string("publishing/report_document.html", {"page": page, "web": web})


def report_html(report: Report, *, web: dict[str, Any] | None = None, state: str = "") -> str:
    """The complete, self-contained HTML document (styles and charts inline, no scripts).

    `web` adds the page's navigation bar (hidden in print); `state` names a draft's workflow
    state on its cover.
    """
    return report_document(report_page(report, state=state), web=web)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    # Styles, charts and fonts are inline or local: nothing from a report may reach the network.
    raise ReportFetchRefused(f"reports load no outside resources (asked for {url[:80]!r})")


def report_pdf(html: str) -> bytes:
    """A4 PDF of the report document, tagged for screen readers."""
    from weasyprint import HTML  # imported on use: loading Pango costs ~0.3 s at start-up

    document = HTML(string=html, url_fetcher=_refuse_fetch, media_type="print")
    pdf: bytes = document.write_pdf(pdf_tags=True)  # bytes, as no target file is given
    return pdf
