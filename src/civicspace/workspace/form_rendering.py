"""Form fields rendered fast, written exactly as Django's own templates write them.

A principle's score page shows some seventy fields (scores, justifications, three evidence rows a
dimension); through Django's template language each field costs a template and an include or two,
about a third of the page's time. Jinja2 renders Django's own widget templates (the copies Django
ships for it) several times faster. One difference is made good here: Jinja2 escapes ' and " as
&#39; and &#34;, Django as &#x27; and &quot;, so every value is escaped the Django way first and
the page stays byte for byte what it was; and a template ends with a newline exactly when
Django's own does (some of the Jinja2 copies add one).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import Jinja2 as Jinja2Renderer
from django.template.backends.jinja2 import Jinja2
from django.utils.html import conditional_escape
from jinja2 import BaseLoader, Environment, FileSystemLoader
from markupsafe import Markup

_FORMS = Path(django.forms.__file__).parent
_DJANGO_JINJA2_TEMPLATES = _FORMS / "jinja2"
_DJANGO_TEMPLATES = _FORMS / "templates"


class _EndingAsDjango(FileSystemLoader):
    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        twin = _DJANGO_TEMPLATES / template
        if twin.is_file() and not twin.read_text(encoding="utf-8").endswith("\n"):
            source = source.rstrip("\n")
        return source, filename, uptodate


def _escaped_as_django(value: Any) -> Markup:
    return Markup(conditional_escape(value))  # noqa: S704 - escaped by Django on this line


_LOADER: BaseLoader = _EndingAsDjango(_DJANGO_JINJA2_TEMPLATES)


class FastFormRenderer(Jinja2Renderer):
    """Django's form templates for Jinja2, escaping as Django's template language does."""

    @cached_property
    def engine(self) -> Jinja2:
        return Jinja2(
            {
                "APP_DIRS": False,
                "DIRS": [_DJANGO_JINJA2_TEMPLATES],
                "NAME": "civicspace-forms",
                "OPTIONS": {
                    "finalize": _escaped_as_django,
                    "keep_trailing_newline": True,
                    "loader": _LOADER,
                },
            }
        )


FAST_FORMS = FastFormRenderer()
