"""Tracked changes as word diffs: the pieces rebuild both texts, and mark only what changed."""

from hypothesis import given
from hypothesis import strategies as st

from civicspace.editorial.history import changed_passage, word_diff

words = st.lists(
    st.sampled_from(["law", "the", "NGO", "registered", "2024", "новый", "закон", ".", ","]),
    max_size=30,
)
spacing = st.sampled_from([" ", "  ", "\n", "\n\n"])


@st.composite
def texts(draw):
    pieces = draw(words)
    return "".join(word + draw(spacing) for word in pieces)


def side(pieces, dropped):
    return "".join(text for kind, text in pieces if kind != dropped)


@given(texts(), texts())
def test_the_pieces_rebuild_the_text_before_and_after(before, after):
    pieces = word_diff(before, after)
    assert side(pieces, "+") == before
    assert side(pieces, "-") == after


@given(texts())
def test_an_unchanged_text_has_no_marks(text):
    assert all(kind == "=" for kind, _ in word_diff(text, text))
    assert changed_passage(text, text) == ""


def test_a_replaced_word_is_one_deletion_and_one_insertion():
    pieces = word_diff("The law was adopted in 2023.", "The law was adopted in 2024.")
    assert [p for p in pieces if p[0] != "="] == [("-", "2023."), ("+", "2024.")]


@given(texts(), texts())
def test_the_changed_passage_is_a_stretch_of_the_text_before(before, after):
    assert changed_passage(before, after) in before
