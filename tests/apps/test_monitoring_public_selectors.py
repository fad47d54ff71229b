"""What of early warning is public: one definition for the site, feed, API and files."""

from __future__ import annotations

import pytest

from civicspace.monitoring.models import Alert, Event
from civicspace.monitoring.public_selectors import (
    public_alert,
    public_alerts,
    public_event,
    public_events,
)

pytestmark = pytest.mark.django_db


def test_only_verified_public_unmerged_events_are_public(demo):
    shown = {e.id for e in public_events()}
    for event in Event.objects.all():
        is_public = (
            event.state == Event.State.VERIFIED
            and event.sensitivity == Event.Sensitivity.PUBLIC
            and event.merged_into_id is None
        )
        assert (event.pk in shown) is is_public
        assert (public_event(event.pk) is not None) is is_public
    assert shown, "the demo has public events"


def test_an_alert_is_public_only_when_confirmed_for_the_public_and_shows_public_events(demo):
    alert = Alert.objects.filter(events__isnull=False).first()
    assert alert is not None
    for state, audience, shown in (
        (Alert.State.PROPOSED, Alert.Audience.PUBLIC, False),
        (Alert.State.DISMISSED, Alert.Audience.PUBLIC, False),
        (Alert.State.CONFIRMED, Alert.Audience.DONORS, False),
        (Alert.State.CONFIRMED, Alert.Audience.CONSORTIUM, False),
        (Alert.State.CONFIRMED, Alert.Audience.PUBLIC, True),
        (Alert.State.CLOSED, Alert.Audience.PUBLIC, True),
    ):
        Alert.objects.filter(pk=alert.pk).update(state=state, audience=audience)
        assert (public_alert(alert.pk) is not None) is shown
        assert (alert.pk in [a.id for a in public_alerts()]) is shown
    Event.objects.filter(pk__in=alert.events.all()).update(sensitivity=Event.Sensitivity.RESTRICTED)
    published = public_alert(alert.pk)
    assert published is not None
    assert published.events == ()


def test_public_reads_take_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    # Events: 4 (events, their sources, verifications and dimensions); alerts: 5 (alerts, and
    # their events' four), however many there are. The demo has public alerts with events.
    with django_assert_max_num_queries(9):
        assert public_events()
        assert public_alerts()
