"""Parse cell values the way people type them; every failure is a message for the user."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry

from civicspace.core.messages import Message, MessageError, _, _n

NOT_ASSESSED = frozenset({"n/a", "na", "n.a.", "-", "–", "—", "not assessed", "none"})


class ValueProblem(MessageError, ValueError):
    """A cell that cannot be used; the message says why and what to write instead.

    `str()` is English; `.message` is the Message for the reader's language.
    """


def is_not_assessed(value: Any) -> bool:
    return value is None or (
        isinstance(value, str) and value.strip().lower() in NOT_ASSESSED | {""}
    )


def parse_decimal(value: Any, *, places: int) -> Decimal:
    """A number from a cell: 2.5, "2.5" or "2,5" (decimal comma); at most `places` decimals."""
    if isinstance(value, bool):
        raise ValueProblem(_("%(value)s is not a number", value=repr(value)))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = str(value).strip().replace("\u00a0", "")
        if re.fullmatch(r"[+-]?\d+,\d+", text):
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueProblem(
                _("%(value)s is not a number", value=repr(str(value).strip()))
            ) from None
    if not number.is_finite():
        raise ValueProblem(_("%(value)s is not a number", value=repr(value)))
    if number == number.to_integral():
        try:
            number = number.quantize(Decimal(1))  # "4.00" -> 4, and never "3E+1"
        except InvalidOperation:  # beyond the 28 digits of Decimal's precision: 1e400
            raise ValueProblem(
                _("%(value)s is too large a number", value=repr(str(value).strip()))
            ) from None
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValueProblem(
            _n(
                "%(number)s has more than %(count)s decimal place",
                "%(number)s has more than %(count)s decimal places",
                places,
                number=str(number),
            )
        )
    return number


def parse_year(value: Any) -> int:
    try:
        number = parse_decimal(value, places=0)
    except ValueProblem:
        raise ValueProblem(_("%(value)s is not a year", value=repr(str(value).strip()))) from None
    if not 1990 <= number <= 2100:
        raise ValueProblem(_("%(year)s is not a plausible assessment year", year=str(number)))
    return int(number)


def parse_date(value: Any) -> date:
    """ISO dates (2024-12-04) or day.month.year (04.12.2024); refuses ambiguous 04/12/2024."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),
    ):
        match = re.fullmatch(pattern, text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                raise ValueProblem(_("%(value)s is not a real date", value=repr(text))) from None
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
        raise ValueProblem(
            _(
                "%(value)s is ambiguous (day/month or month/day?); write it as YYYY-MM-DD",
                value=repr(text),
            )
        )
    raise ValueProblem(_("%(value)s is not a date; write it as YYYY-MM-DD", value=repr(text)))


class CountryResolver:
    """Resolve codes or names ("KZ", "KAZ", "Kazakhstan") to the programme's ISO alpha-2 codes."""

    def __init__(self, programme: Mapping[str, str]) -> None:
        self._programme = programme  # ISO alpha-2 -> display name
        self._cache: dict[str, str] = {}

    def resolve(self, value: Any) -> str:
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueProblem(_("no country given"))
        if text not in self._cache:
            self._cache[text] = self._lookup(text)
        return self._cache[text]

    def _lookup(self, text: str) -> str:
        try:
            country = pycountry.countries.lookup(text)
        except LookupError:
            raise ValueProblem(self._unknown(text)) from None
        code = str(country.alpha_2)
        if code not in self._programme:
            raise ValueProblem(
                _(
                    "%(country)s (%(code)s) is not one of the programme's countries",
                    country=str(country.name),
                    code=code,
                )
            )
        return code

    def _unknown(self, text: str) -> Message:
        """No such country; with the one or two closest names, if any are close."""
        names = {name.lower(): (name, code) for code, name in self._programme.items()}
        for c in pycountry.countries:
            names.setdefault(c.name.lower(), (c.name, c.alpha_2))
        close = [
            f"{names[n][0]} ({names[n][1]})"
            for n in difflib.get_close_matches(text.lower(), list(names), n=2, cutoff=0.75)
        ]
        if len(close) == 2:
            return _(
                "%(value)s is not a country name or ISO code; did you mean %(first)s or"
                " %(second)s?",
                value=repr(text),
                first=close[0],
                second=close[1],
            )
        if close:
            return _(
                "%(value)s is not a country name or ISO code; did you mean %(first)s?",
                value=repr(text),
                first=close[0],
            )
        return _("%(value)s is not a country name or ISO code", value=repr(text))
