"""`civicspace cycle schedule`: a year's due dates and a country's own, from the command line."""

from datetime import date

import pytest

from civicspace.assessments.models import YearSchedule
from civicspace.audit.models import AuditEvent
from civicspace.cli import main
from tests.apps.helpers import kz

pytestmark = pytest.mark.django_db

YEAR = ["cycle", "schedule", "2025"]
DATES = ["--submission", "2025-09-30", "--review", "2025-10-31", "--publication", "2025-11-30"]


def test_schedule_sets_the_years_dates_and_prints_them(programme, capsys):
    assert main([*YEAR, *DATES]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "due dates of 2025:",
        "  submission   2025-09-30",
        "  review       2025-10-31",
        "  publication  2025-11-30",
    ]
    events = AuditEvent.objects.filter(action="schedule")
    assert events.count() == 3
    assert {e.actor for e in events} == {None}


def test_a_date_left_out_keeps_its_value(programme, capsys):
    main([*YEAR, *DATES])
    assert main([*YEAR, "--review", "2025-11-05"]) == 0
    schedule = YearSchedule.objects.get(year=2025)
    assert (schedule.submission_due, schedule.review_due) == (date(2025, 9, 30), date(2025, 11, 5))


def test_a_countrys_own_date_and_clearing_it(programme, capsys):
    main([*YEAR, *DATES])
    capsys.readouterr()
    assert main([*YEAR, "--country", "Kazakhstan", "--review", "2025-11-15"]) == 0
    assert "  review       2025-11-15 (this country's own)" in capsys.readouterr().out
    assert kz().review_due == date(2025, 11, 15)
    assert main([*YEAR, "--country", "KZ", "--clear"]) == 0
    assert "  review       2025-10-31\n" in capsys.readouterr().out
    assert kz().review_due is None


def test_without_dates_it_shows_what_applies(programme, capsys):
    assert main(YEAR) == 0
    assert "  submission   not set" in capsys.readouterr().out
    assert not YearSchedule.objects.exists()


def test_dates_out_of_order_are_refused_and_nothing_changes(programme, capsys):
    assert main([*YEAR, "--submission", "2025-10-31", "--review", "2025-09-30"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: The review due date (2025-09-30) is before the submission")
    assert err.rstrip().endswith("(nothing was changed)")
    assert not YearSchedule.objects.exists()


def test_a_malformed_date_or_unknown_country_is_named(programme, capsys):
    with pytest.raises(SystemExit) as usage:
        main([*YEAR, "--review", "31.10.2025"])
    assert usage.value.code == 2
    assert "'31.10.2025' is not a date: write it as YEAR-MONTH-DAY" in capsys.readouterr().err
    assert main([*YEAR, "--country", "Atlantis", "--review", "2025-10-31"]) == 1
    assert "Atlantis" in capsys.readouterr().err
    assert main([*YEAR, "--clear"]) == 2


def test_a_year_with_no_cycle_is_refused_with_the_command_that_opens_it(programme, capsys):
    assert main(["cycle", "schedule", "2027", "--submission", "2027-09-30"]) == 1
    assert "civicspace cycle create --all 2027" in capsys.readouterr().err
