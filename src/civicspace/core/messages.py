"""Sentences the core says to people, kept translatable without importing Django.

The core builds a `Message` (an English pattern and its values) instead of a finished string.
`str(message)` is the English sentence, for the command line and logs; the web layer looks the
pattern up in its catalogue and fills in the values in the reader's language
(`civicspace.i18n.localise`). Code that writes words into what it makes (charts, change
sentences) takes a `Wording`, the one way the core is told a reader's language. `_` and `_n` are
the marks `make messages` collects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """`text` is the catalogue key: English, with `%(name)s` fields filled from `values`.

    With `plural`, `count` picks the form (English: `text` for 1, `plural` otherwise; other
    languages have their own rules). A value may itself be a Message: it is worded first.
    """

    text: str
    values: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None

    def render(
        self,
        gettext: Callable[[str], str],
        ngettext: Callable[[str, str, int], str],
        value: Callable[[Any], Any] = lambda v: v,
    ) -> str:
        """The sentence through the given catalogue lookups; `value` formats each plain value."""
        if self.plural is not None and self.count is not None:
            pattern = ngettext(self.text, self.plural, self.count)
        else:
            pattern = gettext(self.text)
        if not self.values:  # a pattern without fields may hold a bare "%"
            return pattern
        return pattern % {
            k: v.render(gettext, ngettext, value) if isinstance(v, Message) else value(v)
            for k, v in self.values.items()
        }

    def __str__(self) -> str:
        return self.render(_english, _english_plural)


def _english(text: str) -> str:
    return text


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


@dataclass(frozen=True)
class Wording:
    """How the core's sentences read for one reader: the catalogue's lookups and the decimal
    mark. The default is English, the language of reports, files and the command line."""

    gettext: Callable[[str], str] = _english
    ngettext: Callable[[str, str, int], str] = _english_plural
    decimal_mark: str = "."

    def __call__(self, message: Message) -> str:
        return message.render(self.gettext, self.ngettext, self._value)

    def _value(self, value: Any) -> Any:
        # Floats in messages are numbers the core has already rounded: only the mark changes.
        return str(value).replace(".", self.decimal_mark) if isinstance(value, float) else value


ENGLISH = Wording()


def _(text: str, /, **values: Any) -> Message:
    """Mark `text` for translation; `values` fill its `%(name)s` fields."""
    return Message(text, values)


def _n(singular: str, plural: str, count: int, /, **values: Any) -> Message:
    """Mark a sentence with a singular and a plural form; `count` chooses (and is `%(count)s`)."""
    return Message(singular, {"count": count, **values}, plural=plural, count=count)


class MessageError(Exception):
    """An error whose explanation is a Message: `str()` is English, `.message` translates."""

    def __init__(self, message: Message | str) -> None:
        self.message = message if isinstance(message, Message) else Message(message)
        super().__init__(str(self.message))
