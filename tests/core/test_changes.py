"""Plain-text summaries of what changed between two published years."""

import re

from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.changes import Scored, describe_changes
from civicspace.core.messages import Wording


def year(*scores):
    labels = {1: "fully disabling", 2: "disabling", 3: "partially enabling", 4: "enabling"}
    return [
        Scored(n, f"Name {n}", s, None if s is None else labels[round(s)])
        for n, s in enumerate(scores, start=1)
    ]


def test_moves_are_described_largest_first_with_their_bands():
    text = describe_changes(year(2.2, 1.7, 2.7), year(2.2, 2.1, 2.2))
    assert text == [
        "Principle 3 (Name 3) fell from 2.7 to 2.2, moving from partially enabling to disabling.",
        "Principle 2 (Name 2) rose from 1.7 to 2.1, still disabling.",
        "Principle 1 (2.2) did not change.",
    ]


def test_changes_are_read_on_the_published_one_decimal_values():
    # 2.24 and 2.16 are both published as 2.2: no change, whatever the unrounded values.
    assert describe_changes(year(2.24), year(2.16)) == ["Principle 1 (2.2) did not change."]


def test_a_principle_not_scored_in_one_year_is_said_to_be_incomparable():
    text = describe_changes(year(None, 3.0), year(2.0, 3.0))
    assert text[0] == ("Principle 1 (Name 1) cannot be compared: it was not scored in both years.")
    assert text[-1] == "Principle 2 (3.0) did not change."


scores = st.one_of(st.none(), st.floats(min_value=1.0, max_value=4.4, allow_nan=False))


@given(st.lists(st.tuples(scores, scores), min_size=1, max_size=6))
def test_the_decimal_mark_is_the_readers(pairs):
    before, after = year(*[a for a, _ in pairs]), year(*[b for _, b in pairs])
    english = describe_changes(before, after)
    comma = describe_changes(before, after, Wording(decimal_mark=","))
    assert not any(re.search(r"\d\.\d", s) for s in comma)
    assert [re.sub(r"(\d),(\d)", r"\1.\2", s) for s in comma] == english
