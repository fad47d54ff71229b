"""The migration of an event's dimensions from a JSON list to rows (EventDimension): every list
becomes its rows, a repeated code once, and reversing it gives the lists back."""

from datetime import date

import pytest

pytestmark = pytest.mark.django_db(transaction=True)  # migrations run outside a test transaction

BEFORE = ("monitoring", "0002_alertmail_referrals")
AFTER = ("monitoring", "0003_panelevents_event_dimensions")
LISTS = [["1.2", "1.1"], ["2.2"], ["3.1", "3.1", "6.3"], []]


def test_each_events_list_of_dimensions_becomes_rows_and_comes_back(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    country = old.apps.get_model("countries", "Country").objects.create(
        iso2="KZ", iso3="KAZ", name="Kazakhstan"
    )
    Event = old.apps.get_model("monitoring", "Event")
    events = [
        Event.objects.create(
            country=country,
            title=f"DEMO event {n}",
            event_type="other",
            starts_on=date(2025, 3, n + 1),
            direction="deteriorating",
            dimensions=codes,
        )
        for n, codes in enumerate(LISTS)
    ]
    expected = {e.pk: set(codes) for e, codes in zip(events, LISTS, strict=True)}

    new = migrator.apply_tested_migration(AFTER)
    rows = new.apps.get_model("monitoring", "EventDimension").objects.values_list(
        "event_id", "code"
    )
    found: dict[int, set[str]] = {pk: set() for pk in expected}
    for event_id, code in rows:
        found[event_id].add(code)
    assert found == expected
    assert len(rows) == sum(len(codes) for codes in expected.values())  # no code twice

    back = migrator.apply_tested_migration(BEFORE)
    lists = dict(back.apps.get_model("monitoring", "Event").objects.values_list("pk", "dimensions"))
    assert {pk: set(codes) for pk, codes in lists.items()} == expected
