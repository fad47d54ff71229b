"""Words from the core in the reader's language: the web side of `civicspace.core.messages`."""

from __future__ import annotations

from typing import Any, Protocol

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from civicspace.core.messages import Message, MessageError


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
        return value.render(gettext, ngettext, _local_value)
    return str(value)


def _local_value(value: Any) -> Any:
    # Floats are scores and shares the core has already rounded: only the decimal mark changes.
    return number_format(value) if isinstance(value, float) else value
