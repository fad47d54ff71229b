"""Posted fields no person typed: a malformed value is the sender's error (400), no form error."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.forms import BaseForm
from django.http import HttpRequest

# Ids and versions are small positive integers; a longer string is not one of ours.
MAX_DIGITS = 18


def posted_int(request: HttpRequest, name: str) -> int | None:
    """The field as a non-negative integer, None if absent or empty; BadRequest otherwise."""
    value = request.POST.get(name, "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > MAX_DIGITS:
        raise BadRequest(f"{name} is not a number")
    return int(value)


def posted_text(request: HttpRequest, name: str) -> str:
    """The field's text ("" if absent); BadRequest if it holds a NUL, which no database keeps."""
    value = request.POST.get(name, "")
    if "\x00" in value:
        raise BadRequest(f"{name} holds a NUL character")
    return value


def hidden_fields_intact(*forms: BaseForm) -> None:
    """BadRequest if a hidden field of a bound form came back malformed: the page filled it in, so
    there is nothing to show a person. (A well-formed but stale version is a conflict instead.)"""
    for form in forms:
        if not form.is_bound:
            continue
        for field in form.hidden_fields():
            if field.errors:
                raise BadRequest(f"{field.html_name} is malformed")
