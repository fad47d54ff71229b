"""Early-warning services: recording, the verification state machine, alerts, the audit trail."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from civicspace.audit.models import AuditEvent
from civicspace.cli import main
from civicspace.core.early_warning import EarlyWarningError
from civicspace.countries.models import Country
from civicspace.monitoring.alert_services import alert_edit, alert_transition, alerts_refresh
from civicspace.monitoring.models import Alert, Event
from civicspace.monitoring.services import (
    EventInput,
    SourceInput,
    VerificationInput,
    event_edit,
    event_record,
    event_transition,
    event_version,
)
from tests.apps.helpers import person

pytestmark = pytest.mark.django_db

LOW = {"scale": 2, "scope": 2, "irreversibility": 2}
HIGH = {"scale": 5, "scope": 4, "irreversibility": 4}


def an_event(days_ago: int = 10, **changes) -> EventInput:
    data = EventInput(
        title="DEMO: assembly dispersed in the capital",
        event_type="assembly-banned",
        starts_on=date.today() - timedelta(days=days_ago),
        dimensions=("1.2",),
        direction="deteriorating",
        description="Police *dispersed* a march. <script>alert(1)</script>",
        city="Almaty",
        sources=(SourceInput("Report", "https://example.org/a", "Example News"),),
    )
    return dataclasses.replace(data, **changes)


def verified(event, editor, answers=LOW):
    return event_transition(
        event=event,
        action="verify",
        by=editor,
        verification=VerificationInput(answers, [s.pk for s in event.sources.all()]),
    )


def test_a_member_records_an_event_for_their_own_country_only(people):
    member, editor = people
    event = event_record(country=Country.objects.get(iso2="KZ"), data=an_event(), by=member)
    assert (event.state, event.reporter, event.sources.count()) == ("submitted", member, 1)
    with pytest.raises(EarlyWarningError, match="own country"):
        event_record(country=Country.objects.get(iso2="KE"), data=an_event(), by=member)
    with pytest.raises(EarlyWarningError, match="own country"):
        event_record(country=Country.objects.get(iso2="KZ"), data=an_event(), by=editor)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"event_type": "picnic"}, "not an event type"),
        ({"dimensions": ("9.9",)}, "9.9"),
        ({"dimensions": ()}, "dimensions"),
        ({"starts_on": date.today() + timedelta(days=2)}, "ahead"),
        ({"ends_on": date.today() - timedelta(days=30)}, "ends before"),
        ({"title": "  "}, "title"),
        ({"direction": "sideways"}, "direction"),
    ],
)
def test_an_event_that_cannot_be_true_is_refused_and_nothing_is_stored(people, change, problem):
    member, _ = people
    with pytest.raises(EarlyWarningError, match=problem):
        event_record(country=Country.objects.get(iso2="KZ"), data=an_event(**change), by=member)
    assert not Event.objects.exists()


def test_nobody_verifies_their_own_event(programme):
    both = person("both", "member", "KZ")
    from civicspace.accounts.models import Role

    Role.objects.create(user=both, kind="editor")
    event = event_record(country=Country.objects.get(iso2="KZ"), data=an_event(), by=both)
    with pytest.raises(EarlyWarningError, match="reported themselves"):
        verified(event, both)
    assert Event.objects.get().state == "submitted"


def test_more_information_goes_back_to_the_member_who_edits_and_resubmits(people):
    member, editor = people
    event = event_record(country=Country.objects.get(iso2="KZ"), data=an_event(), by=member)
    with pytest.raises(EarlyWarningError, match="reason"):
        event_transition(event=event, action="request-information", by=editor)
    event_transition(event=event, action="request-information", by=editor, reason="Which day?")
    event_edit(event=event, data=an_event(title="Dispersed on 3 May"), by=member)
    event = event_transition(event=event, action="resubmit", by=member)
    assert (event.state, event.title) == ("submitted", "Dispersed on 3 May")
    event_transition(event=event, action="start-verifying", by=editor)
    with pytest.raises(EarlyWarningError, match="cannot change"):
        event_edit(event=event, data=an_event(), by=member)


@pytest.mark.django_db(transaction=True)
def test_an_edit_runs_in_a_transaction_of_its_own_as_a_request_does(people):
    # No test transaction around it, as in a request: it locks the event (PostgreSQL refuses a
    # row lock outside a transaction) and its writes land together.
    member, editor = people
    event = event_record(country=Country.objects.get(iso2="KZ"), data=an_event(), by=member)
    event_transition(event=event, action="request-information", by=editor, reason="Which day?")
    event = event_edit(
        event=event,
        data=an_event(title="Dispersed on 3 May"),
        by=member,
        seen=event_version(Event.objects.get(pk=event.pk)),
    )
    assert Event.objects.get(pk=event.pk).title == "Dispersed on 3 May"


def test_rejection_needs_a_reason_and_is_final(people):
    member, editor = people
    event = event_record(country=Country.objects.get(iso2="KZ"), data=an_event(), by=member)
    event = event_transition(event=event, action="reject", by=editor, reason="Not in KZ.")
    assert (event.state, event.state_note) == ("rejected", "Not in KZ.")
    with pytest.raises(EarlyWarningError, match="not possible"):
        verified(event, editor)


def test_every_transition_is_in_the_audit_trail_under_the_country(people):
    member, editor = people
    event = event_record(country=Country.objects.get(iso2="KZ"), data=an_event(), by=member)
    event_transition(event=event, action="start-verifying", by=editor)
    verified(event, editor, HIGH)
    rows = AuditEvent.objects.filter(action="event", target=str(event.pk)).order_by("pk")
    assert [(r.after["change"], r.actor, r.country.iso2, r.cycle) for r in rows] == [
        ("record", member, "KZ", None),
        ("start-verifying", editor, "KZ", None),
        ("verify", editor, "KZ", None),
    ]
    assert rows.last().after["impact"] == 4
    assert "Verify" in rows.last().summary


def test_a_high_impact_verification_proposes_an_alert_with_its_event(people):
    member, editor = people
    event = event_record(country=Country.objects.get(iso2="KZ"), data=an_event(), by=member)
    verified(event, editor, HIGH)
    alert = Alert.objects.get()
    assert (alert.rule, alert.state, list(alert.events.all())) == (
        "single-high-impact",
        "proposed",
        [event],
    )
    assert AuditEvent.objects.filter(action="alert", target=str(alert.pk)).exists()


def test_a_trend_grows_one_alert_as_more_events_are_verified(people):
    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    events = [
        event_record(country=kz, data=an_event(days_ago=d), by=member) for d in (5, 9, 20, 30)
    ]
    for event in events[:3]:
        verified(event, editor)
    trend = Alert.objects.get(rule="dimension-trend")
    assert set(trend.events.all()) == set(events[:3])
    verified(events[3], editor)
    trend = Alert.objects.get(rule="dimension-trend")
    assert set(trend.events.all()) == set(events)


def test_verifying_event_by_event_leaves_nothing_for_a_full_pass_to_find(people):
    """Each verification evaluates only what its event can change; a full pass over the record
    afterwards finds no alert they missed, in any dimension, principle or direction."""
    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    shapes = [
        (2, ("1.2",), "deteriorating"),
        (40, ("1.2", "1.1"), "deteriorating"),
        (75, ("1.1",), "deteriorating"),
        (88, ("3.1",), "improving"),
        (20, ("1.2",), "deteriorating"),
        (60, ("3.2",), "improving"),
        (61, ("3.1", "3.2"), "improving"),
        (15, ("1.3",), "deteriorating"),
        (62, ("3.3",), "improving"),
        (63, ("3.1",), "improving"),
    ]
    for days_ago, dimensions, direction in shapes:
        event = event_record(
            country=kz,
            data=an_event(days_ago=days_ago, dimensions=dimensions, direction=direction),
            by=member,
        )
        verified(event, editor, HIGH if days_ago == 88 else LOW)
    assert Alert.objects.filter(rule="dimension-trend").exists()
    assert Alert.objects.filter(rule="principle-trend").exists()
    assert alerts_refresh(country=kz, edition=event.edition) == []


def test_alerts_refresh_finds_what_no_verification_evaluated(people, capsys):
    """Events verified without an evaluation (as after an edit of the rules file): the command
    runs every rule over the whole record and proposes what is due, once."""
    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    for d in (5, 9, 20):
        verified(event_record(country=kz, data=an_event(days_ago=d), by=member), editor)
    Alert.objects.all().delete()  # what the old rules proposed, gone: the new ones never ran
    assert main(["alerts", "refresh"]) == 0
    assert Alert.objects.filter(country=kz, rule="dimension-trend").count() == 1
    assert "1 alert(s) proposed or grown" in capsys.readouterr().err
    assert main(["alerts", "refresh"]) == 0
    assert "0 alert(s) proposed or grown" in capsys.readouterr().err


def test_the_full_pass_proposes_what_the_rules_find_in_the_countrys_verified_events(people):
    """alerts_refresh without an event reads the record as columns; what it proposes is what
    the core finds in the same events as facts. Another country's events, unverified and
    merged ones (each tagged to dimensions too) stay out."""
    from civicspace.core.early_warning import alerts_proposed
    from civicspace.core.early_warning_rules import load_rules
    from civicspace.monitoring.alert_services import event_facts
    from civicspace.monitoring.services import event_merge

    member, editor = people
    kz, ke = Country.objects.get(iso2="KZ"), Country.objects.get(iso2="KE")
    shapes = [
        (2, ("1.2",), "deteriorating", HIGH),
        (40, ("1.2", "1.1"), "deteriorating", LOW),
        (75, ("1.1",), "deteriorating", LOW),
        (20, ("1.2",), "deteriorating", LOW),
        (60, ("3.2",), "improving", HIGH),
        (61, ("3.1", "3.2"), "improving", LOW),
        (62, ("3.3",), "improving", LOW),
        (63, ("3.1",), "improving", LOW),
        (64, ("3.1",), "improving", LOW),
    ]
    events = []
    for days_ago, dimensions, direction, answers in shapes:
        data = an_event(days_ago=days_ago, dimensions=dimensions, direction=direction)
        events.append(verified(event_record(country=kz, data=data, by=member), editor, answers))
    event_record(country=kz, data=an_event(days_ago=21), by=member)  # submitted only
    verified(event_record(country=kz, data=an_event(days_ago=22), by=member), editor)
    event_merge(duplicate=Event.objects.latest("pk"), into=events[3], by=editor)
    kenyan = person("wanjiru", "member", "KE")
    verified(event_record(country=ke, data=an_event(days_ago=23), by=kenyan), editor)
    Alert.objects.all().delete()

    changed = alerts_refresh(country=kz, edition=events[0].edition)

    counted = Event.objects.filter(country=kz).exclude(merged_into__isnull=False)
    facts = event_facts(list(counted.prefetch_related("dimension_tags")))
    expected = alerts_proposed(rules=load_rules(events[0].edition), events=facts)
    assert {"single-high-impact", "dimension-trend", "principle-trend"} <= {
        f.rule for f in expected
    }
    assert sorted(
        (
            a.rule,
            a.subject,
            a.direction,
            a.first_on,
            a.last_on,
            sorted(e.pk for e in a.events.all()),
        )
        for a in changed
    ) == sorted((f.rule, f.subject, f.direction, f.first, f.last, list(f.events)) for f in expected)


def test_unverified_events_propose_nothing(people):
    member, _ = people
    kz = Country.objects.get(iso2="KZ")
    for d in (5, 9, 20):
        event_record(country=kz, data=an_event(days_ago=d), by=member)
    assert not Alert.objects.exists()


def test_an_editor_confirms_words_and_closes_an_alert_and_a_dismissal_needs_a_reason(people):
    member, editor = people
    event = event_record(country=Country.objects.get(iso2="KZ"), data=an_event(), by=member)
    verified(event, editor, HIGH)
    alert = Alert.objects.get()
    with pytest.raises(EarlyWarningError, match="consortium"):
        alert_transition(alert=alert, action="confirm", by=member)
    with pytest.raises(EarlyWarningError, match="reason"):
        alert_transition(alert=alert, action="dismiss", by=editor)
    alert_edit(
        alert=alert,
        by=editor,
        summary="DEMO: dispersal",
        recommended_response="Statement",
        audience="donors",
    )
    alert = alert_transition(alert=alert, action="confirm", by=editor)
    alert = alert_transition(alert=alert, action="close", by=editor)
    assert (alert.state, alert.audience, alert.summary) == ("closed", "donors", "DEMO: dispersal")
    with pytest.raises(EarlyWarningError, match="no longer"):
        alert_edit(alert=alert, by=editor, summary="", recommended_response="", audience="public")


def test_a_dismissed_alert_is_not_proposed_again_for_the_same_events(people):
    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    first = event_record(country=kz, data=an_event(), by=member)
    verified(first, editor, HIGH)
    alert_transition(alert=Alert.objects.get(), action="dismiss", by=editor, reason="Duplicate")
    second = event_record(country=kz, data=an_event(days_ago=3), by=member)
    verified(second, editor, LOW)
    assert Alert.objects.count() == 1


def test_the_demo_has_events_of_every_direction_sensitivity_and_state_and_alerts(demo):
    events = Event.objects.filter(is_demo=True)
    assert {e.direction for e in events} == {"deteriorating", "improving"}
    assert {e.sensitivity for e in events} == {"public", "consortium", "restricted"}
    assert {e.state for e in events} == set(Event.State.values)
    alerts = Alert.objects.filter(is_demo=True)
    assert {(a.country.iso2, a.rule, a.state) for a in alerts} >= {
        ("GE", "single-high-impact", "confirmed"),
        ("KZ", "dimension-trend", "proposed"),
    }
    assert all("DEMO" in e.title for e in events)


def test_merging_a_duplicate_combines_sources_keeps_history_and_stops_it_counting(people):
    from civicspace.monitoring.selectors import events_visible
    from civicspace.monitoring.services import event_merge

    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    kept = event_record(country=kz, data=an_event(), by=member)
    extra = (SourceInput("Second outlet", "https://example.org/b"),)
    duplicate = event_record(country=kz, data=an_event(sources=extra), by=member)
    verified(duplicate, editor, HIGH)
    with pytest.raises(EarlyWarningError, match="consortium"):
        event_merge(duplicate=duplicate, into=kept, by=member)
    event_merge(duplicate=duplicate, into=kept, by=editor)
    assert {s.title for s in kept.sources.all()} == {"Report", "Second outlet"}
    assert list(events_visible(editor)) == [kept]
    changes = AuditEvent.objects.filter(action="event", target=str(duplicate.pk))
    assert [r.after["change"] for r in changes.order_by("pk")] == ["record", "verify", "merge"]
    with pytest.raises(EarlyWarningError, match="already merged"):
        event_merge(duplicate=duplicate, into=kept, by=editor)
    with pytest.raises(EarlyWarningError, match="already merged"):
        event_transition(event=duplicate, action="reject", by=editor, reason="x")


@pytest.mark.parametrize("kept_back", ["consortium", "restricted"])
def test_a_merge_never_publishes_what_a_duplicate_kept_back(people, kept_back):
    from civicspace.monitoring.public_selectors import public_event
    from civicspace.monitoring.services import event_merge

    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    public = event_record(country=kz, data=an_event(), by=member)
    verified(public, editor, LOW)
    assert public_event(public.pk) is not None
    secret = (SourceInput("Witness statement naming a person", "https://example.org/w"),)
    duplicate = event_record(
        country=kz, data=an_event(sources=secret, sensitivity=kept_back), by=member
    )
    event_merge(duplicate=duplicate, into=public, by=editor)
    public.refresh_from_db()
    assert public.sensitivity == kept_back  # the stricter of the two
    assert public_event(public.pk) is None
    merged_in = AuditEvent.objects.filter(action="event", target=str(public.pk)).last()
    assert merged_in is not None
    assert merged_in.after["sensitivity"] == ["public", kept_back]
