"""`civicus_import`: ratings with their dates; categories checked against the score."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from civicspace.imports.problems import ImportRefused
from civicspace.indicators.models import CivicusRating
from civicspace.indicators.services import civicus_import

pytestmark = pytest.mark.django_db


def test_ratings_are_imported_and_categories_derived(programme, write_csv):
    path = write_csv(
        "country;date;score;category\nKZ;2024-12-04;30;Repressed\nKenya;05.12.2023;44;\n"
    )
    report = civicus_import(path=path)
    assert report.created == 2
    kz = CivicusRating.objects.get(country__iso2="KZ")
    assert (kz.published_on, kz.score, kz.category) == (date(2024, 12, 4), Decimal(30), "repressed")
    assert CivicusRating.objects.get(country__iso2="KE").category == "obstructed"


def test_problems_are_all_reported_and_nothing_written(programme, write_csv):
    future = (date.today() + timedelta(days=30)).isoformat()
    path = write_csv(
        "country,date,score,category\n"
        "KZ,2024-12-04,30,open\n"
        "KE,04/12/2024,40,\n"
        "TN,2024-12-04,140,\n"
        f"TN,{future},33,\n"
        "KZ,2023-12-04,33,locked\n"
    )
    with pytest.raises(ImportRefused) as caught:
        civicus_import(path=path)
    assert [str(p) for p in caught.value.problems] == [
        "row 2, column \"category\": a score of 30 is 'repressed' on the CIVICUS Monitor, not"
        " 'open'; check the score or leave the category empty",
        "row 3, column \"date\": '04/12/2024' is ambiguous (day/month or month/day?);"
        " write it as YYYY-MM-DD",
        'row 4, column "score": 140 is outside the CIVICUS range 0-100',
        f'row 5, column "date": {future} is in the future',
        "row 6, column \"category\": 'locked' is not a CIVICUS category"
        " (closed, repressed, obstructed, narrowed, open)",
    ]
    assert CivicusRating.objects.count() == 0


def test_reimport_updates_a_corrected_score(programme, write_csv):
    civicus_import(path=write_csv("country,date,score\nKZ,2024-12-04,30\n"))
    report = civicus_import(path=write_csv("country,date,score\nKZ,2024-12-04,41\n"))
    assert report.updated == 1
    assert CivicusRating.objects.get().category == "obstructed"
