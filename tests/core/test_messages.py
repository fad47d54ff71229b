"""Core messages: English by default, any catalogue through `render`, values filled after lookup."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.messages import Message, MessageError, _, _n
from civicspace.core.workflow import TRANSITIONS, Actor, State, TransitionRefused, transition_target


def test_english_fills_the_fields():
    assert str(_("Row %(row)s is empty.", row=7)) == "Row 7 is empty."


def test_a_pattern_without_values_may_hold_a_bare_percent():
    assert str(_("100% done")) == "100% done"


@given(st.integers(min_value=0, max_value=10_000))
def test_english_plural_is_singular_only_for_one(count):
    message = _n("%(count)s error", "%(count)s errors", count)
    assert str(message) == f"{count} error" + ("" if count == 1 else "s")


def test_render_looks_up_the_pattern_and_fills_the_values_afterwards():
    catalogue = {"Row %(row)s of %(sheet)s": "%(sheet)s, строка %(row)s", "Scores": "Оценки"}
    message = _("Row %(row)s of %(sheet)s", row=3, sheet=_("Scores"))
    worded = message.render(lambda t: catalogue.get(t, t), lambda s, p, n: s)
    assert worded == "Оценки, строка 3"  # the nested Message is looked up too


def test_render_passes_count_to_the_plural_lookup_and_formats_plain_values():
    seen = []

    def ngettext(singular, plural, count):
        seen.append(count)
        return plural

    message = _n("%(count)s score of %(value)s", "%(count)s scores of %(value)s", 5, value=2.5)
    assert message.render(str, ngettext, lambda v: str(v).replace(".", ",")) == "5 scores of 2,5"
    assert seen == [5]


def test_a_message_error_is_english_and_keeps_its_message():
    message = _("Cycle %(year)s is closed.", year=2025)
    error = MessageError(message)
    assert str(error) == "Cycle 2025 is closed."
    assert error.message is message
    assert MessageError("plain").message == Message("plain")


def test_a_workflow_refusal_names_the_state_and_the_action():
    with pytest.raises(TransitionRefused) as refused:
        transition_target(
            state=State.DRAFT,
            action="publish",
            actors={Actor.EDITOR},
            is_author=False,
            blocking_findings=0,
        )
    message = refused.value.message
    assert message.values == {"state": _("a draft"), "action": TRANSITIONS["publish"].label}
    assert str(refused.value) == "A cycle that is a draft cannot be moved with “Publish”."
