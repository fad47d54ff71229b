"""A Network Member that must not be named is named nowhere the public can read."""

import csv
import io

import pytest

from civicspace.countries.services import network_member_set
from civicspace.editorial.models import Snapshot
from tests.apps.helpers import complete, kz, publish
from tests.apps.test_report import words

pytestmark = pytest.mark.django_db
NAME = "Steppe Civic Forum (DEMO)"


@pytest.mark.parametrize("unnamed", [False, True])
def test_an_unnamed_drafting_organisation_is_left_out_of_the_report_pages_and_files(
    people, client, unnamed
):
    member, editor = people
    organisation = network_member_set(country=kz().country, name=NAME)
    organisation.unnamed = unnamed
    organisation.save()
    complete(kz(), member)
    publish(member, editor)
    record = Snapshot.objects.get().record
    report = client.get("/reports/KZ/2025/").content.decode()
    public = [
        report,
        client.get("/countries/KZ/").content.decode(),
        client.get("/data/scores.csv").content.decode(),
        client.get("/data/scores.json").content.decode(),
        client.get("/api/v1/cycles/KZ/2025").content.decode(),
    ]
    assert list(csv.DictReader(io.StringIO(public[2])))  # the files hold the published rows
    if unnamed:
        assert record.network_member == ""
        assert not any(NAME in text for text in public)
        assert "Drafted by the national Network Member" in words(report)
    else:
        assert record.network_member == NAME
        assert f"Prepared by {NAME}" in words(report)
        assert f"Drafted by {NAME}" in words(report)
