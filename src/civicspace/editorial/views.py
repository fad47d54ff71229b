"""Report texts in the workspace: write, preview (sanitised), save with locking."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civicspace.accounts.permissions import cycle_for_member
from civicspace.assessments.panel_services import EditConflict
from civicspace.assessments.services import CycleError
from civicspace.editorial.models import ReportText
from civicspace.editorial.rendering import markdown_to_html
from civicspace.editorial.selectors import cycle_sources, text_keys
from civicspace.editorial.text_services import TextEntry, texts_save


@login_required
@require_http_methods(["GET", "POST"])
def texts_edit(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    cycle = cycle_for_member(request.user, iso2=iso2, year=year)
    keys = text_keys(cycle=cycle)
    stored = {t.key: t for t in ReportText.objects.filter(cycle=cycle)}
    conflicts: dict[str, Any] = {}
    if request.method == "POST":
        user = request.user
        assert isinstance(user, AbstractBaseUser)
        entries = {
            key: TextEntry(
                text=request.POST.get(f"{key}-text", ""),
                version=int(request.POST.get(f"{key}-version") or 0),
            )
            for key in keys
            if f"{key}-text" in request.POST
        }
        try:
            texts_save(cycle=cycle, entries=entries, by=user)
        except EditConflict as exc:
            conflicts = exc.conflicts
        except CycleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Report texts saved."))
            return redirect("editorial:texts", iso2=cycle.country.iso2, year=year)
    sources = cycle_sources(cycle=cycle)
    sections = []
    for key, heading in keys.items():
        text = stored.get(key)
        posted = request.POST.get(f"{key}-text") if conflicts else None
        sections.append(
            {
                "key": key,
                "heading": heading,
                "text": posted if posted is not None else (text.text if text else ""),
                "version": text.version if text else 0,
                # Sanitised by markdown_to_html (no raw HTML, nh3 allow-list), so safe to mark.
                "preview": mark_safe(markdown_to_html(text.text, source_count=len(sources)))  # noqa: S308
                if text
                else "",
                "conflict": conflicts.get(key),
            }
        )
    return render(
        request,
        "editorial/texts.html",
        {"cycle": cycle, "sections": sections, "sources": sources, "conflicts": conflicts},
    )
