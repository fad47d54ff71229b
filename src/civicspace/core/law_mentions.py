"""Named laws a report mentions, and the year each sentence gives for a law's adoption.

A year counts when it is written next to the name ("the Law on X of 2023", "the 2023 Law on X",
"Закон о СМИ от 2024 года") or when the sentence says the law was adopted and names one year,
wherever it stands ("by the end of 2024 the country had adopted the Law on X"). Sentences about
amendments, drafts or what was *not* adopted give no adoption year: their year is another event's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicspace.core.date_mentions import DateMention, date_mentions

_CAP = r"[A-Z][\w'’\-]*"
_CONNECTIVE = r"(?:and|of|on|for|the|in|to)"
_TITLED = re.compile(
    rf"\b(?P<head>Law|Act|Code|Decree|Resolution)\s+(?:on|of|about)\s+(?:the\s+)?{_CAP}"
    rf"(?:\s+(?:{_CONNECTIVE}|{_CAP}))*"
)
_NAMED = re.compile(rf"\b(?P<words>(?:{_CAP}\s+){{1,6}})(?P<head>Act|Code)\b")
_RU_STOP = (
    r"был|была|было|были|принят\w*|подписан\w*|вступил\w*|вступа\w*|от|в|во|с|со|и|или|а|но"
    r"|котор\w*|действ\w*|устанавлива\w*|требу\w*|обязыва\w*|запреща\w*|ужесточ\w*|стал\w*"
)
_RU = re.compile(
    r"(?<!\w)(?P<head>[Зз]акон|[Кк]одекс)\w*\s+(?:Республики\s+\w+\s+)?"
    r"(?:«(?:[Оо]б?|[Оо]бо)\s+(?P<quoted>[^»]+)»|(?:об?|обо)\s+(?P<rest>[^\W\d]+(?:\s+[^\W\d]+){0,5}?))"
    rf"(?=\s*(?:[,.;:()\d«»]|$|\s*(?:{_RU_STOP})\b))"
)
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=\S))+[.!?]?")
_ADOPTED = re.compile(
    r"\b(?:adopt\w*|pass(?:ed|es)?|enact\w*|signed|promulgat\w*"
    r"|принят\w*|принял\w*|приня\w*|подписа\w*|утверд\w*|утвержд\w*)",
    re.IGNORECASE,
)
# A sentence about amendments, a draft or what did not happen dates something else.
_OTHER_EVENT = re.compile(
    r"\b(?:amend\w*|not|never|yet|draft|bill|поправк\w*|изменени\w*|проект\w*|не)\b", re.IGNORECASE
)
_NEXT_TO_AFTER = re.compile(
    r"^\s*(?:of|от|\(|,?\s*(?:adopted|passed|signed|enacted|принят\w*|подписан\w*)"
    r"\s+(?:in|on|в|во)?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LawYear:
    """A year a sentence gives for a named law's adoption; `key` is the name, normalised."""

    name: str
    key: str
    year: int
    start: int  # of the sentence that says so
    end: int


@dataclass(frozen=True)
class _Name:
    written: str
    key: str
    start: int
    end: int


def _trim(words: list[str]) -> list[str]:
    while words and words[-1].lower() in ("and", "of", "on", "for", "the", "in", "to"):
        words.pop()
    return words


def law_names(text: str) -> list[tuple[str, str, int, int]]:
    """Named laws in `text`: (as written, normalised key, start, end). "Act on X" and "X Act"
    share a key; so do "Law on X" and "Law of the Republic of Kazakhstan on X"."""
    found: list[_Name] = []
    for m in _TITLED.finditer(text):
        words = _trim(m[0].split())
        written = " ".join(words)
        rest = re.sub(r"^\w+\s+(?:on|of|about)\s+(?:the\s+)?", "", written, flags=re.I)
        rest = re.sub(r"^Republic\s+of\s+\w+\s+(?:on|of|about)\s+", "", rest)
        found.append(_Name(written, _key(m["head"], rest), m.start(), m.start() + len(written)))
    for m in _NAMED.finditer(text):
        if any(m.start() < n.end and m.end() > n.start for n in found):
            continue
        words = m["words"].split()
        while words and words[0].lower() in ("the", "in", "under", "by", "a", "an"):
            words.pop(0)
        if not words:
            continue
        written = " ".join([*words, m["head"]])
        start = m.end() - len(written)
        found.append(_Name(written, _key(m["head"], " ".join(words)), start, m.end()))
    for m in _RU.finditer(text):
        rest = m["quoted"] or m["rest"]
        written = m[0].rstrip()
        found.append(_Name(written, _key(m["head"], rest), m.start(), m.start() + len(written)))
    found.sort(key=lambda n: n.start)
    return [(n.written, n.key, n.start, n.end) for n in found]


def _key(head: str, rest: str) -> str:
    head = {"закон": "закон", "кодекс": "кодекс"}.get(head.lower(), head.lower())
    words = [w for w in re.findall(r"[^\W_]+", rest.lower().replace("ё", "е")) if w != "the"]
    return " ".join([head, *words])


def _single_year(mention: DateMention) -> int | None:
    return mention.first.year if mention.first.year == mention.last.year else None


def law_years(text: str) -> list[LawYear]:
    """For every sentence of `text`, the year it gives a named law's adoption, if any."""
    found = []
    for sentence in _SENTENCE.finditer(text):
        words, offset = sentence[0], sentence.start()
        names = [n for n in law_names(words) if not _drafted(words, n[2])]
        if not names:
            continue
        dates = [(d, y) for d in date_mentions(words) if (y := _single_year(d)) is not None]
        attached: dict[str, tuple[str, int]] = {}
        used: set[int] = set()
        for written, key, start, end in names:
            for i, (mention, year) in enumerate(dates):
                if _next_to(words, start, end, mention):
                    attached.setdefault(key, (written, year))
                    used.add(i)
        adoption = _ADOPTED.search(words)
        if adoption and not _OTHER_EVENT.search(words):
            free = [(d, y) for i, (d, y) in enumerate(dates) if i not in used]
            if free:
                verb = adoption.span()
                _mention, year = min(free, key=lambda pair: _gap(verb, pair[0].start, pair[0].end))
                written, key, _s, _e = min(names, key=lambda n: _gap(verb, n[2], n[3]))
                attached.setdefault(key, (written, year))
        found += [
            LawYear(written, key, year, offset, sentence.end())
            for key, (written, year) in attached.items()
        ]
    return found


def _gap(verb: tuple[int, int], start: int, end: int) -> int:
    """Characters between the adoption word and a name or date, on whichever side it stands."""
    return start - verb[1] if start >= verb[1] else max(0, verb[0] - end)


def _drafted(sentence: str, start: int) -> bool:
    return (
        re.search(r"\b(?:draft|bill|проект\w*)\W+(?:\w+\W+)?$", sentence[:start], re.I) is not None
    )


def _next_to(sentence: str, start: int, end: int, mention: DateMention) -> bool:
    if mention.start >= end:
        between = sentence[end : mention.start]
        return bool(_NEXT_TO_AFTER.match(between)) or (
            between.strip() == "" and mention.wording[:1].isdigit()
        )
    between = sentence[mention.end : start]
    return between.strip() == "" and mention.wording.isdigit()
