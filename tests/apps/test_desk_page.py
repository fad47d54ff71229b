"""The consortium dashboard as each kind of user meets it: who sees it, what a row says, the
filters, overdue stages in words, reviewers assigned from the page, and its cost at 86 cycles."""

import re
from datetime import date, timedelta
from html import unescape

import pycountry
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from civicspace.assessments.models import Cycle
from civicspace.assessments.schedule_services import cycle_reviewers_set, year_schedule_set
from civicspace.assessments.services import cycles_open_year
from civicspace.audit.models import AuditEvent
from civicspace.countries.services import countries_sync
from civicspace.editorial.comment_services import comment_add
from civicspace.editorial.selectors import cycle_checks
from tests.apps.helpers import complete, kz, person

pytestmark = pytest.mark.django_db

DESK = "/workspace/desk/"


def _rows(response):
    """Each row of the dashboard as plain text, by the country's ISO code."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    found = re.findall(r'<tr class="desk-row[^"]*" data-country="(..)">(.*?)</tr>', html, re.S)
    return {iso2: " ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for iso2, row in found}


def _editor_client(client, people):
    client.force_login(people[1])
    return client


def _dates_from_today(**offsets):
    today = timezone.localdate()
    return {f"{stage}_due": today + timedelta(days=n) for stage, n in offsets.items()}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("no role", 404),
        ("member of KZ", 404),
        ("member of KE", 404),
        ("editor", 200),
        ("admin", 200),
    ],
)
def test_only_the_consortium_sees_the_dashboard(programme, client, role, status):
    users = {
        "no role": lambda: get_user_model().objects.create_user("nobody"),
        "member of KZ": lambda: person("aigul", "member", "KZ"),
        "member of KE": lambda: person("wanjiru", "member", "KE"),
        "editor": lambda: person("editor", "editor"),
        "admin": lambda: get_user_model().objects.create_superuser("root"),
    }
    if role != "anonymous":
        client.force_login(users[role]())
    response = client.get(DESK)
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if status == 200:
        assert set(_rows(response)) == {"KE", "KZ", "TN"}


@pytest.mark.parametrize("role", ["anonymous", "no role", "member of KZ"])
def test_nobody_outside_the_consortium_assigns_reviewers(programme, client, role):
    editor = person("editor", "editor")
    users = {
        "no role": lambda: get_user_model().objects.create_user("nobody"),
        "member of KZ": lambda: person("aigul", "member", "KZ"),
    }
    if role != "anonymous":
        client.force_login(users[role]())
    response = client.post(f"{DESK}KZ/2025/reviewers/", {"add": editor.pk})
    assert response.status_code in (302, 404)
    assert response.status_code == 404 or response["Location"].startswith("/accounts/login/")
    assert not kz().reviewers.exists()


def test_a_row_says_state_dates_reviewers_comments_checks_and_last_activity(
    programme, client, people
):
    member, editor = people
    complete(kz(), member)
    comment_add(cycle=kz(), key="context", body="Which law?", by=editor)
    year_schedule_set(
        by=editor, year=2025, **_dates_from_today(submission=10, review=20, publication=30)
    )
    cycle_reviewers_set(cycle=kz(), reviewers=[editor], by=editor)
    row = _rows(_editor_client(client, people).get(DESK))["KZ"]
    today = timezone.localdate()
    expected_errors = len(cycle_checks(cycle=kz()).errors)
    assert row.startswith("Kazakhstan Europe and Central Asia draft")
    assert f"Submission: {today + timedelta(days=10):%Y-%m-%d}" in row
    assert f"Publication: {today + timedelta(days=30):%Y-%m-%d}" in row
    assert "overdue" not in row.lower()
    assert "editor remove" in row
    newest = AuditEvent.objects.filter(cycle=kz()).latest("at", "pk")
    assert row.endswith(
        f"1 {expected_errors} {timezone.localtime(newest.at):%Y-%m-%d %H:%M}, editor"
    )


def test_overdue_stages_are_said_in_words(programme, client, people):
    _, editor = people
    year_schedule_set(
        by=editor, year=2025, **_dates_from_today(submission=-3, review=-1, publication=5)
    )
    Cycle.objects.filter(country__iso2="KE").update(state="in_review")
    Cycle.objects.filter(country__iso2="TN").update(state="approved")
    rows = _rows(_editor_client(client, people).get(DESK))
    assert "Overdue: submission, review" in rows["KZ"]
    assert "Overdue: review" in rows["KE"]
    assert "Overdue: submission" not in rows["KE"]
    assert "Overdue" not in rows["TN"]
    assert "(overdue)" in rows["KZ"]
    assert "(overdue)" not in rows["TN"]
    page = client.get(DESK).content.decode()
    assert "2 of them are overdue." in " ".join(page.split())


def test_filters_by_region_state_and_reviewer_and_sorting_by_country(programme, client, people):
    _, editor = people
    Cycle.objects.filter(country__iso2="TN").update(state="submitted")
    cycle_reviewers_set(cycle=Cycle.objects.get(country__iso2="KE"), reviewers=[editor], by=editor)
    client = _editor_client(client, people)
    assert set(_rows(client.get(DESK, {"region": "AFR"}))) == {"KE"}
    assert set(_rows(client.get(DESK, {"state": "submitted"}))) == {"TN"}
    assert set(_rows(client.get(DESK, {"reviewer": editor.pk}))) == {"KE"}
    assert set(_rows(client.get(DESK, {"region": "ECA", "state": "submitted"}))) == set()
    assert list(_rows(client.get(DESK))) == ["KZ", "KE", "TN"]
    assert list(_rows(client.get(DESK, {"sort": "-country"}))) == ["TN", "KE", "KZ"]


def test_a_bad_filter_is_named_and_the_rest_still_applies(programme, client, people):
    client = _editor_client(client, people)
    response = client.get(DESK, {"state": "lost", "region": "AFR", "year": "nineteen"})
    assert set(_rows(response)) == {"KE"}
    page = response.content.decode()
    assert page.count('class="errorlist"') == 2
    assert client.get(DESK, {"reviewer": "x" * 40}).status_code == 200


def test_an_editor_assigns_and_removes_a_reviewer_from_the_page(programme, client, people):
    _, editor = people
    second = person("second-editor", "editor")
    client = _editor_client(client, people)
    answer = client.post(
        f"{DESK}KZ/2025/reviewers/", {"add": second.pk, "filters": "region=ECA&state=draft"}
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"{DESK}?region=ECA&state=draft"
    assert list(kz().reviewers.all()) == [second]
    page = client.get(answer["Location"])
    assert "Reviewers of Kazakhstan 2025: second-editor." in page.content.decode()
    assert "second-editor remove" in _rows(page)["KZ"]
    client.post(f"{DESK}KZ/2025/reviewers/", {"remove": second.pk})
    assert not kz().reviewers.exists()
    assert AuditEvent.objects.filter(action="reviewers", actor=editor).count() == 2


def test_assigning_someone_who_is_not_an_editor_is_refused_on_the_page(programme, client, people):
    member, _ = people
    client = _editor_client(client, people)
    answer = client.post(f"{DESK}KZ/2025/reviewers/", {"add": member.pk}, follow=True)
    assert (
        "aigul is not a consortium editor: only editors review cycles." in answer.content.decode()
    )
    assert not kz().reviewers.exists()
    assert client.post(f"{DESK}KZ/2025/reviewers/", {"add": "one"}).status_code == 400
    assert client.post(f"{DESK}KZ/2025/reviewers/", {"add": 999999}).status_code == 404


def test_the_check_count_follows_every_change_to_the_draft(programme, client, people):
    member, _ = people
    client = _editor_client(client, people)
    before = _rows(client.get(DESK))["KZ"]
    empty_errors = len(cycle_checks(cycle=kz()).errors)
    complete(kz(), member)
    complete_errors = len(cycle_checks(cycle=kz()).errors)
    assert empty_errors != complete_errors  # the test would prove nothing otherwise
    after = _rows(client.get(DESK))["KZ"]
    assert f"0 {empty_errors} " in before
    assert f"0 {complete_errors} " in after


def test_86_cycles_cost_a_fixed_number_of_queries(db, client, django_assert_max_num_queries):
    codes = sorted(c.alpha_2 for c in pycountry.countries)[:86]
    countries_sync(regions={"R": "Region"}, programme=dict.fromkeys(codes, "R"))
    cycles_open_year(year=2025, period_start=date(2024, 8, 1), period_end=date(2025, 7, 31))
    editor = person("editor", "editor")
    year_schedule_set(
        by=editor, year=2025, **_dates_from_today(submission=-1, review=5, publication=9)
    )
    for cycle in Cycle.objects.all()[:40]:
        cycle_reviewers_set(cycle=cycle, reviewers=[editor], by=editor)
        comment_add(cycle=cycle, key="context", body="A question.", by=editor)
    client.force_login(editor)
    assert len(_rows(client.get(DESK))) == 86  # the first view checks every draft once
    with django_assert_max_num_queries(15):
        rows = _rows(client.get(DESK))
    assert len(rows) == 86
    assert sum("Overdue: submission" in row for row in rows.values()) == 86


def test_the_dashboard_in_russian(programme, client, people):
    _, editor = people
    year_schedule_set(
        by=editor, year=2025, **_dates_from_today(submission=-3, review=1, publication=5)
    )
    client = _editor_client(client, people)
    response = client.get(DESK, HTTP_ACCEPT_LANGUAGE="ru")
    page = " ".join(response.content.decode().split())
    row = _rows(response)["KZ"]
    assert "Панель консорциума 2025" in page
    assert row.startswith("Казахстан")
    assert "Просрочено: подача" in row
    assert "Показаны 3 цикла." in page
