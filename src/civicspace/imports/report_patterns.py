"""What the lines of a Country Focus Report look like: part, principle, dimension and score
headings in their real spellings, audience names matched by meaning, dates and sources."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from civicspace.core.framework import Edition

_SEP = r"\s*(?:[|:.)–—-]\s*)?"
PART = re.compile(
    r"^(?:(?i:part)\s+(?P<a>[A-H])\b[.):]?|\((?P<b>[A-H])\)|(?P<c>[A-H])[.):])\s*[|:–—-]?\s*(?P<name>.*)$"
)
PRINCIPLE = re.compile(rf"^(?:principle\s+)?(?P<n>[1-9])(?:{_SEP})(?![\d.])(?P<name>\S.*)$", re.I)
PRINCIPLE_WORD = re.compile(r"^principle\s+(?P<n>[1-9])\s*[|:.–—-]?\s*(?P<name>.*)$", re.I)
DIMENSION = re.compile(
    rf"^(?:dimension\s+)?(?P<code>[1-9]\.[1-9])\.?(?:{_SEP})(?P<name>\S.*)$", re.I
)
SCORE_LINE = re.compile(
    r"^(?P<what>principle|dimension|overall)?[\w .]{0,24}?\bscore\s*[:：]\s*"
    r"(?:(?P<value>\d+(?:[.,]\d+)?)\s*(?:/\s*5|out\s+of\s+5)?|[–—-]|n/?a|tbd|\[?\s*\]?)?"
    r"\s*(?:\([^)]*\))?\s*$",
    re.I,
)
SUGGESTION = re.compile(
    r"\b(?:a\s+score\s+of|scores?|scored(?:\s+at)?|score\s+(?:is|was|stands\s+at|of))\s+"
    r"(?P<value>\d(?:[.,]\d{1,2})?)(?![\d]|[.,]\d)",
    re.I,
)
CONTENTS = re.compile(r"^(?:table\s+of\s+)?contents$", re.I)
SOURCES = re.compile(r"^(?:sources|references|bibliography|endnotes|notes|footnotes)$", re.I)
SUMMARY = re.compile(r"^(?:summary|conclusions?|overall(?:\s+assessment)?)\b", re.I)
CONTEXT = re.compile(r"\b(?:context|background|country)\b", re.I)
TOC_ENTRY = re.compile(r"(?:\.{3,}|…|\s)\s*\d{1,3}$")
URL = re.compile(r"https?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]")
LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")

_STOP = {
    "the", "a", "an", "and", "of", "for", "to", "by", "with", "on", "in", "at", "from",
    "recommendation", "recommendations", "towards", "toward",
}  # fmt: skip
# Short forms people write for an audience's key word (English reports).
_SYNONYMS = {
    "government": "state",
    "authorities": "state",
    "authority": "state",
    "cso": "civil society",
    "csos": "civil society",
    "ngo": "civil society",
    "ngos": "civil society",
    "donor": "donors",
    "eu": "international",
}


def plain(text: str) -> str:
    """Text without Markdown emphasis or heading marks, spaces collapsed, dashes as '-'."""
    text = re.sub(r"[*_#`]+", "", text).replace("\u00a0", " ")
    return " ".join(text.split()).strip()


def tokens(text: str) -> set[str]:
    words = []
    for word in re.findall(r"[a-z]+", plain(text).lower().replace("-", " ")):
        words.extend(_SYNONYMS.get(word, word).split())
    stems = set()
    for word in words:
        if word in _STOP:
            continue
        word = word.replace("isation", "ization")
        stems.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return stems


def name_overlap(text: str, name: str) -> float:
    """Share of the edition name's words the text has (0..1)."""
    want = tokens(name)
    return len(tokens(text) & want) / len(want) if want else 0.0


@dataclass(frozen=True)
class AudienceMatch:
    index: int | None  # the audience's position in the edition, or None
    candidates: tuple[int, ...] = ()  # the audiences it could be, when ambiguous


def audience_match(heading: str, edition: Edition) -> AudienceMatch:
    """The edition's audience a sub-heading names, by shared words. A heading that shares as
    many words with a second audience as with the best (or half as many) is ambiguous."""
    words = tokens(heading)
    overlaps = sorted(
        ((len(words & tokens(a)), i) for i, a in enumerate(edition.recommendation_audiences)),
        reverse=True,
    )
    hits = [(n, i) for n, i in overlaps if n > 0]
    if not hits:
        return AudienceMatch(None)
    best = hits[0][0]
    if len(hits) > 1 and best < 2 * hits[1][0]:
        return AudienceMatch(None, tuple(sorted(i for n, i in hits if 2 * n > best)))
    return AudienceMatch(hits[0][1])


def score_value(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
}
_MONTH = "|".join(sorted((m for m in _MONTHS), key=len, reverse=True))
_DATE = re.compile(
    rf"(?:(?P<d>\d{{1,2}})\s+)?(?P<m>{_MONTH})\.?\s+(?P<y>(?:19|20)\d\d)"
    r"|(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)"
    r"|(?P<ed>\d{1,2})\.(?P<em>\d{1,2})\.(?P<ey>(?:19|20)\d\d)",
    re.I,
)
PERIOD_LINE = re.compile(r"\breporting\s+period\b", re.I)
PANEL = re.compile(r"\bpanel\b", re.I)


def _date_of(match: re.Match[str], end: bool) -> date | None:
    try:
        if match.group("iy"):
            return date(int(match["iy"]), int(match["im"]), int(match["id"]))
        if match.group("ey"):
            return date(int(match["ey"]), int(match["em"]), int(match["ed"]))
        year, month = int(match["y"]), _MONTHS[match["m"].lower()]
        if match.group("d"):
            return date(year, month, int(match["d"]))
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    except ValueError:
        return None


def period_of(text: str) -> tuple[date, date] | None:
    """The first two dates of a reporting-period line, month-only dates widened to whole months."""
    found = list(_DATE.finditer(text))
    if len(found) < 2:
        return None
    start, end = _date_of(found[0], end=False), _date_of(found[1], end=True)
    return (start, end) if start and end and start < end else None


def month_of(text: str) -> tuple[int, int] | None:
    """(year, month) of the first month-and-year in a text."""
    for match in _DATE.finditer(text):
        when = _date_of(match, end=False)
        if when:
            return when.year, when.month
    return None


def part_meaning(letter: str, name: str) -> str:
    """A part by what its name says, else by its letter in the programme's order."""
    name = name.lower()
    for meaning, words in (
        ("C", ("recommend",)),
        ("D", ("research", "methodolog")),
        ("B", ("assessment", "findings", "analysis")),
        ("A", ("introduc", "context")),
    ):
        if any(word in name for word in words):
            return meaning
    return letter if letter in "ABCD" else "other"


def date_of(text: str) -> date | None:
    """The first date in a text (`12 March 2025`, `2025-03-12`, `12.03.2025`); a month without
    its day (`March 2025`) is read as the month's first day."""
    for match in _DATE.finditer(text):
        when = _date_of(match, end=False)
        if when:
            return when
    return None
