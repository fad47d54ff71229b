"""Does a dimension's own text explain why its agreed score differs from the panelists' mean?

Mentioning the mean is not an explanation ("The panel mean was 3.1."), so a sentence counts only
when it both refers to the panel's scores and gives a reason. The words are data
(`core/data/explanation-words.yaml`), per language, so the check can name what it looked for and
a programme can add a language without touching code. Words ending in "*" are stems: Russian
inflects ("панелисты", "панелистов"), and a stem keeps the list short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

# A sentence ends at . ! ? or ; but not at the decimal point of "3.5" or "3,5".
_SENTENCE = re.compile(r"(?:[^.!?;\n]|(?<=\d)\.(?=\d))+(?:[.!?;]|$)")


@dataclass(frozen=True)
class ExplanationWords:
    """Per language: words that refer to the panel's scores, and words that give a reason."""

    panel: tuple[str, ...]
    reason: tuple[str, ...]


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        stem = word.endswith("*")
        body = r"\s+".join(re.escape(w) for w in word.rstrip("*").split())
        parts.append(body + (r"\w*" if stem else r"\b"))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


@cache
def explanation_words() -> dict[str, ExplanationWords]:
    """The word lists by language code, from the data file shipped with the package."""
    raw = yaml.safe_load(
        resources.files("civicspace.core").joinpath("data", "explanation-words.yaml").read_text()
    )
    return {
        language: ExplanationWords(tuple(lists["panel"]), tuple(lists["reason"]))
        for language, lists in raw["languages"].items()
    }


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = explanation_words().values()
    return (
        _pattern(w for entry in words for w in entry.panel),
        _pattern(w for entry in words for w in entry.reason),
    )


def explaining_sentence(texts: Sequence[str]) -> str | None:
    """The first sentence in `texts` that refers to the panel's scores and gives a reason."""
    panel, reason = _patterns()
    for text in texts:
        for match in _SENTENCE.finditer(text):
            sentence = match[0].strip()
            if panel.search(sentence) and reason.search(sentence):
                return sentence
    return None
