"""Workspace pages for review: report texts (saved with locking), comments and history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civicspace.accounts.permissions import member_country_ids, signed_in_user
from civicspace.assessments.panel_services import EditConflict
from civicspace.assessments.selectors import cycle_for_member, cycle_for_reader
from civicspace.assessments.services import CycleError
from civicspace.core.workflow import Actor
from civicspace.editorial.comment_services import comment_add, comment_resolve
from civicspace.editorial.history import diff, revisions
from civicspace.editorial.models import ReviewComment
from civicspace.editorial.selectors import (
    comment_threads,
    cycle_sources,
    report_texts_get,
    text_keys,
)
from civicspace.editorial.services import workflow_actors
from civicspace.editorial.snapshots import record_sources, section_renderer
from civicspace.editorial.text_services import texts_save
from civicspace.i18n import localise
from civicspace.posted import hidden_fields_intact, posted_int, posted_text
from civicspace.workspace.forms import text_forms


@login_required
@require_http_methods(["GET", "POST"])
def texts_edit(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """Members write; editors read and comment. Others get 404."""
    cycle = (
        cycle_for_member(request.user, iso2=iso2, year=year)
        if request.method == "POST"
        else cycle_for_reader(request.user, iso2=iso2, year=year)
    )
    keys = text_keys(cycle=cycle)
    stored = report_texts_get(cycle=cycle)
    can_write = cycle.editable and cycle.country_id in member_country_ids(request.user)
    data = request.POST if request.method == "POST" else None
    forms = text_forms(keys=keys, stored=stored, data=data, readonly=not can_write)
    conflicts: dict[str, Any] = {}
    if request.method == "POST":
        posted = {key: form for key, form in forms.items() if form.is_bound}
        hidden_fields_intact(*posted.values())
        if all([form.is_valid() for form in posted.values()]):
            entries = {key: form.entry() for key, form in posted.items()}
            try:
                texts_save(
                    cycle=cycle,
                    entries=entries,
                    shown_keys=posted_text(request, "citation-keys").split(),
                    by=signed_in_user(request),
                )
            except EditConflict as exc:
                conflicts = exc.conflicts
                # The writer's text stays in its box over the version now stored: saving it again
                # is a choice made having seen both.
                drafts = {key: entry.text for key, entry in entries.items()}
                forms = text_forms(keys=keys, stored=stored, drafts=drafts, readonly=not can_write)
            except CycleError as exc:
                messages.error(request, localise(exc))
            else:
                messages.success(request, _("Report texts saved."))
                return redirect("editorial:texts", iso2=cycle.country.iso2, year=year)
    sources = cycle_sources(cycle=cycle)
    # The preview numbers sources as the report would now: in order of first citation.
    preview_html = section_renderer(
        record_sources(cycle=cycle, texts=[stored[k].text for k in keys if k in stored])
    )
    comments = comment_threads(cycle=cycle)
    sections = []
    for key, heading in keys.items():
        text = stored.get(key)
        sections.append(
            {
                "key": key,
                "heading": heading,
                "form": forms[key],
                # Sanitised by markdown_to_html (no raw HTML, nh3 allow-list), so safe to mark.
                "preview": mark_safe(preview_html(text.text))  # noqa: S308
                if text
                else "",
                "conflict": conflicts.get(key),
                "comments": [c for c in comments if c.key == key],
            }
        )
    return render(
        request,
        "editorial/texts.html",
        {
            "cycle": cycle,
            "sections": sections,
            "sources": sources,
            "conflicts": conflicts,
            "can_write": can_write,
            "is_editor": Actor.EDITOR in workflow_actors(signed_in_user(request), cycle),
        },
    )


@login_required
@require_http_methods(["POST"])
def comment_post(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """Add a comment, answer one, or (editors) resolve one."""
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    user = signed_in_user(request)
    try:
        if "resolve" in request.POST:
            resolve_id = posted_int(request, "resolve")
            comment = get_object_or_404(ReviewComment, pk=resolve_id, cycle=cycle)
            comment_resolve(comment=comment, by=user)
        else:
            parent_id = posted_int(request, "parent")
            parent = (
                get_object_or_404(ReviewComment, pk=parent_id, cycle=cycle) if parent_id else None
            )
            comment_add(
                cycle=cycle,
                key=parent.key if parent else posted_text(request, "key"),
                body=posted_text(request, "body"),
                by=user,
                parent=parent,
            )
    except CycleError as exc:
        messages.error(request, localise(exc))
    return redirect("editorial:texts", iso2=cycle.country.iso2, year=year)


@login_required
def history(request: HttpRequest, iso2: str, year: int, action: str, target: str) -> HttpResponse:
    """Every version of a report section (action "text") or score ("score"); diff any two."""
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    if action not in ("text", "score"):
        raise Http404
    versions = revisions(cycle_id=cycle.pk, action=action, target=target)
    if not versions:
        raise Http404
    by_id = {str(v.pk): v for v in versions}
    older = by_id.get(request.GET.get("a", ""), versions[-2] if len(versions) > 1 else versions[0])
    newer = by_id.get(request.GET.get("b", ""), versions[-1])
    return render(
        request,
        "editorial/history.html",
        {
            "cycle": cycle,
            "action": action,
            "target": target,
            "heading": text_keys(cycle=cycle).get(target, target),
            "versions": versions,
            "older": older,
            "newer": newer,
            "diff": diff(older, newer),
        },
    )
