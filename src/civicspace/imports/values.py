"""Parse cell values the way people type them; every failure is a message for the user."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from civicspace.core.messages import MessageError, _, _n
from civicspace.imports.country_names import (
    CountryCodes,
    CountryNames,
    Refusal,
    countries_beyond_iso,
    packaged_aliases,
    packaged_ambiguous,
    packaged_territories,
)

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
    """Resolve codes or names ("KZ", "KAZ", "Kazakhstan", "Congo, Dem. Rep.") to the programme's
    ISO alpha-2 codes (imports/country_names.py says how).

    `aliases`, `ambiguous` and `territories` default to the packaged YAML; the web side passes
    those plus the admin's aliases. `beyond_iso`: countries outside ISO 3166-1 it should know.
    """

    def __init__(
        self,
        programme: Mapping[str, str],
        *,
        aliases: Mapping[str, str] | None = None,
        ambiguous: Mapping[str, Iterable[str]] | None = None,
        territories: Mapping[str, Iterable[str]] | None = None,
        beyond_iso: Iterable[CountryCodes] | None = None,
    ) -> None:
        self._programme = programme  # ISO alpha-2 -> display name
        self._names = CountryNames(
            aliases=packaged_aliases() if aliases is None else aliases,
            ambiguous=packaged_ambiguous() if ambiguous is None else ambiguous,
            territories=packaged_territories() if territories is None else territories,
            beyond_iso=countries_beyond_iso() if beyond_iso is None else beyond_iso,
        )

    def resolve(self, value: Any) -> str:
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueProblem(_("no country given"))
        code = self._names.resolve(text)
        if isinstance(code, Refusal):
            raise ValueProblem(code.message)
        if code not in self._programme:
            raise ValueProblem(
                _(
                    "%(country)s (%(code)s) is not one of the programme's countries",
                    country=self._names.countries[code].name,
                    code=code,
                )
            )
        return code
