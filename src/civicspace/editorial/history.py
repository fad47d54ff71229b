"""Revisions of one section or score and requests for changes, from the audit trail; line diffs
between any two versions and word diffs for tracked changes."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
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


def change_requests(*, cycle_id: int) -> list[ChangeRequest]:
    """Every "request changes" of a cycle with its reason, newest first."""
    events = AuditEvent.objects.filter(
        cycle_id=cycle_id, action="state", target="request_changes"
    ).select_related("actor")
    return [
        ChangeRequest(by=e.actor, at=e.at, reason=str((e.after or {}).get("note", "")))
        for e in events.order_by("-at", "-pk")
    ]


@dataclass(frozen=True)
class ChangeRequest:
    by: Any  # the editor (a user), None if made from the command line
    at: datetime
    reason: str


_WORDS = re.compile(r"\s+|\S+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """A tracked change: (kind, text) pieces, kind "=" kept, "-" deleted, "+" inserted. Words and
    the white space between them are the units, so the kept and deleted pieces join up to
    `before` and the kept and inserted ones to `after`."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("=", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("-", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("+", "".join(new[j1:j2])))
    return pieces


def changed_passage(before: str, after: str) -> str:
    """The stretch of `before` that an edit touches, with a word of context on each side (so an
    insertion has a passage too): what "discuss" quotes. Empty when nothing changed."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    changed = [
        (i1, i2)
        for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(
            a=old, b=new, autojunk=False
        ).get_opcodes()
        if tag != "equal"
    ]
    if not changed:
        return ""
    start, end = max(changed[0][0] - 2, 0), min(changed[-1][1] + 2, len(old))
    return "".join(old[start:end]).strip()
