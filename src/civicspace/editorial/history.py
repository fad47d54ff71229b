"""Revisions of one section or score, from the audit trail, and line diffs between any two."""

from __future__ import annotations

import difflib
from typing import Any

from django.utils.translation import gettext

from civicspace.audit.models import AuditEvent


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
