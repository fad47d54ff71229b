"""Writes for review comments: ask (about a section, a passage, a score or a justification),
answer, resolve. Nothing is ever deleted."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from civicspace.assessments.models import Cycle
from civicspace.assessments.services import CycleError
from civicspace.audit.services import audit_record
from civicspace.core.framework import load_edition
from civicspace.core.messages import _
from civicspace.core.workflow import Actor
from civicspace.editorial.models import ReportText, ReviewComment, TextSuggestion
from civicspace.editorial.selectors import text_keys
from civicspace.editorial.services import workflow_actors

Anchor = ReviewComment.Anchor
MAX_QUOTE = 2000  # a sentence or a paragraph, not a section pasted whole


def squashed(text: str) -> str:
    """Text with every run of white space as one space: a quote still matches after a line is
    re-wrapped, and a selection made in the page matches the Markdown it came from."""
    return " ".join(text.split())


def passage_found(*, quote: str, text: str) -> bool:
    return squashed(quote) in squashed(text)


def _anchor_check(*, cycle: Cycle, key: str, anchor: str, quote: str) -> None:
    if anchor not in Anchor.values:
        raise CycleError(_("“%(anchor)s” is not something a comment can be about.", anchor=anchor))
    if anchor in (Anchor.SCORE, Anchor.JUSTIFICATION):
        if key not in load_edition(cycle.edition).panel_dimensions:
            raise CycleError(_("“%(key)s” is not a dimension the panel scores.", key=key))
        return
    if key not in text_keys(cycle=cycle):
        raise CycleError(_("“%(key)s” is not a section of this report.", key=key))
    if anchor == Anchor.PASSAGE:
        stored = ReportText.objects.filter(cycle=cycle, key=key).first()
        if not quote.strip():
            raise CycleError(_("Quote the passage the comment is about."))
        if len(quote) > MAX_QUOTE:
            raise CycleError(_("Quote a sentence or a paragraph, not more."))
        if stored is None or not passage_found(quote=quote, text=stored.text):
            raise CycleError(
                _("The quoted passage is not in this section's text; copy it from the text.")
            )


def comment_add(
    *,
    cycle: Cycle,
    key: str,
    body: str,
    by: AbstractBaseUser,
    parent: ReviewComment | None = None,
    anchor: str = Anchor.SECTION,
    quote: str = "",
    suggestion: TextSuggestion | None = None,
) -> ReviewComment:
    """Editors and the country's members may comment or answer. A comment is about a section of
    the report, a passage of its text (`quote`), a dimension's score or justification (`key` the
    dimension's code), or an editor's suggested edit of a section."""
    if not workflow_actors(by, cycle):
        raise CycleError(_("Only the consortium and the country's Network Member can comment."))
    if parent is not None:
        if parent.cycle_id != cycle.pk or parent.parent_id is not None:
            raise CycleError(_("Answer a comment of this cycle, not an answer."))
        # An answer belongs to its thread, which holds the anchor (checked when it was opened).
        key, anchor, quote, suggestion = parent.key, Anchor.SECTION, "", None
    else:
        _anchor_check(cycle=cycle, key=key, anchor=anchor, quote=quote)
    if suggestion is not None and (suggestion.cycle_id != cycle.pk or suggestion.key != key):
        raise CycleError(_("Discuss a suggested edit of this section."))
    if not body.strip():
        raise CycleError(_("A comment needs some text."))
    comment = ReviewComment.objects.create(
        cycle=cycle,
        key=key,
        body=body.strip(),
        author_id=by.pk,
        parent=parent,
        anchor=anchor,
        quote=squashed(quote) if anchor == Anchor.PASSAGE else "",
        suggestion=suggestion,
    )
    audit_record(cycle=cycle, by=by, action="comment", target=key, after=comment.body)
    return comment


def comment_resolve(*, comment: ReviewComment, by: AbstractBaseUser) -> ReviewComment:
    """Editors resolve comments once the draft answers them."""
    if Actor.EDITOR not in workflow_actors(by, comment.cycle):
        raise CycleError(_("Only an editor can resolve a review comment."))
    if comment.parent_id is not None or comment.resolved_at is not None:
        raise CycleError(_("This comment cannot be resolved."))
    comment.resolved_at, comment.resolved_by_id = timezone.now(), by.pk
    comment.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(cycle=comment.cycle, by=by, action="comment-resolved", target=comment.key)
    return comment
