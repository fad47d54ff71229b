"""`{{ finding.message|localise }}`: a core Message in the reader's language."""

from __future__ import annotations

from django import template

from civicspace.site.i18n import localise as _localise

register = template.Library()
register.filter("localise", _localise)
