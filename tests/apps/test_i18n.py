"""The interface in the reader's language: service errors, review states, the audit trail, admin.

Each sentence is compared with the catalogue's wording of its pattern, values filled in, and with
the English it must no longer be: the words themselves are the translators' (and
`tests/site/test_translations.py` checks that none is missing).
"""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, pgettext

from civicspace.assessments.panel_services import (
    DimensionEntry,
    panel_get_or_create,
    panelist_add,
    principle_save,
)
from civicspace.assessments.services import CycleError
from civicspace.audit.models import AuditEvent
from civicspace.core.workflow import TransitionRefused
from civicspace.editorial.comment_services import comment_add
from civicspace.editorial.models import Snapshot
from civicspace.editorial.services import cycle_transition
from civicspace.i18n import localise
from tests.apps.helpers import complete, kz, publish, sections_written

pytestmark = pytest.mark.django_db

TWO_SCORES = {"P01": Decimal(2), "P02": Decimal(4)}


def our_models():
    return [m for m in apps.get_models() if m._meta.app_config.name.startswith("civicspace.")]


def test_every_model_names_itself_for_translation():
    assert our_models()
    for model in our_models():
        given = model._meta.original_attrs
        assert "verbose_name" in given, model
        assert "verbose_name_plural" in given, model
        assert isinstance(given["verbose_name_plural"], Promise), model


def test_every_app_names_itself_for_translation():
    configs = [c for c in apps.get_app_configs() if c.name.startswith("civicspace.")]
    assert configs
    for config in configs:
        assert isinstance(config.verbose_name, Promise), config.name


def test_a_refused_transition_is_worded_through_the_catalogue(people):
    member, editor = people
    complete(kz(), member)
    publish(member, editor)
    with translation.override("ru"):
        with pytest.raises(TransitionRefused) as refused:
            cycle_transition(cycle=kz(), action="reopen", by=editor)
        pattern = "A correction needs a note saying what is corrected and why."
        assert localise(refused.value) == gettext(pattern) != pattern
    assert str(refused.value) == pattern  # English for the command line and logs


def test_counted_refusals_use_the_plural_forms(people):
    member, editor = people
    complete(kz(), member)
    for body in ("Dates?", "Sources?"):
        comment_add(cycle=kz(), key="context", body=body, by=editor)
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=editor)
    with pytest.raises(TransitionRefused) as refused:
        cycle_transition(cycle=kz(), action="approve", by=editor)
    assert str(refused.value) == "2 review comments are still open."
    with translation.override("ru"):
        singular = "%(count)s review comment is still open."
        plural = "%(count)s review comments are still open."
        worded = localise(refused.value)
        assert worded == ngettext(singular, plural, 2) % {"count": 2}
        assert worded != str(refused.value)


def test_service_errors_carry_their_values_into_the_sentence(people):
    member, _ = people
    panel = panel_get_or_create(cycle=kz())
    panelist_add(panel=panel, code="P01", by=member)
    with pytest.raises(CycleError) as refused:
        panelist_add(panel=panel, code="p01", by=member)
    assert str(refused.value) == "The panel already has a panelist P01."
    with translation.override("ru"):
        expected = gettext("The panel already has a panelist %(code)s.") % {"code": "P01"}
        assert localise(refused.value) == expected != str(refused.value)


def test_review_states_and_the_audit_trail_are_worded_when_shown(people):
    member, _ = people
    sections_written(kz(), member)
    with translation.override("ru"):
        cycle_transition(cycle=kz(), action="submit", by=member)
    event = AuditEvent.objects.get(action="state")
    # Stored as codes, whatever the language of whoever acted...
    assert (event.target, event.before, event.after) == (
        "submit",
        {"state": "draft"},
        {"state": "submitted", "note": ""},
    )
    # ...and worded in the reader's language when shown.
    assert event.summary == "Review: Submit for review"
    with translation.override("ru"):
        label = gettext("Submit for review")
        assert event.summary == gettext("Review: %(target)s") % {"target": label}
        assert kz().get_state_display() == pgettext("review state", "submitted")
        assert event.action_label == gettext("review state")


def test_the_workspace_is_served_in_russian(people, client):
    member, _ = people
    client.force_login(member)
    page = client.get("/workspace/KZ/2025/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    with translation.override("ru"):
        assert f"{gettext('Review state')}: <strong>" in page
        assert pgettext("review state", "draft") in page
    assert '<html lang="ru"' in page


def test_every_workspace_page_renders_in_russian(people, client):
    member, editor = people
    panel = panel_get_or_create(cycle=kz())
    for code in ("P01", "P02"):
        panelist_add(panel=panel, code=code, by=member)
    principle_save(
        cycle=kz(),
        principle="P4",
        entries={"4.1": DimensionEntry(Decimal("3"), "Why.", 0, panelist_scores=TWO_SCORES)},
        by=member,
    )
    comment_add(cycle=kz(), key="4.1", body="Which law?", by=editor)
    client.force_login(member)
    for url in (
        "/workspace/",
        "/workspace/KZ/2025/",
        "/workspace/KZ/2025/panel/",
        "/workspace/KZ/2025/P4/",
        "/workspace/KZ/2025/texts/",
        "/workspace/KZ/2025/workbook/",
        "/workspace/KZ/2025/history/score/4.1/",
        "/ru/data/",  # a public page: its language is in its address
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 200, url
        assert '<html lang="ru"' in response.content.decode(), url


def test_the_language_menu_names_each_language_in_itself(client):
    for accept in ("en", "ru"):  # the workspace's menu (sign-in is outside the public site)
        page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
        assert '<option value="en" lang="en">English</option>' in page.replace(" selected", "")
        assert '<option value="ru" lang="ru">Русский</option>' in page.replace(" selected", "")
    for prefix in ("", "/ru"):  # the public site's links to the same page in each language
        page = client.get(prefix + "/").content.decode()
        assert re.search(r'<(a|strong)[^>]* lang="en"[^>]*>English</', page)
        assert re.search(r'<(a|strong)[^>]* lang="ru"[^>]*>Русский</', page)


def test_country_names_are_shown_in_the_readers_language(demo, client):
    # "Грузия" is Georgia's Russian name. Data files, like the report documents, keep the stored
    # English name for everyone.
    for url in (
        "/",
        "/countries/",
        "/countries/GE/",
        "/countries/compare/?country=GE&country=KZ",
        "/reports/",
    ):
        russian = client.get("/ru" + url).content.decode()
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert "Грузия" in russian, url
        assert "Georgia" in english, url
        assert "Грузия" not in english, url
    rows = client.get("/data/scores.csv?country=GE", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Georgia" in rows
    assert "Грузия" not in rows


def test_a_workspace_shows_its_country_in_the_readers_language(people, client):
    member, _ = people
    client.force_login(member)
    page = client.get("/workspace/KZ/2025/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "<h1>Казахстан 2025</h1>" in page
    with translation.override("ru"):
        assert str(kz()) == "Казахстан 2025"
    with translation.override("en"):
        assert str(kz()) == "Kazakhstan 2025"


def test_snapshot_dates_are_written_the_readers_way(demo, client):
    snapshot = Snapshot.objects.filter(cycle__country__iso2="GE").latest("cycle__year", "revision")
    start = snapshot.record.reporting_period.start
    for language in ("en", "ru"):
        prefix = "" if language == "en" else f"/{language}"
        page = client.get(prefix + "/countries/GE/").content.decode()
        with translation.override(language):
            assert date_format(start) in page, language
        assert start.isoformat() not in page.split("<h2")[0], language
    russian = client.get("/ru/countries/GE/").content.decode()
    assert "августа" in russian.split("<h2")[0]  # the Russian genitive month of 1 August
