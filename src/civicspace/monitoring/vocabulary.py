"""The early-warning data's English words, marked so `make messages` puts them in the catalogue.

The YAML beside the edition (frameworks/early-warning/) is the source; a test checks that every
name, question and rule name there is marked here, so a new event type cannot go untranslated.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

MARKED = frozenset(
    (
        gettext_noop("Restrictive law proposed"),
        gettext_noop("Restrictive law adopted"),
        gettext_noop("Registration refused"),
        gettext_noop("Organisation suspended or dissolved"),
        gettext_noop("Assembly banned or dispersed"),
        gettext_noop(
            "Detention or prosecution of an activist, journalist or human-rights defender"
        ),
        gettext_noop("Physical attack or threat"),
        gettext_noop("Smear campaign"),
        gettext_noop("Funding restriction"),
        gettext_noop("Website blocking or internet shutdown"),
        gettext_noop("Surveillance"),
        gettext_noop("Restrictive law withdrawn"),
        gettext_noop("Court ruling in favour of civil society"),
        gettext_noop("Public consultation opened"),
        gettext_noop("Registration granted"),
        gettext_noop("Other"),
        gettext_noop("Scale"),
        gettext_noop("Scope"),
        gettext_noop("Irreversibility"),
        gettext_noop("How severe is the event for those it touches?"),
        gettext_noop("How many people, organisations or places does it reach?"),
        gettext_noop("How hard would it be to undo?"),
        gettext_noop("One high-impact event"),
        gettext_noop("A trend in one dimension"),
        gettext_noop("A trend in one principle"),
    )
)


def vocabulary_word(text: str) -> str:
    """A name from the early-warning data in the reader's language."""
    return gettext(text)
