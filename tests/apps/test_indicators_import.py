"""`civicspace import indicators`: secondary-source values, all or nothing."""

from decimal import Decimal

import pytest

from civicspace.cli import main
from civicspace.indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db


def test_values_are_imported_and_reimports_update(programme, write_csv, capsys):
    path = write_csv(
        "series;country;year;value\nrti-rating;Kazakhstan;2024;85\nvdem-civil-society;KE;2024;0,61\n"
    )
    assert main(["import", "indicators", str(path)]) == 0
    assert "imported (2 created, 0 updated, 0 unchanged)" in capsys.readouterr().out
    assert IndicatorValue.objects.get(series__code="vdem-civil-society").value == Decimal("0.61")
    path = write_csv("series,country,year,value\nrti-rating,KZ,2024,87\n")
    assert main(["import", "indicators", str(path)]) == 0
    assert IndicatorValue.objects.get(series__code="rti-rating").value == 87


def test_problems_are_listed_and_nothing_is_written(programme, write_csv, capsys):
    path = write_csv(
        "series,country,year,value\nrti-rating,KZ,2024,85\ngdp,KZ,2024,1\nrti-rating,KZ,2024,90\n"
    )
    assert main(["import", "indicators", str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 3, column \"series\": 'gdp' is not a known series" in err
    assert "row 4: gives 90 for rti-rating KZ 2024, but row 2 gives 85" in err
    assert not IndicatorValue.objects.exists()
