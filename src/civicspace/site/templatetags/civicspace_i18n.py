"""Wording stored values in the reader's language.

`{{ finding.message|localise }}`: a core Message; `{{ cycle.country.name|country_name }}`: a
stored (English) country name.
"""

from __future__ import annotations

from django import template

from civicspace.countries.names import country_name
from civicspace.site.i18n import localise as _localise

register = template.Library()
register.filter("localise", _localise)
register.filter("country_name", country_name)
