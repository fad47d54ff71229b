"""Dates in the forms reports write them, English and Russian, read back as intervals of days."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.date_mentions import (
    EN_MONTH_NAMES,
    RU_MONTH_GENITIVE,
    RU_MONTH_PREPOSITIONAL,
    date_mentions,
)

QUARTERS = ("I", "II", "III", "IV")


def renderings(day: date) -> list[str]:
    """Every supported way of writing a passage that includes `day`."""
    y, m, d = day.year, day.month, day.day
    en, gen, prep = EN_MONTH_NAMES[m - 1], RU_MONTH_GENITIVE[m - 1], RU_MONTH_PREPOSITIONAL[m - 1]
    quarter = (m - 1) // 3 + 1
    forms = [
        f"{d} {en} {y}",
        f"{en} {d}, {y}",
        f"{d:02d}.{m:02d}.{y}",
        day.isoformat(),
        f"{en} {y}",
        f"{y}",
        f"Q{quarter} {y}",
        f"the {('first', 'second', 'third', 'fourth')[quarter - 1]} quarter of {y}",
        f"H{1 if m <= 6 else 2} {y}",
        f"{d} {gen} {y} г.",
        f"{d} {gen} {y} года",
        f"в {prep} {y} года",
        f"{QUARTERS[quarter - 1]} квартал {y} г.",
    ]
    season = {3: 0, 4: 0, 5: 0, 6: 1, 7: 1, 8: 1, 9: 2, 10: 2, 11: 2}.get(m)
    if season is None:
        forms += [f"winter {y}", f"зимой {y}"]
    else:
        forms += [f"{('spring', 'summer', 'autumn')[season]} {y}"]
        forms += [f"{('весной', 'летом', 'осенью')[season]} {y}"]
    third = (m - 1) // 4
    forms += [f"{('early', 'mid-', 'late')[third]}{'' if third == 1 else ' '}{y}"]
    forms += [f"в {('начале', 'середине', 'конце')[third]} {y} года"]
    if m >= 9:
        forms += [f"the end of {y}", f"end of {y}"]
    part = 0 if d <= 10 else 1 if d <= 20 else 2
    forms += [f"{('early', 'mid-', 'late')[part]}{'' if part == 1 else ' '}{en} {y}"]
    forms += [f"в {('начале', 'середине', 'конце')[part]} {gen} {y} года"]
    return forms


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2039, 12, 31)))
def test_any_date_written_in_any_supported_form_reads_back_as_an_interval_holding_it(day):
    for form in renderings(day):
        [mention] = date_mentions(f"It was reported {form}, as the panel heard.")
        assert form.endswith(mention.wording)  # all of it, or all but a preposition
        assert form[: len(form) - len(mention.wording)].strip() in ("", "в", "the"), form
        assert mention.first <= day <= mention.last, form


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("late 2025", date(2025, 9, 1), date(2025, 12, 31)),
        ("by the end of 2024", date(2024, 9, 1), date(2024, 12, 31)),
        ("autumn 2025", date(2025, 9, 1), date(2025, 11, 30)),
        ("Q4 2025", date(2025, 10, 1), date(2025, 12, 31)),
        ("early 2026", date(2026, 1, 1), date(2026, 4, 30)),
        ("winter 2025/26", date(2025, 12, 1), date(2026, 2, 28)),
        ("10 ноября 2025 г.", date(2025, 11, 10), date(2025, 11, 10)),
        ("осенью 2025", date(2025, 9, 1), date(2025, 11, 30)),
        ("к концу 2024 года", date(2024, 9, 1), date(2024, 12, 31)),
    ],
)
def test_vague_dates_span_every_day_they_can_mean(text, first, last):
    [mention] = date_mentions(text)
    assert (mention.first, mention.last) == (first, last)


def test_the_most_precise_reading_wins_and_each_passage_is_read_once():
    text = "On 10 November 2025, in November 2025 and in 2026."
    assert [m.wording for m in date_mentions(text)] == ["10 November 2025", "November 2025", "2026"]


@pytest.mark.parametrize(
    "text",
    [
        "Decree No. 2026/14 of the ministry",
        "some 1,500 organisations and 2.5 million people",
        "release 2.10.2025b of the software",
        "31.02.2025 is no date",
        "the 30 February 2025 sitting",
    ],
)
def test_numbers_that_are_not_dates_are_left_alone(text):
    assert date_mentions(text) == []
