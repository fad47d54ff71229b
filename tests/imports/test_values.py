"""Cell values as people type them."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from civicspace.imports.values import (
    CountryResolver,
    ValueProblem,
    is_not_assessed,
    parse_date,
    parse_decimal,
    parse_year,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2.5", "2.5"),
        ("2,5", "2.5"),
        (" 3 ", "3"),
        (2.5, "2.5"),
        (3, "3"),
        (3.0, "3"),
        ("4.00", "4"),
    ],
)
def test_numbers(raw, expected):
    assert parse_decimal(raw, places=2) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "'abc' is not a number"),
        ("2.555", "more than 2 decimal places"),
        ("1,234.5", "not a number"),
        (True, "not a number"),
        ("nan", "not a number"),
        ("1e400", "'1e400' is too large a number"),  # was an uncaught InvalidOperation
    ],
)
def test_bad_numbers(raw, message):
    with pytest.raises(ValueProblem, match=message):
        parse_decimal(raw, places=2)


@pytest.mark.parametrize("raw", ["n/a", "N/A", "na", "-", "", "  ", None, "not assessed"])
def test_not_assessed_tokens(raw):
    assert is_not_assessed(raw)


def test_a_score_is_not_not_assessed():
    assert not is_not_assessed("2.5")


def test_years():
    assert parse_year("2025") == 2025
    assert parse_year(2025.0) == 2025
    with pytest.raises(ValueProblem, match="not a year"):
        parse_year("twenty")
    with pytest.raises(ValueProblem, match="plausible"):
        parse_year(25)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-12-04", date(2024, 12, 4)),
        ("04.12.2024", date(2024, 12, 4)),
        (datetime(2024, 12, 4, 0, 0), date(2024, 12, 4)),
        (date(2024, 12, 4), date(2024, 12, 4)),
    ],
)
def test_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [("04/12/2024", "ambiguous"), ("2024-02-30", "not a real date"), ("soon", "YYYY-MM-DD")],
)
def test_bad_dates(raw, message):
    with pytest.raises(ValueProblem, match=message):
        parse_date(raw)


@pytest.fixture
def resolver():
    return CountryResolver({"KZ": "Kazakhstan", "KE": "Kenya"})


@pytest.mark.parametrize("raw", ["KZ", "kz", "KAZ", "Kazakhstan", " kazakhstan ", "398"])
def test_countries_by_code_or_name(resolver, raw):
    assert resolver.resolve(raw) == "KZ"


def test_a_country_outside_the_programme(resolver):
    with pytest.raises(
        ValueProblem, match=r"Norway \(NO\) is not one of the programme's countries"
    ):
        resolver.resolve("Norway")


def test_an_unknown_country_gets_a_suggestion(resolver):
    with pytest.raises(ValueProblem, match=r"'Kazahkstan' is not a country.*did you mean"):
        resolver.resolve("Kazahkstan")


def test_no_country(resolver):
    with pytest.raises(ValueProblem, match="no country given"):
        resolver.resolve(None)
