"""A published report's page is rendered once and kept: the kept body serves every language and
address, and a new revision, a correction of the year before or a language never shows a page
made for something else."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import translation
from django.utils.translation import gettext

from civicspace.assessments.models import Cycle
from civicspace.demo.reports import demo_editor, demo_member
from civicspace.editorial.models import Snapshot
from civicspace.editorial.services import cycle_transition
from civicspace.site.report_cache import CACHE_ALIAS, report_page_key
from tests.apps.helpers import publish

pytestmark = pytest.mark.django_db


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _body(html):
    """The report itself: what follows the navigation bar."""
    return html[html.index('<div class="running"') :]


def _correct(iso2, year, note):
    cycle = Cycle.objects.get(country__iso2=iso2, year=year)
    editor = demo_editor()
    cycle_transition(cycle=cycle, action="reopen", by=editor, note=note)
    publish(demo_member(cycle), editor, cycle)


def _key(iso2, year):
    snapshot = Snapshot.objects.filter(cycle__country__iso2=iso2, cycle__year=year).latest(
        "revision"
    )
    earlier = (
        Snapshot.objects.filter(cycle__country__iso2=iso2, cycle__year__lt=year)
        .order_by("-cycle__year", "-revision")
        .first()
    )
    return report_page_key(
        snapshot=snapshot, previous=(earlier.pk, earlier.checksum) if earlier else None
    )


def test_a_kept_page_is_the_page_rendered_afresh(demo, client):
    first = _page(client, "/reports/GE/2025/")
    assert caches[CACHE_ALIAS].get(_key("GE", 2025)) is not None
    assert _page(client, "/reports/GE/2025/") == first
    caches[CACHE_ALIAS].clear()
    assert _page(client, "/reports/GE/2025/") == first


def test_each_language_gets_its_own_navigation_and_report_words(demo, client):
    english = _page(client, "/reports/GE/2025/")
    russian = _page(client, "/ru/reports/GE/2025/")
    with translation.override("ru"):
        all_reports = gettext("All reports")
    assert all_reports != "All reports"
    assert all_reports in russian
    assert all_reports not in english
    # The language links name the page's own address in each language.
    assert 'hreflang="ru" lang="ru">' in english
    assert 'hreflang="en" lang="en">' in russian
    # The body is kept per language: its headings are the reader's, its texts the authors'.
    with translation.override("ru"):
        glance = gettext("Scores at a glance")
    assert glance != "Scores at a glance"
    assert glance in _body(russian)
    assert "Scores at a glance" in _body(english)
    assert _page(client, "/ru/reports/GE/2025/") == russian  # and kept: the same bytes again


def test_a_correction_is_shown_and_the_old_revision_points_to_it(demo, client):
    before = _page(client, "/reports/GE/2025/")
    revision = Snapshot.objects.filter(cycle__country__iso2="GE", cycle__year=2025).count()
    old = _page(client, f"/reports/GE/2025/revisions/{revision}/")
    notice = gettext("This is revision %(n)s; read the current one") % {"n": revision}
    assert notice not in old
    _correct("GE", 2025, "DEMO correction: a figure caption fixed.")
    after = _page(client, "/reports/GE/2025/")
    assert after != before
    assert f"Revision {revision + 1}, published" in after
    assert "DEMO correction: a figure caption fixed." in after
    old_now = _page(client, f"/reports/GE/2025/revisions/{revision}/")
    assert notice in old_now
    assert _body(old_now) == _body(old)  # the old revision's report is as it was published


def test_a_correction_of_the_year_before_renders_the_change_chart_afresh(demo, client):
    _page(client, "/reports/GE/2025/")
    kept = _key("GE", 2025)
    _correct("GE", 2024, "DEMO correction of the year before.")
    assert _key("GE", 2025) != kept
    _page(client, "/reports/GE/2025/")
    assert caches[CACHE_ALIAS].get(_key("GE", 2025)) is not None


def test_revision_zero_is_not_another_address_of_the_newest(demo, client):
    assert client.get("/reports/GE/2025/revisions/0/").status_code == 404


def test_a_database_made_anew_never_reads_an_old_page(demo):
    """A fresh demo or a restore may give a revision the id and checksum a kept page had; its
    publication time differs, and so does the key."""
    snapshot = Snapshot.objects.filter(cycle__country__iso2="GE", cycle__year=2025).first()
    assert snapshot is not None
    before = report_page_key(snapshot=snapshot, previous=None)
    snapshot.published_at += timedelta(seconds=1)
    assert report_page_key(snapshot=snapshot, previous=None) != before
