"""Writes for alerts: proposed by the rules on every verification, then an editor's decisions."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet

from civicspace.accounts.permissions import may_manage_alerts
from civicspace.audit.services import audit_record
from civicspace.core.early_warning import (
    Direction,
    EarlyWarningError,
    EarlyWarningRules,
    EventFact,
    EventState,
    ProposedAlert,
    alerts_proposed,
    alerts_touched,
    event_columns,
)
from civicspace.core.early_warning_rules import load_rules
from civicspace.core.event_workflow import (
    ALERT_EDITABLE,
    ALERT_TRANSITIONS,
    AlertState,
    transition_check,
)
from civicspace.core.messages import _
from civicspace.core.workflow import Actor
from civicspace.countries.models import Country
from civicspace.monitoring.models import Alert, Event, EventDimension

_OPEN = (AlertState.PROPOSED, AlertState.CONFIRMED)


def _audit(alert: Alert, *, by: AbstractBaseUser | None, change: str, **after: Any) -> None:
    audit_record(
        cycle=None,
        country=alert.country,
        by=by,
        action="alert",
        target=str(alert.pk),
        after={"change": change, "state": alert.state, **after},
    )


def event_facts(events: list[Event]) -> list[EventFact]:
    return [
        EventFact(
            key=e.pk,
            country=e.country.iso2,
            start=e.starts_on,
            end=e.ends_on,
            dimensions=frozenset(e.dimensions),
            direction=Direction(e.direction),
            state=EventState(e.state),
            impact=e.impact,
        )
        for e in events
    ]


def _proposed_over_record(
    *, rules: EarlyWarningRules, country: Country, events: QuerySet[Event]
) -> tuple[tuple[ProposedAlert, ...], dict[int, bool]]:
    """Every rule over `events` (and whether each is demo data), read as columns: one query for
    the events' fields and one for their (event, dimension) pairs, no Event objects made."""
    rows = list(events.values_list("pk", "starts_on", "direction", "state", "impact", "is_demo"))
    pairs = EventDimension.objects.filter(event__in=events).order_by()
    columns = event_columns(
        events=[(key, country.iso2, start, d, state, i) for key, start, d, state, i, _ in rows],
        dimensions=pairs.values_list("event_id", "code"),
    )
    demo = {row[0]: row[-1] for row in rows}
    del rows  # the rows' tuples would only slow the pass's cyclic collections down
    return alerts_proposed(rules=rules, events=columns), demo


@transaction.atomic
def alerts_refresh(*, country: Country, edition: str, verified: Event | None = None) -> list[Alert]:
    """Run the rules over the country's verified events; returns the alerts proposed or grown.

    With `verified` (an event just verified) only what that event can change is evaluated:
    the alerts holding it (core.early_warning.alerts_touched), read from the events of its
    direction that share a principle with it. Without, every rule runs over the whole record,
    read as columns (core.event_columns.EventColumns) rather than as Event objects.
    A finding extends an open alert of the same rule, subject and direction that shares events
    with it; one that a dismissed or closed alert already covers is not proposed again.
    """
    # One evaluation per country at a time: two verifications committed together would each
    # see only their own event and miss the trend the two complete (a no-op on SQLite, whose
    # writers queue anyway).
    list(Country.objects.select_for_update().filter(pk=country.pk).values_list("pk"))
    rules = load_rules(edition)
    events_read = Event.objects.filter(
        country=country, edition=edition, state=Event.State.VERIFIED, merged_into=None
    )
    alerts_read = Alert.objects.filter(country=country, edition=edition)
    if verified is None:
        found_all, demo = _proposed_over_record(rules=rules, country=country, events=events_read)
    else:
        principles = {rules.principle_of.get(code, code) for code in verified.dimensions}
        kin = [code for code, p in rules.principle_of.items() if p in principles]
        tagged = EventDimension.objects.filter(code__in=[*verified.dimensions, *kin])
        events_read = events_read.filter(
            Q(pk__in=tagged.values("event_id")) | Q(pk=verified.pk), direction=verified.direction
        )
        events = list(events_read.select_related("country").prefetch_related("dimension_tags"))
        found_all = alerts_touched(rules=rules, events=event_facts(events), key=verified.pk)
        demo = {e.pk: e.is_demo for e in events}
        identities = {(f.rule, f.subject) for f in found_all}
        alerts_read = alerts_read.filter(
            direction=verified.direction,
            rule__in={r for r, _ in identities},
            subject__in={s for _, s in identities},
        )
    known = list(alerts_read.prefetch_related("events")) if found_all else []
    members = {alert.pk: {e.pk for e in alert.events.all()} for alert in known}
    # The known alerts by (rule, subject, direction), each list in the order `known` had.
    alike: dict[tuple[str, str, str], list[Alert]] = {}
    for alert in known:
        alike.setdefault((alert.rule, alert.subject, alert.direction), []).append(alert)
    changed = []
    for found in found_all:
        same = alike.get((found.rule, found.subject, found.direction), [])
        keys = set(found.events)
        if any(keys <= members[a.pk] for a in same):
            continue
        growing = next((a for a in same if a.state in _OPEN and keys & members[a.pk]), None)
        if growing is not None:
            growing.events.add(*(keys - members[growing.pk]))
            members[growing.pk] |= keys
            growing.first_on = min(growing.first_on, found.first)
            growing.last_on = max(growing.last_on, found.last)
            growing.save(update_fields=["first_on", "last_on"])
            _audit(growing, by=None, change="events-added", events=sorted(keys))
            changed.append(growing)
            continue
        alert = Alert.objects.create(
            country=country,
            edition=edition,
            rule=found.rule,
            subject=found.subject,
            direction=found.direction,
            first_on=found.first,
            last_on=found.last,
            is_demo=all(demo[key] for key in keys),  # an alert of demo events is demo too
        )
        alert.events.set(keys)
        members[alert.pk] = keys
        alike.setdefault((found.rule, found.subject, found.direction), []).append(alert)
        _audit(alert, by=None, change="propose", events=sorted(keys))
        changed.append(alert)
    return changed


@transaction.atomic
def alert_transition(
    *, alert: Alert, action: str, by: AbstractBaseUser | None, reason: str = ""
) -> Alert:
    """Confirm or dismiss (with a reason) a proposed alert, or close a confirmed one.
    `by=None` is the demo loader or the command line, which act as the consortium."""
    alert = Alert.objects.select_for_update().select_related("country").get(pk=alert.pk)
    transition = ALERT_TRANSITIONS.get(action)
    if transition is None:
        raise EarlyWarningError(_("Unknown action %(action)s.", action=repr(action)))
    editor = by is None or may_manage_alerts(by)
    actors = frozenset({Actor.EDITOR}) if editor else frozenset()
    target = transition_check(transition, state=alert.state, actors=actors, reason=reason)
    before = alert.state
    alert.state = target
    if action == "dismiss":
        alert.dismissal_reason = reason.strip()
    alert.save(update_fields=["state", "dismissal_reason"])
    _audit(alert, by=by, change=action, before=before, reason=reason.strip())
    return alert


class AlertChangedMeanwhile(EarlyWarningError):
    """An edit made over another one (alert_edit's `seen`)."""


def alert_version(alert: Alert) -> str:
    """What the edit form carries back: the alert's words, audience and state as the page
    showed them (an alert keeps no time of its last change; its content is what matters)."""
    shown = (alert.state, alert.summary, alert.recommended_response, alert.audience)
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:32]


@transaction.atomic
def alert_edit(
    *,
    alert: Alert,
    by: AbstractBaseUser | None,
    summary: str,
    recommended_response: str,
    audience: str,
    seen: str | None = None,
) -> Alert:
    """An editor words the alert and chooses who it is for, while it is proposed or confirmed.
    `seen` (alert_version when the form was opened) refuses an edit made over another
    editor's: their summary or a narrower audience would otherwise be silently written back."""
    alert = Alert.objects.select_for_update().select_related("country").get(pk=alert.pk)
    if by is not None and not may_manage_alerts(by):
        raise EarlyWarningError(_("Only the consortium can do this."))
    if alert.state not in ALERT_EDITABLE:
        raise EarlyWarningError(_("A dismissed or closed alert no longer changes."))
    if seen is not None and seen != alert_version(alert):
        raise AlertChangedMeanwhile(
            _(
                "Someone changed this alert since you opened it. Nothing was saved: the form now"
                " shows the alert as it is; make your changes again."
            )
        )
    if audience not in Alert.Audience.values:
        raise EarlyWarningError(_("Choose the audience from the list."))
    alert.summary = summary.strip()
    alert.recommended_response = recommended_response.strip()
    alert.audience = audience
    alert.save(update_fields=["summary", "recommended_response", "audience"])
    _audit(alert, by=by, change="edit", audience=audience)
    return alert


def alerts_refresh_all() -> list[Alert]:
    """Every rule over every country's whole verified record (`civicspace alerts refresh`): after
    an edit of the rules file, or to catch what event-by-event evaluation could not see."""
    pairs = (
        Event.objects.filter(state=Event.State.VERIFIED, merged_into=None)
        .values_list("country_id", "edition")
        .distinct()
        .order_by("country_id", "edition")
    )
    countries = Country.objects.in_bulk({country_id for country_id, _ in pairs})
    changed: list[Alert] = []
    for country_id, edition in pairs:
        changed += alerts_refresh(country=countries[country_id], edition=edition)
    return changed
