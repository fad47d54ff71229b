"""Importing events in the workspace: a preview of every row, then all or nothing, refused when
the events changed since the preview, and a member's rows for their own country only."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import Workbook

from civicspace.core.early_warning_rules import load_rules
from civicspace.core.framework import load_edition
from civicspace.countries.models import Country
from civicspace.monitoring.models import Event
from civicspace.monitoring.services import EventInput, event_record
from civicspace.monitoring.vocabulary import vocabulary_word
from tests.apps.helpers import PASSWORD

pytestmark = pytest.mark.django_db

HEADER = "country,date,title,event_type,dimensions,direction,sensitivity,city\n"
DAY = (date.today() - timedelta(days=4)).isoformat()
URL = "/workspace/monitoring/events/import/"


def table(*rows: str) -> bytes:
    return (HEADER + "".join(f"{r}\n" for r in rows)).encode("utf-8")


def posted(client, data: bytes, name: str = "events.csv", **headers):
    file = io.BytesIO(data)
    file.name = name
    return client.post(URL, {"file": file, "upload": ""}, **headers)


def token_of(response) -> str:
    found = re.search(r'name="token" value="([0-9a-f]+)"', response.content.decode())
    assert found, "the preview offers to apply"
    return found.group(1)


def applied(client, token: str):
    return client.post(URL, {"token": token, "apply": ""})


TWO_KZ = (
    f"KZ,{DAY},DEMO: rally banned,assembly-banned,1.2,deteriorating,public,Almaty",
    f"KZ,{DAY},DEMO: registration granted,registration-granted,1.1,improving,consortium,",
)


def test_the_page_is_linked_from_the_events_list(client, people):
    client.force_login(people[0])
    assert URL in client.get(reverse("monitoring:events")).content.decode()
    assert reverse("monitoring:events-import") == URL


def test_a_member_previews_every_row_and_nothing_is_recorded_until_applied(client, people):
    member, _ = people
    client.force_login(member)
    response = posted(client, table(*TWO_KZ))
    page = response.content.decode()
    assert "DEMO: rally banned" in page
    assert "DEMO: registration granted" in page
    assert "2 events would be recorded" in page
    assert not Event.objects.exists()
    response = applied(client, token_of(response))
    assert response.status_code == 302
    events = Event.objects.all()
    assert {e.title for e in events} == {"DEMO: rally banned", "DEMO: registration granted"}
    assert {(e.reporter, e.state, e.country.iso2) for e in events} == {(member, "submitted", "KZ")}


def test_an_xlsx_table_imports_like_a_csv(client, people):
    workbook = Workbook()
    sheet = workbook.active
    for line in table(*TWO_KZ).decode().splitlines():
        sheet.append(line.split(","))
    out = io.BytesIO()
    workbook.save(out)
    client.force_login(people[0])
    response = posted(client, out.getvalue(), "events.xlsx")
    applied(client, token_of(response))
    assert Event.objects.count() == 2


def test_a_preview_is_refused_once_the_countrys_events_changed(client, people):
    member, _ = people
    client.force_login(member)
    response = posted(client, table(*TWO_KZ))
    stale = token_of(response)
    event_record(
        country=Country.objects.get(iso2="KZ"),
        data=EventInput(
            title="DEMO: recorded meanwhile",
            event_type="assembly-banned",
            starts_on=date.fromisoformat(DAY),
            dimensions=("1.2",),
            direction="deteriorating",
        ),
        by=member,
    )
    response = applied(client, stale)
    assert response.status_code == 200
    assert "changed after this preview" in response.content.decode()
    assert Event.objects.count() == 1
    assert token_of(response) != stale  # a fresh preview, to apply after checking
    assert applied(client, token_of(response)).status_code == 302
    assert Event.objects.count() == 3


def test_applying_a_preview_twice_records_its_events_once(client, people):
    client.force_login(people[0])
    token = token_of(posted(client, table(*TWO_KZ)))
    applied(client, token)
    response = applied(client, token)
    assert Event.objects.count() == 2
    assert "expired" in client.get(response["Location"]).content.decode()


def test_bad_cells_are_named_and_nothing_is_offered_or_recorded(client, people):
    ahead = (date.today() + timedelta(days=9)).isoformat()
    client.force_login(people[0])
    response = posted(client, table(TWO_KZ[0], f"KZ,{ahead},DEMO: x,picnic,9.9,sideways,,"))
    page = response.content.decode()
    for column in ("date", "event_type", "dimensions", "direction"):
        assert f"row 3, column &quot;{column}&quot;" in page
    assert 'name="token"' not in page
    assert not Event.objects.exists()


def test_a_members_rows_for_another_country_are_refused_by_cell(client, people):
    client.force_login(people[0])
    kenya = f"KE,{DAY},DEMO: court frees activist,court-ruling-favour,1.1,improving,,"
    response = posted(client, table(TWO_KZ[0], kenya))
    page = response.content.decode()
    assert "row 3, column &quot;country&quot;" in page
    assert "own country only" in page
    assert 'name="token"' not in page
    assert not Event.objects.exists()


def test_the_consortium_imports_for_any_country(client, people):
    _, editor = people
    client.force_login(editor)
    kenya = f"KE,{DAY},DEMO: court frees activist,court-ruling-favour,1.1,improving,,"
    applied(client, token_of(posted(client, table(TWO_KZ[0], kenya))))
    assert {e.country.iso2 for e in Event.objects.all()} == {"KZ", "KE"}
    assert {e.reporter for e in Event.objects.all()} == {editor}


def test_anyone_without_an_early_warning_role_gets_404(client, programme):
    client.force_login(get_user_model().objects.create_user("reader", password=PASSWORD))
    assert client.get(URL).status_code == 404
    assert posted(client, table(*TWO_KZ)).status_code == 404
    client.logout()
    assert "/login" in client.get(URL)["Location"]


def test_a_file_over_the_upload_limit_is_refused_before_reading(client, people, settings):
    settings.CIVICSPACE_EVENT_IMPORT_MAX_BYTES = 1024**2
    client.force_login(people[0])
    response = posted(client, table(*TWO_KZ) + b"#" * 1024**2)
    assert "larger than 1 MB" in response.content.decode()
    assert not Event.objects.exists()


def test_the_preview_names_event_types_and_dimensions_rather_than_their_codes(client, people):
    client.force_login(people[0])
    page = posted(client, table(*TWO_KZ)).content.decode()
    rules = load_rules(settings.CIVICSPACE_DEFAULT_EDITION)
    dimensions = load_edition(settings.CIVICSPACE_DEFAULT_EDITION).dimensions
    for code, dimension in (("assembly-banned", "1.2"), ("registration-granted", "1.1")):
        assert f"<td>{escape(vocabulary_word(rules.event_type(code).name))}</td>" in page
        assert f"<td>{escape(f'{dimension} {dimensions[dimension].name}')}</td>" in page
        assert f"<td>{code}</td>" not in page
        assert f"<td>{dimension}</td>" not in page
    assert f"<td>{escape(Event.Direction.DETERIORATING.label)}</td>" in page
    assert f"<td>{escape(Event.Sensitivity.CONSORTIUM.label)}</td>" in page


def test_the_preview_names_them_in_the_reader_s_language(client, people):
    client.force_login(people[0])
    page = posted(client, table(*TWO_KZ), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    name = load_rules(settings.CIVICSPACE_DEFAULT_EDITION).event_type("assembly-banned").name
    with translation.override("ru"):
        russian = vocabulary_word(name)
    assert russian != name
    assert f"<td>{escape(russian)}</td>" in page
