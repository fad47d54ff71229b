"""Writing the audit trail: codes from AuditAction only, checked where they are written, so a
new kind of change is one line in audit/actions.py and no migration."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from civicspace.audit.actions import AuditAction
from civicspace.audit.models import AuditEvent
from civicspace.audit.services import audit_record
from civicspace.countries.models import Country

pytestmark = pytest.mark.django_db


def test_the_trail_refuses_an_action_it_does_not_know(programme):
    kz = Country.objects.get(iso2="KZ")
    with pytest.raises(ValueError, match="'scroe' is not an audit action"):
        audit_record(cycle=None, country=kz, by=None, action="scroe", target="1.1")
    assert not AuditEvent.objects.exists()


def test_every_known_action_is_written_and_named_in_the_reader_s_language(programme):
    kz = Country.objects.get(iso2="KZ")
    for action in AuditAction:
        audit_record(cycle=None, country=kz, by=None, action=action, target="DEMO")
    stored = {e.action: e for e in AuditEvent.objects.all()}
    assert set(stored) == set(AuditAction.values)
    with translation.override("ru"):
        russian = {code: event.action_label for code, event in stored.items()}
        assert russian["state"] == gettext("review state")
    with translation.override("en"):
        assert stored["state"].action_label == "review state" != russian["state"]


def test_the_action_column_holds_codes_without_a_list_a_migration_would_freeze():
    field = AuditEvent._meta.get_field("action")
    assert not field.choices
    assert field.max_length >= max(len(code) for code in AuditAction.values)
