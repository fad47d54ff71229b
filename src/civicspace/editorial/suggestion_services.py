"""Writes for copy-editing: an editor suggests an edit of a report section during review; the
Network Member accepts it (saved through texts_save, as their text) or discusses it."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from civicspace.accounts.permissions import may_suggest_edits, may_write_drafts
from civicspace.assessments.models import Cycle
from civicspace.assessments.panel_services import EditConflict
from civicspace.assessments.services import CycleError
from civicspace.audit.models import AuditEvent
from civicspace.audit.services import audit_record
from civicspace.core.messages import _
from civicspace.core.workflow import State
from civicspace.editorial.models import ReportText, TextSuggestion
from civicspace.editorial.selectors import text_keys
from civicspace.editorial.text_services import TextEntry, texts_save


def _as_saved(text: str) -> str:
    """A text as texts_save stores it, so a suggestion's `after` is what accepting it saves."""
    return text.replace("\r\n", "\n").strip()


def suggestion_stale(suggestion: TextSuggestion, current: ReportText | None) -> bool:
    """Whether the section changed since the editor edited it (`current`: the stored section)."""
    return (current.version if current else 0) != suggestion.base_version


@transaction.atomic
def suggestions_create(
    *, cycle: Cycle, entries: Mapping[str, TextEntry], by: AbstractBaseUser
) -> list[TextSuggestion]:
    """An editor's edits of some sections, each stored as a suggestion (sections whose text is
    unchanged are left alone). All or none: a section saved meanwhile refuses them all."""
    if not may_suggest_edits(by):
        raise CycleError(_("Only an editor can suggest edits."))
    if Cycle.objects.select_for_update().get(pk=cycle.pk).state != State.IN_REVIEW:
        raise CycleError(_("Edits are suggested while the cycle is in review."))
    if unknown := sorted(set(entries) - set(text_keys(cycle=cycle))):
        raise CycleError(_("“%(key)s” is not a section of this report.", key=unknown[0]))
    stored = {t.key: t for t in ReportText.objects.select_for_update().filter(cycle=cycle)}
    made = []
    for key, entry in entries.items():
        current = stored.get(key)
        before, after = (current.text if current else ""), _as_saved(entry.text)
        if after == before:
            continue
        if (current.version if current else 0) != entry.version:
            raise CycleError(
                _("Section “%(key)s” was saved while you were editing; reload it.", key=key)
            )
        made.append(
            TextSuggestion.objects.create(
                cycle=cycle,
                key=key,
                base_version=entry.version,
                before=before,
                after=after,
                author_id=by.pk,
            )
        )
        audit_record(
            cycle=cycle, by=by, action="suggestion", target=key, before=before, after=after
        )
    if not made:
        raise CycleError(_("Nothing to suggest: no text was changed."))
    return made


@transaction.atomic
def suggestion_accept(*, suggestion: TextSuggestion, by: AbstractBaseUser) -> TextSuggestion:
    """The Network Member takes an editor's edit: saved as the member's text by texts_save (so
    every rule of a save applies), with the suggestion named in the audit trail."""
    cycle = Cycle.objects.get(pk=suggestion.cycle_id)  # its state now, not when first read
    if not may_write_drafts(by, cycle.country_id):
        raise CycleError(_("Only the country's Network Member can accept a suggested edit."))
    locked = TextSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.accepted_at is not None:
        raise CycleError(_("This suggested edit was already accepted."))
    current = ReportText.objects.filter(cycle=cycle, key=locked.key).first()
    stale = _("The section changed since this edit was suggested; discuss it instead.")
    if suggestion_stale(locked, current):
        raise CycleError(stale)
    try:
        texts_save(
            cycle=cycle,
            entries={locked.key: TextEntry(text=locked.after, version=locked.base_version)},
            by=by,
        )
    except EditConflict:
        raise CycleError(stale) from None
    locked.applied_event = (
        AuditEvent.objects.filter(cycle=cycle, action="text", target=locked.key, actor_id=by.pk)
        .order_by("-pk")
        .first()
    )
    locked.accepted_at, locked.accepted_by_id = timezone.now(), by.pk
    locked.save(update_fields=["accepted_at", "accepted_by", "applied_event"])
    audit_record(
        cycle=cycle,
        by=by,
        action="suggestion-accepted",
        target=locked.key,
        after={
            "suggestion": locked.pk,
            "suggested_by": locked.author_id,
            "text_event": locked.applied_event_id,
        },
    )
    return locked
