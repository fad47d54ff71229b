"""On PostgreSQL the database itself keeps the audit trail and published snapshots append-only."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from civicspace.assessments.services import cycle_create
from civicspace.audit.models import AuditEvent
from civicspace.countries.models import Country
from civicspace.demo.loader import demo_load
from civicspace.editorial.models import Snapshot
from tests.apps.helpers import complete, kz, person, publish

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the append-only trigger is PostgreSQL's (editorial migration 0006); "
        "run with scripts/with-postgres",
    ),
]


@pytest.fixture
def published(people):
    member, editor = people
    complete(kz(), member)
    publish(member, editor)


def _refused(sql, params=()):
    """Whether PostgreSQL refuses `sql`, in a savepoint so the test's transaction goes on."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError as exc:
        return "append-only" in str(exc)
    return False


@pytest.mark.parametrize("table", ["editorial_auditevent", "editorial_snapshot"])
def test_postgresql_refuses_to_update_or_delete_a_record(published, table):
    rows = _count(table)
    assert rows > 0
    assert _refused(f"UPDATE {table} SET cycle_id = cycle_id")  # noqa: S608 (a fixed name)
    assert _refused(f"DELETE FROM {table}")  # noqa: S608
    assert _count(table) == rows


def test_a_queryset_delete_or_update_past_the_models_is_refused_too(published):
    checksum = Snapshot.objects.get().checksum
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        Snapshot.objects.update(checksum="0" * 64)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert Snapshot.objects.get().checksum == checksum


DELETE_DEMO_EVENTS = (
    "DELETE FROM editorial_auditevent"
    " WHERE cycle_id IN (SELECT id FROM assessments_cycle WHERE is_demo)"
)
DELETE_REAL_EVENTS = (
    "DELETE FROM editorial_auditevent"
    " WHERE cycle_id IN (SELECT id FROM assessments_cycle WHERE NOT is_demo)"
)


@pytest.fixture
def demo_beside_a_real_report(demo):
    """The demo, and a real (not demo) Kazakhstan 2026 report, published."""
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    cycle = cycle_create(
        country=Country.objects.get(iso2="KZ"),
        year=2026,
        period_start=date(2025, 9, 1),
        period_end=date(2026, 8, 31),
    )
    complete(cycle, member)
    publish(member, editor, cycle)
    return demo


def test_the_demo_purge_setting_lets_only_demo_rows_go(demo_beside_a_real_report):
    real = AuditEvent.objects.filter(cycle__is_demo=False).count()
    assert _refused(DELETE_DEMO_EVENTS)
    # SET LOCAL lasts to the end of the test's transaction (a savepoint's release keeps it).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL civicspace.purge_demo = 'on'")
    assert _refused(DELETE_REAL_EVENTS)
    assert _refused("UPDATE editorial_auditevent SET target = target")
    assert not _refused(DELETE_DEMO_EVENTS)
    assert AuditEvent.objects.filter(cycle__is_demo=False).count() == real
    assert not AuditEvent.objects.filter(cycle__is_demo=True).exists()


def test_the_demo_reloads_over_its_own_snapshots_and_trail(demo_beside_a_real_report):
    again = demo_load()
    assert again == demo_beside_a_real_report
    assert Snapshot.objects.filter(cycle__is_demo=True).count() == again.published
    assert Snapshot.objects.filter(cycle__is_demo=False).count() == 1


def _count(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]
