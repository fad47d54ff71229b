"""Dates a report mentions, in English and Russian, each read as the interval of days it can mean.

"10 November 2025" is one day, "November 2025" a month, "Q4 2025" or "autumn 2025" a season,
"late 2025" or "в конце 2025 года" the last third of a year, "2025" the whole year. A check that
asks "is this after the reporting period?" compares the interval's first day, so a vague
wording is never flagged for a day it may not mean. Hand-written patterns rather than a
date-parsing library: those return one day, not the interval a season or "late 2025" spans, and
read numbers such as "No. 2026/14" as dates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

_EN_MONTHS = [
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
]
# Russian months in the forms a date takes: nominative (ноябрь), genitive (10 ноября, с ноября)
# and prepositional (в ноябре), and the usual abbreviations.
_RU_MONTHS = [
    ("январь", "января", "январе", "янв"),
    ("февраль", "февраля", "феврале", "фев", "февр"),
    ("март", "марта", "марте", "мар"),
    ("апрель", "апреля", "апреле", "апр"),
    ("май", "мая", "мае"),
    ("июнь", "июня", "июне", "июн"),
    ("июль", "июля", "июле", "июл"),
    ("август", "августа", "августе", "авг"),
    ("сентябрь", "сентября", "сентябре", "сент", "сен"),
    ("октябрь", "октября", "октябре", "окт"),
    ("ноябрь", "ноября", "ноябре", "нояб", "ноя"),
    ("декабрь", "декабря", "декабре", "дек"),
]
MONTHS = {
    name: number
    for table in (_EN_MONTHS, _RU_MONTHS)
    for number, names in enumerate(table, start=1)
    for name in names
}
EN_MONTH_NAMES = tuple(names[0].capitalize() for names in _EN_MONTHS)
RU_MONTH_GENITIVE = tuple(names[1] for names in _RU_MONTHS)
RU_MONTH_PREPOSITIONAL = tuple(names[2] for names in _RU_MONTHS)

_MONTH = "(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?!\w)\.?"
_Y = r"(?P<y>(?:19|20)\d\d)(?![\d\-/])"
# "2025 г.", "2025 года", "2025 году": the Russian word for "year" belongs to the date.
_RU_YEAR = r"(?:\s*(?:года|году|г\.|г(?!\w)))?"
_ORD = r"(?:st|nd|rd|th)?"
_D = r"(?P<d>\d{1,2})"

_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "весн": (3, 5),
    "лет": (6, 8),
    "осен": (9, 11),
}
_SEASON = r"(?P<s>spring|summer|autumn|fall|весн\w*|лет(?:о|а|ом|е)|осен\w*)"
_WINTER = r"(?P<w>winter|зим\w*)"
_PART = {  # parts of a year: early, mid, late (and the end), as months
    "early": (1, 4),
    "beginning": (1, 4),
    "start": (1, 4),
    "начал": (1, 4),
    "mid": (5, 8),
    "middle": (5, 8),
    "середин": (5, 8),
    "late": (9, 12),
    "end": (9, 12),
    "close": (9, 12),
    "конц": (9, 12),
    "конец": (9, 12),
}
_MONTH_PART = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_QUARTER_WORDS |= {"fourth": 4, "4th": 4, "перв": 1, "втор": 2, "трет": 3, "четв": 4}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class DateMention:
    """A date as written (`wording`, at `start`:`end` in the text) and the days it can mean."""

    first: date
    last: date
    start: int
    end: int
    wording: str


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), _month_end(year, last)


def _part_key(word: str, table: dict[str, tuple[int, int]]) -> tuple[int, int]:
    word = re.sub(r"^(?:the|в|к)\s+", "", word.lower())
    for key in sorted(table, key=len, reverse=True):
        if word.startswith(key):
            return table[key]
    raise KeyError(word)


def _day(m: re.Match[str]) -> tuple[date, date]:
    month = int(m["m"]) if m["m"].isdigit() else MONTHS[m["m"].lower().rstrip(".")]
    day = date(int(m["y"]), month, int(m["d"]))
    return day, day


def _month(m: re.Match[str]) -> tuple[date, date]:
    month = MONTHS[m["m"].lower().rstrip(".")]
    return _months(int(m["y"]), month, month)


def _month_part(m: re.Match[str]) -> tuple[date, date]:
    year, month = int(m["y"]), MONTHS[m["m"].lower().rstrip(".")]
    word = re.sub(r"^(?:the|в|к)\s+", "", m["p"].lower())
    part = (
        "early"
        if word.startswith(("early", "beginning", "start", "начал"))
        else "mid"
        if word.startswith(("mid", "middle", "середин"))
        else "late"
    )
    first, last = _MONTH_PART[part]
    end = _month_end(year, month)
    return date(year, month, first), end.replace(day=min(last, end.day))


def _quarter(m: re.Match[str]) -> tuple[date, date]:
    if m["q"]:
        q = int(m["q"]) if m["q"].isdigit() else _ROMAN[m["q"].lower()]
    else:
        q = _QUARTER_WORDS[next(k for k in _QUARTER_WORDS if m["qw"].lower().startswith(k))]
    return _months(int(m["y"]), 3 * q - 2, 3 * q)


def _half(m: re.Match[str]) -> tuple[date, date]:
    if m["h"]:
        h = int(m["h"])
    else:
        h = 1 if (m["hw"] or m["hw_ru"]).lower().startswith(("first", "1st", "перв")) else 2
    return _months(int(m["y"]), 6 * h - 5, 6 * h)


def _season(m: re.Match[str]) -> tuple[date, date]:
    first, last = _part_key(m["s"], _SEASONS)
    return _months(int(m["y"]), first, last)


def _winter(m: re.Match[str]) -> tuple[date, date]:
    # "Winter 2025/26" is one winter; "winter 2025" may mean the one that ends or the one that
    # begins in 2025, so it spans both.
    year = int(m["y"])
    if m["y2"]:
        return date(year, 12, 1), _month_end(year + 1, 2)
    return date(year - 1, 12, 1), _month_end(year + 1, 2)


def _year_part(m: re.Match[str]) -> tuple[date, date]:
    first, last = _part_key(m["p"], _PART)
    return _months(int(m["y"]), first, last)


def _year(m: re.Match[str]) -> tuple[date, date]:
    return _months(int(m["y"]), 1, 12)


_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[date, date]]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reader)
    for pattern, reader in (
        (r"(?<![\w.\-/])(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?![\w\-])", _day),
        (r"(?<![\w.\-/])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\w|\.\w)", _day),
        (rf"(?<![\w.])(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH},?\s+{_Y}{_RU_YEAR}", _day),
        (rf"\b{_MONTH}\s+{_D}{_ORD},?\s+{_Y}", _day),
        (
            r"\b(?P<p>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of"
            r"|(?:в|к)\s+(?:начале|середине|концу|конце))[\s\-]+" + _MONTH + rf"\s+{_Y}{_RU_YEAR}",
            _month_part,
        ),
        (
            rf"\b(?:Q(?P<q>[1-4])|(?:the\s+)?(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)"
            r"\s+quarter"
            rf"\s+of)\s*[\-/]?\s*{_Y}",
            _quarter,
        ),
        (
            r"(?<!\w)(?:(?P<q>[1-4]|IV|I{1,3})(?:-?(?:й|м|ом|ого))?\s+(?:квартал\w*|кв\.)"
            rf"|(?P<qw>перв|втор|трет|четв[её]рт)\w*\s+квартал\w*)\s+{_Y}{_RU_YEAR}",
            _quarter,
        ),
        (
            rf"\b(?:H(?P<h>[12])|(?:the\s+)?(?P<hw>first|second|1st|2nd)\s+half\s+of"
            r"|(?P<hw_ru>перв|втор)\w*\s+(?:полугоди\w*|половин\w*))\s*"
            rf"{_Y}{_RU_YEAR}",
            _half,
        ),
        (rf"\b{_SEASON}\s+(?:of\s+)?{_Y}{_RU_YEAR}", _season),
        (
            rf"\b{_WINTER}\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)"
            rf"(?:\s*[/–\-]\s*(?P<y2>(?:19|20)?\d\d))?(?![\d\-/]){_RU_YEAR}",
            _winter,
        ),
        (
            r"\b(?P<p>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end|close)\s+of"
            r"(?:\s+the\s+year)?|(?:(?:в|к)\s+)?(?:начал[ае]|середин[аеы]|конц[ае]|концу|конец))[\s\-]+"
            rf"{_Y}{_RU_YEAR}",
            _year_part,
        ),
        (rf"\b{_MONTH},?\s+{_Y}{_RU_YEAR}", _month),
        (rf"(?<![\w/.\-№]){_Y}(?!\w){_RU_YEAR}", _year),
    )
)


def date_mentions(text: str) -> list[DateMention]:
    """Every date `text` mentions, in order, each once: the most precise reading of a passage
    wins ("10 November 2025" is a day, not the month "November 2025" and a year)."""
    taken: list[tuple[int, int]] = []
    found = []
    for pattern, reader in _FORMS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < b and end > a for a, b in taken):
                continue
            taken.append((start, end))  # "30 February 2025" is no date, nor "February 2025"
            try:
                first, last = reader(m)
            except (ValueError, KeyError):
                continue
            found.append(DateMention(first, last, start, end, m[0]))
    return sorted(found, key=lambda mention: mention.start)
