"""Named laws and the adoption years sentences give them, in English and Russian."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.law_mentions import law_names, law_years


def years(text):
    return [(law.key, law.year) for law in law_years(text)]


@pytest.mark.parametrize(
    ("text", "key", "year"),
    [
        ("The Law on Public Associations of 2023 applies.", "law public associations", 2023),
        (
            "Under the 2024 Law on Public Associations, groups register.",
            "law public associations",
            2024,
        ),
        ("The Law on Mass Media (2024) applies.", "law mass media", 2024),
        ("The Law on Mass Media, adopted in 2024, applies.", "law mass media", 2024),
        (
            "By the end of 2024 the country had adopted the Law on Peaceful Assembly.",
            "law peaceful assembly",
            2024,
        ),
        ("In 2025 the Law on Peaceful Assembly was adopted.", "law peaceful assembly", 2025),
        (
            "In 2025 the Foreign Agents Registration Act was passed.",
            "act foreign agents registration",
            2025,
        ),
        (
            "Parliament enacted the Code of Administrative Offences in 2014.",
            "code administrative offences",
            2014,
        ),
        (
            "В конце 2024 года был принят Закон об общественных объединениях.",
            "закон общественных объединениях",
            2024,
        ),
        (
            "Закон «Об общественных объединениях» от 2015 года действует.",
            "закон общественных объединениях",
            2015,
        ),
        ("Закон о СМИ 2024 года ужесточил правила.", "закон сми", 2024),
    ],
)
def test_the_year_a_sentence_gives_a_laws_adoption(text, key, year):
    assert years(text) == [(key, year)]


@pytest.mark.parametrize(
    "text",
    [
        "Since 2016 the Law on Public Associations has required registration.",
        "In 2024 parliament adopted amendments to the Law on Mass Media.",
        "The draft Law on Foreign Agents was adopted in first reading in 2025.",
        "By 2025 the Law on Lobbying had still not been adopted.",
        "В 2024 году в Закон о СМИ были внесены изменения.",
    ],
)
def test_years_of_other_events_are_not_adoption_years(text):
    assert years(text) == []


def test_spellings_of_one_law_share_a_key():
    keys = {
        key
        for _, key, _, _ in law_names(
            "The Act on Public Associations; the Public Associations Act;"
            " the Law of the Republic of Kazakhstan on Mass Media; the Law on Mass Media."
        )
    }
    assert keys == {"act public associations", "law mass media"}


def test_with_several_laws_the_year_goes_to_the_one_the_verb_speaks_of():
    text = (
        "In 2025 the Foreign Agents Registration Act was passed, replacing the Administrative Code."
    )
    assert years(text) == [("act foreign agents registration", 2025)]


NAMES = [
    "Law on Public Associations",
    "Law on Peaceful Assembly",
    "Code of Administrative Offences",
]
TEMPLATES = [
    "The {name} of {year} applies.",
    "Under the {year} {name}, groups register.",
    "By the end of {year} the country had adopted the {name}.",
    "In {year}, after long debate, parliament passed the {name}.",
    "The {name} was enacted on 3 March {year} and took effect later.",
]


@given(
    st.sampled_from(NAMES),
    st.sampled_from(TEMPLATES),
    st.integers(min_value=1991, max_value=2039),
)
def test_a_year_attached_in_any_supported_way_is_read_back(name, template, year):
    [law] = law_years(template.format(name=name, year=year))
    assert (law.name, law.year) == (name, year)
