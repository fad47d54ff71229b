"""Reads for the review loop: comments on scores, passages that changed, and suggested edits
shown as tracked changes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from civicspace.assessments.models import Cycle
from civicspace.editorial.comment_services import passage_found
from civicspace.editorial.history import changed_passage, word_diff
from civicspace.editorial.models import ReportText, ReviewComment, TextSuggestion
from civicspace.editorial.suggestion_services import suggestion_stale

Anchor = ReviewComment.Anchor


def _threads(cycle: Cycle) -> list[ReviewComment]:
    return list(
        ReviewComment.objects.filter(cycle=cycle, parent=None)
        .select_related("author", "resolved_by", "suggestion__author")
        .prefetch_related("answers__author")
    )


@dataclass(frozen=True)
class Thread:
    """A comment that opens a thread, and whether the passage it quotes is still in the text."""

    comment: ReviewComment
    passage_changed: bool


def comment_threads_anchored(*, cycle: Cycle) -> list[Thread]:
    """Every thread of the cycle, in order, with its passage checked against the stored text."""
    texts = dict(ReportText.objects.filter(cycle=cycle).values_list("key", "text"))
    return [
        Thread(
            comment=c,
            passage_changed=c.anchor == Anchor.PASSAGE
            and not passage_found(quote=c.quote, text=texts.get(c.key, "")),
        )
        for c in _threads(cycle)
    ]


def score_comments(*, cycle: Cycle, codes: Collection[str]) -> list[ReviewComment]:
    """The threads about the scores or justifications of these dimensions."""
    return [
        c
        for c in _threads(cycle)
        if c.key in codes and c.anchor in (Anchor.SCORE, Anchor.JUSTIFICATION)
    ]


@dataclass(frozen=True)
class TrackedChange:
    suggestion: TextSuggestion
    pieces: list[tuple[str, str]]  # word_diff of the text edited and the suggested text
    stale: bool
    passage: str  # what "discuss" quotes; empty when it is no longer in the text


def tracked_changes(*, cycle: Cycle) -> list[TrackedChange]:
    """The suggested edits not yet accepted, oldest first, as tracked changes."""
    texts = {t.key: t for t in ReportText.objects.filter(cycle=cycle)}
    shown = []
    for s in TextSuggestion.objects.filter(cycle=cycle, accepted_at=None).select_related("author"):
        stale = suggestion_stale(s, texts.get(s.key))
        passage = changed_passage(s.before, s.after)
        current = texts[s.key].text if s.key in texts else ""
        shown.append(
            TrackedChange(
                suggestion=s,
                pieces=word_diff(s.before, s.after),
                stale=stale,
                passage=passage if passage and passage_found(quote=passage, text=current) else "",
            )
        )
    return shown


def suggestions_applied(*, cycle: Cycle, key: str) -> dict[int, TextSuggestion]:
    """Accepted suggestions of one section, by the audit event that saved each."""
    return {
        s.applied_event_id: s
        for s in TextSuggestion.objects.filter(cycle=cycle, key=key)
        .exclude(applied_event=None)
        .select_related("author", "accepted_by")
        if s.applied_event_id is not None
    }
