"""The early-warning data's words are all marked for translation, and read in Russian."""

from django.utils import translation

from civicspace.core.early_warning_rules import load_rules
from civicspace.monitoring.vocabulary import MARKED, vocabulary_word


def test_every_name_question_and_rule_of_the_shipped_data_is_marked():
    rules = load_rules("eusee-2025")
    words = {t.name for t in rules.event_types} | {r.name for r in rules.rules}
    words |= {c.name for c in rules.rubric.criteria} | {c.question for c in rules.rubric.criteria}
    assert words == set(MARKED)


def test_event_types_read_in_russian():
    with translation.override("ru"):
        assert vocabulary_word("Assembly banned or dispersed") == "Собрание запрещено или разогнано"
