"""Words from the core in the reader's language: the web side of `civicspace.core.messages`."""

from __future__ import annotations

from typing import Protocol

from django.utils.formats import get_format
from django.utils.translation import gettext, ngettext

from civicspace.core.messages import Message, MessageError, Wording


class Worded(Protocol):
    def as_message(self) -> Message: ...


def localise(value: Message | MessageError | Worded | object) -> str:
    """A core Message (or an error or import problem that carries one) worded in the active
    language, with decimals written the local way; anything else as its own text."""
    if isinstance(value, MessageError):
        value = value.message
    elif not isinstance(value, (Message, str)) and hasattr(value, "as_message"):
        value = value.as_message()
    if isinstance(value, Message):
        return wording()(value)
    return str(value)


def wording() -> Wording:
    """The active language's wording for what the core writes (charts, change sentences)."""
    return Wording(gettext, ngettext, str(get_format("DECIMAL_SEPARATOR")))
