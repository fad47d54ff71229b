"""Wording stored values in the reader's language.

`{{ finding.message|localise }}`: a core Message; `{{ cycle.country.name|country_name }}`: a
stored (English) country name; `{{ data.reporting_period.start|iso_date }}`: a date that a
snapshot keeps as ISO text.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.formats import date_format

from civicspace.countries.names import country_name
from civicspace.i18n import localise as _localise

register = template.Library()
register.filter("localise", _localise)
register.filter("country_name", country_name)


@register.filter
def iso_date(value: str | date | None) -> str:
    """An ISO date (as snapshots store them) in the reader's date format; other text as it is."""
    if not value:
        return ""
    try:
        return date_format(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)
