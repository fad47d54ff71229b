"""Workspace pages for review: report texts (saved with locking, or suggested by editors),
anchored comments, accepting suggested edits, and history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from civicspace.accounts.permissions import may_suggest_edits, may_write_drafts, signed_in_user
from civicspace.assessments.models import Cycle
from civicspace.assessments.panel_services import EditConflict
from civicspace.assessments.selectors import cycle_for_member, cycle_for_reader
from civicspace.assessments.services import CycleError
from civicspace.core.framework import load_edition
from civicspace.core.workflow import Actor, State
from civicspace.editorial.comment_services import comment_add, comment_resolve
from civicspace.editorial.history import change_requests, diff, revisions
from civicspace.editorial.models import ReviewComment, TextSuggestion
from civicspace.editorial.rendering import markdown_to_html
from civicspace.editorial.review_selectors import (
    comment_threads_anchored,
    suggestions_applied,
    tracked_changes,
)
from civicspace.editorial.selectors import cycle_sources, report_texts_get, text_keys
from civicspace.editorial.services import workflow_actors
from civicspace.editorial.suggestion_services import suggestion_accept, suggestions_create
from civicspace.editorial.text_services import texts_save
from civicspace.i18n import localise
from civicspace.posted import hidden_fields_intact, posted_int, posted_text
from civicspace.workspace.forms import text_forms


@login_required
@require_http_methods(["GET", "POST"])
def texts_edit(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """Members write; editors read, comment, and while the cycle is in review suggest edits.
    Others get 404."""
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    user = signed_in_user(request)
    can_write = cycle.editable and may_write_drafts(user, cycle.country_id)
    can_suggest = not can_write and cycle.state == State.IN_REVIEW and may_suggest_edits(user)
    if request.method == "POST" and not can_suggest:
        cycle = cycle_for_member(request.user, iso2=iso2, year=year)
    keys = text_keys(cycle=cycle)
    stored = report_texts_get(cycle=cycle)
    readonly = not (can_write or can_suggest)
    data = request.POST if request.method == "POST" else None
    forms = text_forms(keys=keys, stored=stored, data=data, readonly=readonly)
    conflicts: dict[str, Any] = {}
    if request.method == "POST":
        posted = {key: form for key, form in forms.items() if form.is_bound}
        hidden_fields_intact(*posted.values())
        if all([form.is_valid() for form in posted.values()]):
            entries = {key: form.entry() for key, form in posted.items()}
            try:
                if can_suggest:
                    made = suggestions_create(cycle=cycle, entries=entries, by=user)
                    done = ngettext(
                        "%(count)d edit suggested: the member sees it as a tracked change.",
                        "%(count)d edits suggested: the member sees them as tracked changes.",
                        len(made),
                    ) % {"count": len(made)}
                else:
                    texts_save(cycle=cycle, entries=entries, by=user)
                    done = _("Report texts saved.")
            except EditConflict as exc:
                conflicts = exc.conflicts
                # The writer's text stays in its box over the version now stored: saving it again
                # is a choice made having seen both.
                drafts = {key: entry.text for key, entry in entries.items()}
                forms = text_forms(keys=keys, stored=stored, drafts=drafts, readonly=readonly)
            except CycleError as exc:
                messages.error(request, localise(exc))
            else:
                messages.success(request, done)
                return redirect("editorial:texts", iso2=cycle.country.iso2, year=year)
    sources = cycle_sources(cycle=cycle)
    threads = comment_threads_anchored(cycle=cycle)
    changes = tracked_changes(cycle=cycle)
    dimensions = load_edition(cycle.edition).panel_dimensions
    sections = []
    for key, heading in keys.items():
        text = stored.get(key)
        sections.append(
            {
                "key": key,
                "heading": heading,
                "form": forms[key],
                # Sanitised by markdown_to_html (no raw HTML, nh3 allow-list), so safe to mark.
                "preview": mark_safe(markdown_to_html(text.text, source_count=len(sources)))  # noqa: S308
                if text
                else "",
                "conflict": conflicts.get(key),
                "threads": [t for t in threads if t.comment.key == key],
                "changes": [c for c in changes if c.suggestion.key == key],
                "is_dimension": key in dimensions,
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
            "can_suggest": can_suggest,
            "is_editor": Actor.EDITOR in workflow_actors(user, cycle),
            "is_member": may_write_drafts(user, cycle.country_id),
            "change_requests": change_requests(cycle_id=cycle.pk),
            "open_threads": [t for t in threads if t.comment.resolved_at is None],
        },
    )


@login_required
@require_http_methods(["POST"])
def comment_post(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """Add a comment (on a section, a quoted passage, a score or justification, or a suggested
    edit), answer one, or (editors) resolve one."""
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    user = signed_in_user(request)
    key = posted_text(request, "key")
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
            suggestion_id = posted_int(request, "suggestion")
            suggestion = (
                get_object_or_404(TextSuggestion, pk=suggestion_id, cycle=cycle)
                if suggestion_id
                else None
            )
            quote = posted_text(request, "quote")
            anchor = posted_text(request, "anchor") or ReviewComment.Anchor.SECTION
            if anchor == ReviewComment.Anchor.SECTION and quote.strip():
                anchor = ReviewComment.Anchor.PASSAGE
            comment_add(
                cycle=cycle,
                key=parent.key if parent else key,
                body=posted_text(request, "body"),
                by=user,
                parent=parent,
                anchor=anchor,
                quote=quote if anchor == ReviewComment.Anchor.PASSAGE else "",
                suggestion=suggestion,
            )
    except CycleError as exc:
        messages.error(request, localise(exc))
    return _back(request, cycle, key)


def _back(request: HttpRequest, cycle: Cycle, key: str) -> HttpResponse:
    """Back to the page the comment was written on: a dimension's principle page, or the texts."""
    iso2, year = cycle.country.iso2, cycle.year
    if request.POST.get("back") == "principle":
        for principle in load_edition(cycle.edition).principles:
            if any(d.code == key for d in principle.dimensions):
                url = reverse("assessments:principle", args=[iso2, year, principle.code])
                return redirect(f"{url}#comments")
    return redirect(reverse("editorial:texts", args=[iso2, year]) + f"#text-{key}")


@login_required
def history(request: HttpRequest, iso2: str, year: int, action: str, target: str) -> HttpResponse:
    """Every version of a report section (action "text") or score ("score"); diff any two."""
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    if action not in ("text", "score"):
        raise Http404
    versions = revisions(cycle_id=cycle.pk, action=action, target=target)
    if not versions:
        raise Http404
    applied = suggestions_applied(cycle=cycle, key=target) if action == "text" else {}
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
            "versions": [{"event": v, "suggestion": applied.get(v.pk)} for v in versions],
            "older": older,
            "newer": newer,
            "diff": diff(older, newer),
        },
    )


@login_required
@require_http_methods(["POST"])
def suggestion_accept_post(request: HttpRequest, iso2: str, year: int, pk: int) -> HttpResponse:
    """The Network Member accepts an editor's suggested edit: it becomes their saved text."""
    cycle = cycle_for_member(request.user, iso2=iso2, year=year)
    suggestion = get_object_or_404(TextSuggestion, pk=pk, cycle=cycle)
    try:
        suggestion_accept(suggestion=suggestion, by=signed_in_user(request))
    except CycleError as exc:
        messages.error(request, localise(exc))
    else:
        messages.success(request, _("Suggested edit accepted and saved."))
    return redirect(reverse("editorial:texts", args=[iso2, year]) + f"#text-{suggestion.key}")
