"""Audit events in words: the trail stores codes, and is worded in the reader's language."""

from __future__ import annotations

from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from civicspace.audit.actions import ADMINISTRATION_ACTIONS, AuditAction
from civicspace.core.event_workflow import change_label
from civicspace.core.framework import load_edition
from civicspace.core.workflow import TRANSITIONS
from civicspace.i18n import localise

# How each kind of audit event reads in the trail; `target` is the stored code: a dimension, a
# report section, a panelist's pseudonym, or (for "state") the workflow action.
SUMMARIES: dict[str, Promise] = {
    AuditAction.SCORE: _("Score %(target)s"),
    AuditAction.TEXT: _("Report text %(target)s"),
    AuditAction.PANEL: _("Panel details"),
    AuditAction.PANELIST: _("Panelist %(target)s added"),
    AuditAction.PANELIST_SCORES: _("Panelists' scores for %(target)s"),
    AuditAction.COMMENT: _("Review comment on %(target)s"),
    AuditAction.COMMENT_RESOLVED: _("Review comment on %(target)s resolved"),
    AuditAction.STATE: _("Review: %(target)s"),
    # `target` is "year" (the year's dates) or "cycle" (this country's own): said by the data.
    AuditAction.SCHEDULE: _("Due dates"),
    AuditAction.REVIEWERS: _("Reviewers"),
    AuditAction.SUGGESTION: _("Edit suggested for %(target)s"),
    AuditAction.SUGGESTION_ACCEPTED: _("Suggested edit of %(target)s accepted"),
    AuditAction.EVENT: _("Event %(target)s: %(change)s"),
    AuditAction.ALERT: _("Alert %(target)s: %(change)s"),
    AuditAction.TOKEN: _("API token %(target)s: %(change)s"),
    # Administration: `target` is the person's user name, or the region's or country's code.
    AuditAction.ROLE: _("Role of %(target)s: %(change)s"),
    AuditAction.ACCOUNT: _("Account %(target)s: %(change)s"),
    AuditAction.GROUP: _("Group %(target)s: %(change)s"),
    AuditAction.SECOND_FACTOR: _("Second factor of %(target)s: %(change)s"),
    AuditAction.SIGN_IN_LOCK: _("Failed sign-ins of %(target)s: %(change)s"),
    AuditAction.REGION: _("Region %(target)s: %(change)s"),
    AuditAction.COUNTRY: _("Country %(target)s: %(change)s"),
    AuditAction.COUNTRY_ALIAS: _("Country name “%(target)s”: %(change)s"),
    AuditAction.NETWORK_MEMBER: _("Network Member of %(target)s: %(change)s"),
}
# What happened to an API token (`after["change"]`).
_TOKEN_CHANGES: dict[str, Promise] = {"issue": _("issued"), "revoke": _("revoked")}
# What happened in the administration (`after["change"]`): said as a kind of change (a noun in
# Russian), since the same word follows a role, an account, a region or a country.
_ADMINISTRATION_CHANGES: dict[str, Promise] = {
    "grant": pgettext_lazy("administration change", "granted"),
    "revoke": pgettext_lazy("administration change", "revoked"),
    "add": pgettext_lazy("administration change", "added"),
    "change": pgettext_lazy("administration change", "changed"),
    "delete": pgettext_lazy("administration change", "deleted"),
    "password": pgettext_lazy("administration change", "password changed"),
    "clear": pgettext_lazy("administration change", "cleared"),
}


# Actions whose target is a report section key.
_SECTION_ACTIONS = (AuditAction.TEXT, AuditAction.SUGGESTION, AuditAction.SUGGESTION_ACCEPTED)


class _Cycle(Protocol):
    @property
    def edition(self) -> str: ...


class _Event(Protocol):
    """What the wording reads of an audit event (the model, without importing it)."""

    @property
    def action(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def cycle(self) -> _Cycle | None: ...
    @property
    def after(self) -> object: ...


def event_summary(event: _Event) -> str:
    """An audit event in the reader's language, from its stored codes. Only a recommendations
    section reads the event's cycle (for its edition's audiences)."""
    action, target = event.action, event.target
    pattern = SUMMARIES.get(action)
    if pattern is None:  # an action this version does not know: its codes as they are
        return f"{action} {target}"
    if action in (AuditAction.EVENT, AuditAction.ALERT):
        # Early-warning rows keep the change's code in `after`: a transition or an edit.
        change = event.after.get("change", "") if isinstance(event.after, dict) else ""
        label = change_label(change)
        return str(pattern) % {
            "target": target,
            "change": localise(label) if label is not None else change,
        }
    if action == AuditAction.TOKEN or action in ADMINISTRATION_ACTIONS:
        change = event.after.get("change", "") if isinstance(event.after, dict) else ""
        words = _TOKEN_CHANGES if action == AuditAction.TOKEN else _ADMINISTRATION_CHANGES
        return str(pattern) % {"target": target, "change": words.get(change, change)}
    if action == AuditAction.STATE and target in TRANSITIONS:
        target = localise(TRANSITIONS[target].label)
    elif target == "context":  # the one section whose key is a word (the others are codes)
        target = gettext("Country context")
    elif action in _SECTION_ACTIONS and target.startswith("rec/") and event.cycle is not None:
        target = _audience(event.cycle.edition, target)
    return str(pattern) % {"target": target}


def _audience(edition: str, key: str) -> str:
    """ "rec/<n>" as the recommendations under the edition's n-th audience (a heading that is
    edition content, so in the edition's language); the key itself if there is no such one."""
    audiences = load_edition(edition).recommendation_audiences
    index = key.removeprefix("rec/")
    if not index.isdigit() or int(index) >= len(audiences):
        return key
    return gettext("recommendations, “%(audience)s”") % {"audience": audiences[int(index)]}
