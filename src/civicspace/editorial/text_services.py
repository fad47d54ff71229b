"""Writes for report texts: several sections saved at once, locked and audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from civicspace.assessments.models import Cycle
from civicspace.assessments.panel_services import EditConflict
from civicspace.assessments.services import CycleError, cycle_ensure_editable
from civicspace.audit.services import audit_record
from civicspace.core.citations import citations_bind
from civicspace.core.messages import _n
from civicspace.editorial.models import ReportText
from civicspace.editorial.selectors import text_keys


@dataclass(frozen=True)
class TextEntry:
    text: str
    version: int  # what the form was loaded with; 0 when no text was stored


@transaction.atomic
def texts_save(
    *,
    cycle: Cycle,
    entries: Mapping[str, TextEntry],
    shown_keys: Sequence[str] = (),
    by: AbstractBaseUser | None = None,
) -> None:
    """Save report sections, all or none: a section changed meanwhile refuses the whole save.

    A citation `[^n]` is stored as the key of the n-th of `shown_keys`, the source list the
    author was looking at (so a source added meanwhile cannot re-point it)."""
    cycle_ensure_editable(cycle)
    allowed = set(text_keys(cycle=cycle))
    if unknown := sorted(set(entries) - allowed):
        raise CycleError(
            _n(
                "%(keys)s is not a section of this report.",
                "%(keys)s are not sections of this report.",
                len(unknown),
                keys=", ".join(unknown),
            )
        )
    stored = {t.key: t for t in ReportText.objects.select_for_update().filter(cycle=cycle)}
    conflicts = {}
    for key, entry in entries.items():
        current = stored.get(key)
        if (current.version if current else 0) != entry.version:
            theirs = {
                "text": current.text if current else "",
                "version": current.version if current else 0,
            }
            conflicts[key] = (theirs, {"text": entry.text})
    if conflicts:
        raise EditConflict(conflicts)
    for key, entry in entries.items():
        text = citations_bind(entry.text.replace("\r\n", "\n").strip(), shown_keys)
        current = stored.get(key)
        if current is None and not text:
            continue
        if current is None:
            ReportText.objects.create(cycle=cycle, key=key, text=text)
            audit_record(cycle=cycle, by=by, action="text", target=key, before=None, after=text)
        elif current.text != text:
            before = current.text
            current.text, current.version = text, current.version + 1
            current.save()
            audit_record(cycle=cycle, by=by, action="text", target=key, before=before, after=text)
