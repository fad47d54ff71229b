"""Workspace page "Upload a document": a report document previewed against the draft, then
applied, refused if the draft changed since the preview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civicspace.accounts.permissions import signed_in_user
from civicspace.assessments.models import Cycle
from civicspace.assessments.panel_services import EditConflict
from civicspace.assessments.selectors import cycle_for_member
from civicspace.assessments.services import CycleError
from civicspace.core.framework import load_edition
from civicspace.editorial.import_services import (
    ReportImportOutcome,
    draft_versions,
    report_import,
    report_import_token,
)
from civicspace.editorial.selectors import text_keys
from civicspace.i18n import localise
from civicspace.imports.problems import ImportRefused
from civicspace.imports.report_document import ReportDocument, report_document_read
from civicspace.monitoring.evidence_selectors import period_event_tallies

SESSION_KEY = "report-document"
# The file waits in the session between preview and apply; a report is far smaller.
MAX_UPLOAD_BYTES = 5 * 1024**2


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """Only the country's Network Member reaches this page (404 for anyone else)."""
    cycle = cycle_for_member(request.user, iso2=iso2, year=year)
    context: dict[str, Any] = {"cycle": cycle}
    if request.method == "POST" and "apply" in request.POST:
        stashed = request.session.get(SESSION_KEY)
        if not stashed or stashed["cycle"] != cycle.pk:
            messages.error(request, _("The preview has expired; please upload the document again."))
            return redirect("editorial:texts-document", iso2=cycle.country.iso2, year=year)
        data = bytes.fromhex(stashed["data"])
        if request.POST.get("token") != report_import_token(cycle=cycle, data=data):
            messages.error(
                request,
                _("The draft changed after this preview; check the new preview before applying."),
            )
        else:
            try:
                document = _read(cycle, data, stashed["name"])
                report_import(
                    cycle=cycle,
                    document=document,
                    by=signed_in_user(request),
                    accept_suggestions=request.POST.get("accept_suggestions") == "on",
                    versions=stashed["versions"],
                    period_events=period_event_tallies(cycle=cycle),
                )
            except (CycleError, EditConflict, ImportRefused) as exc:
                messages.error(request, localise(exc))
            else:
                del request.session[SESSION_KEY]
                messages.success(request, _("The document was imported into the draft."))
                return redirect("editorial:texts", iso2=cycle.country.iso2, year=year)
        context |= _preview(request, cycle, data, stashed["name"])
    elif request.method == "POST":
        upload = request.FILES.get("document")
        if upload is None:
            context["problems"] = [_("Choose a document to upload.")]
        elif upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            context["problems"] = [_("The file is larger than 5 MB; is it the right document?")]
        else:
            context |= _preview(request, cycle, upload.read(), upload.name or "")
    return render(request, "editorial/document_upload.html", context)


def _read(cycle: Cycle, data: bytes, name: str) -> ReportDocument:
    return report_document_read(data=data, name=name, edition=load_edition(cycle.edition))


def _preview(request: HttpRequest, cycle: Cycle, data: bytes, name: str) -> dict[str, Any]:
    try:
        document = _read(cycle, data, name)
        # The checks the workspace runs on the draft, with the same inputs (docs/early-warning.md).
        outcome = report_import(
            cycle=cycle,
            document=document,
            dry_run=True,
            period_events=period_event_tallies(cycle=cycle),
        )
    except ImportRefused as exc:
        return {"problems": [localise(p) for p in exc.problems]}
    except CycleError as exc:
        return {"problems": [localise(exc)]}
    request.session[SESSION_KEY] = {
        "cycle": cycle.pk,
        "data": data.hex(),
        "name": name,
        "versions": draft_versions(cycle=cycle)["texts"],
    }
    return {
        "name": name,
        "token": report_import_token(cycle=cycle, data=data),
        **_described(cycle, document, outcome),
    }


def _described(
    cycle: Cycle, document: ReportDocument, outcome: ReportImportOutcome
) -> dict[str, Any]:
    headings = text_keys(cycle=cycle)
    changed = {c.key: c for c in outcome.changes}
    return {
        "sections": [
            {
                "key": key,
                "heading": heading,
                "text": document.sections[key],
                "words": len(document.sections[key].split()),
                "diff": changed[key].diff() if key in changed and changed[key].before else [],
                "unchanged": key in outcome.unchanged,
            }
            for key, heading in headings.items()
            if key in document.sections
        ],
        "left_out": [
            {"paragraph": p.paragraph, "text": p.text, "reason": localise(p.reason or "")}
            for p in document.parts
            if p.key is None and p.role in ("skipped", "research")
        ],
        "contents": sum(1 for p in document.parts if p.role == "contents"),
        "scores": document.scores,
        "suggestions": document.suggestions,
        "missing": document.missing,
        "notices": [localise(n) for n in document.notices],
        "sources": [
            {"source": s, "dimension": outcome.attached.get(s.number)} for s in document.sources
        ],
        "findings": [
            {"severity": f.severity, "place": localise(f.place), "message": localise(f.message)}
            for f in outcome.checks.findings
        ],
    }
