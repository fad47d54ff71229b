"""Revisions of one section or score, from the audit trail, and line diffs between any two."""

from __future__ import annotations

import difflib
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from civicspace.core.framework import load_edition
from civicspace.core.workflow import TRANSITIONS
from civicspace.editorial.models import AuditEvent
from civicspace.i18n import localise

# How each kind of audit event reads in the trail; `target` is the stored code: a dimension, a
# report section, a panelist's pseudonym, or (for "state") the workflow action.
SUMMARIES: dict[str, Promise] = {
    AuditEvent.Action.SCORE: _("Score %(target)s"),
    AuditEvent.Action.TEXT: _("Report text %(target)s"),
    AuditEvent.Action.PANEL: _("Panel details"),
    AuditEvent.Action.PANELIST: _("Panelist %(target)s added"),
    AuditEvent.Action.PANELIST_SCORES: _("Panelists' scores for %(target)s"),
    AuditEvent.Action.COMMENT: _("Review comment on %(target)s"),
    AuditEvent.Action.COMMENT_RESOLVED: _("Review comment on %(target)s resolved"),
    AuditEvent.Action.STATE: _("Review: %(target)s"),
}


def event_summary(event: AuditEvent) -> str:
    """An audit event in the reader's language, from its stored codes."""
    pattern = SUMMARIES.get(event.action)
    if pattern is None:  # an action this version does not know: its codes as they are
        return f"{event.action} {event.target}"
    target = event.target
    if event.action == AuditEvent.Action.STATE and target in TRANSITIONS:
        target = localise(TRANSITIONS[target].label)
    elif target == "context":  # the one section whose key is a word (the others are codes)
        target = gettext("Country context")
    elif event.action == AuditEvent.Action.TEXT and target.startswith("rec/"):
        target = _audience(event, target)
    return str(pattern) % {"target": target}


def _audience(event: AuditEvent, key: str) -> str:
    """ "rec/<n>" as the recommendations under the edition's n-th audience (a heading that is
    edition content, so in the edition's language); the key itself if there is no such one."""
    audiences = load_edition(event.cycle.edition).recommendation_audiences
    index = key.removeprefix("rec/")
    if not index.isdigit() or int(index) >= len(audiences):
        return key
    return gettext("recommendations, “%(audience)s”") % {"audience": audiences[int(index)]}


def as_lines(state: Any) -> list[str]:
    """A recorded state as lines of text: a report text as it is; a score as its fields, labelled
    in the reader's language (both sides of a diff are worded alike)."""
    if state is None:
        return []
    if isinstance(state, str):
        return state.splitlines()
    if isinstance(state, dict):
        lines = [gettext("score: %(value)s") % {"value": state.get("value")}]
        lines += [gettext("justification:")]
        lines += [f"  {line}" for line in str(state.get("justification", "")).splitlines()]
        lines += [gettext("sources:")]
        lines += [f"  {' | '.join(map(str, s))}" for s in state.get("sources", [])]
        return lines
    return [str(state)]


def revisions(*, cycle_id: int, action: str, target: str) -> list[AuditEvent]:
    """Each saved version of one thing (action "text" or "score", target its key), oldest first."""
    return list(
        AuditEvent.objects.filter(cycle_id=cycle_id, action=action, target=target)
        .select_related("actor")
        .order_by("at", "pk")
    )


def diff(older: AuditEvent, newer: AuditEvent) -> list[tuple[str, str]]:
    """(kind, line) pairs of a unified diff between two versions; kind is +, - or a space."""
    lines = difflib.unified_diff(as_lines(older.after), as_lines(newer.after), lineterm="", n=3)
    result = []
    for line in list(lines)[2:]:  # skip the ---/+++ file headers
        kind = line[0] if line and line[0] in "+- " else "@"
        result.append((kind, line[1:] if kind != "@" else line))
    return result
