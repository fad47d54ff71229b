"""DEMO early-warning events and alerts (events.yaml), written through the monitoring services."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from civicspace.countries.models import Country
from civicspace.monitoring.alert_services import alert_edit, alert_transition
from civicspace.monitoring.attachment_services import demo_attachments_purge
from civicspace.monitoring.models import Alert, Event, Verification
from civicspace.monitoring.services import (
    EventInput,
    SourceInput,
    VerificationInput,
    event_record,
    event_transition,
)

# The steps from "submitted" to each state the file asks for (verified is reached by `verify`).
_STEPS = {
    "submitted": [],
    "verifying": ["start-verifying"],
    "rejected": ["start-verifying", "reject"],
    "more-information": ["request-information"],
}


def demo_events_purge() -> None:
    Alert.objects.filter(is_demo=True).delete()
    Event.objects.filter(is_demo=True).update(merged_into=None)  # a visitor may have merged some
    Verification.objects.filter(event__is_demo=True).delete()
    demo_attachments_purge()
    Event.objects.filter(is_demo=True).delete()


def demo_events_load() -> int:
    """Record, verify and decide the demo events; returns how many were recorded."""
    raw = yaml.safe_load(resources.files("civicspace.demo").joinpath("events.yaml").read_text())
    countries = {c.iso2: c for c in Country.objects.all()}
    for entry in raw["events"]:
        event = event_record(
            country=countries[entry["country"]], data=_input(entry), by=None, is_demo=True
        )
        if "verify" in entry:
            event_transition(
                event=event,
                action="verify",
                by=None,
                verification=VerificationInput(
                    entry["verify"], [s.pk for s in event.sources.all()], "DEMO verification"
                ),
            )
        for action in _STEPS.get(entry.get("state", ""), []):
            event_transition(event=event, action=action, by=None, reason=entry.get("note", ""))
    for decision in raw["alerts"]:
        alert = Alert.objects.get(
            is_demo=True, country__iso2=decision["country"], rule=decision["rule"]
        )
        alert_edit(
            alert=alert,
            by=None,
            summary=decision["summary"],
            recommended_response=decision["recommended_response"],
            audience=decision["audience"],
        )
        actions = decision["action"]  # one action, or several in turn (confirm, then close)
        for action in [actions] if isinstance(actions, str) else actions:
            alert_transition(alert=alert, action=action, by=None)
    return len(raw["events"])


def _input(entry: dict[str, Any]) -> EventInput:
    fields = {
        k: v for k, v in entry.items() if k not in ("country", "sources", "verify", "state", "note")
    }
    return EventInput(
        **{**fields, "dimensions": tuple(entry["dimensions"])},
        sources=tuple(SourceInput(**s) for s in entry.get("sources", ())),
    )
