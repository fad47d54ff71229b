"""Workspace page "Import events": a CSV/XLSX table previewed row by row, then applied all or
nothing, refused if the events of its countries changed since the preview."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civicspace.accounts.permissions import may_list_events, signed_in_user
from civicspace.core.early_warning_rules import load_rules
from civicspace.core.framework import load_edition
from civicspace.i18n import localise
from civicspace.imports.problems import ImportRefused
from civicspace.monitoring.import_services import (
    EventImportPreview,
    StaleImport,
    events_import,
    events_import_preview,
    upload_as_file,
)
from civicspace.monitoring.models import Event
from civicspace.monitoring.vocabulary import vocabulary_word

SESSION_KEY = "events-import"


@login_required
@require_http_methods(["GET", "POST"])
def events_import_page(request: HttpRequest) -> HttpResponse:
    """A member imports for their own countries, the consortium for any (404 for anyone else)."""
    user = signed_in_user(request)
    if not may_list_events(user):
        raise Http404
    limit = int(settings.CIVICSPACE_EVENT_IMPORT_MAX_BYTES)
    context: dict[str, Any] = {"limit": limit}
    if request.method == "POST" and "apply" in request.POST:
        stashed = request.session.get(SESSION_KEY)
        if not stashed or stashed["user"] != user.pk:
            messages.error(request, _("The preview has expired; please upload the file again."))
            return redirect("monitoring:events-import")
        data, name = bytes.fromhex(stashed["data"]), stashed["name"]
        try:
            with upload_as_file(data=data, name=name) as path:
                report = events_import(path=path, by=user, token=request.POST.get("token", ""))
        except StaleImport as exc:
            messages.error(request, localise(exc))
        except ImportRefused as exc:
            context["problems"] = [localise(p) for p in exc.problems]
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request, _("Imported %(count)s events, submitted.") % {"count": report.created}
            )
            return redirect("monitoring:events")
        context |= _preview(request, data, name)
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["problems"] = [_("Choose a CSV or XLSX file to upload.")]
        elif upload.size is not None and upload.size > limit:
            context["problems"] = [
                _("The file is larger than %(limit)s MB; is it the right table?")
                % {"limit": limit // 1024**2}
            ]
        else:
            context |= _preview(request, upload.read(), upload.name or "")
    return render(request, "monitoring/events_import.html", context)


def _named(preview: EventImportPreview) -> list[dict[str, Any]]:
    """The preview's rows in words, as the event pages name them: an event type's name, each
    dimension's code and name, direction and sensitivity as the forms offer them."""
    rules, edition = load_rules(preview.edition), load_edition(preview.edition)
    dimensions = edition.dimensions
    return [
        {
            "row": row,
            "type_name": vocabulary_word(rules.event_type(row.event_type).name),
            "dimensions": [
                f"{code} {dimensions[code].name}" if code in dimensions else code
                for code in row.dimensions
            ],
            "direction": Event.Direction(row.direction).label,
            "sensitivity": Event.Sensitivity(row.fields["sensitivity"]).label,
        }
        for row in preview.rows
    ]


def _preview(request: HttpRequest, data: bytes, name: str) -> dict[str, Any]:
    user = signed_in_user(request)
    try:
        with upload_as_file(data=data, name=name) as path:
            preview = events_import_preview(path=path, by=user)
    except ImportRefused as exc:
        return {"problems": [localise(p) for p in exc.problems], "name": name}
    request.session[SESSION_KEY] = {"user": user.pk, "data": data.hex(), "name": name}
    return {
        "name": name,
        "rows": _named(preview),
        "notices": [localise(n) for n in preview.notices],
        "token": preview.token,
    }
