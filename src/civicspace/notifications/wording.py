"""A notification in words, in the active language, and the page it points to."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from civicspace.countries.names import country_name
from civicspace.editorial.selectors import text_keys
from civicspace.notifications.kinds import HEADLINES, REPLY_HEADLINE, Kind
from civicspace.notifications.models import Notification

# What a deadline is for (`data["milestone"]`), as the sentence names it.
MILESTONES = {
    "submission": lambda: gettext("submission"),
    "review": lambda: gettext("review"),
    "publication": lambda: gettext("publication"),
}


def headline(notification: Notification) -> str:
    """One sentence: who did what to which report."""
    data = notification.data or {}
    actor = notification.actor
    pattern = REPLY_HEADLINE if data.get("reply") else HEADLINES.get(Kind(notification.kind))
    cycle = notification.cycle
    due = data.get("due", "")
    milestone = MILESTONES.get(str(data.get("milestone", "")))
    return str(pattern) % {
        "actor": actor.get_username() if actor is not None else gettext("The consortium"),
        "cycle": f"{country_name(cycle.country.name)} {cycle.year}",
        "section": _section_heading(notification),
        "milestone": milestone() if milestone else str(data.get("milestone", "")),
        "due": date_format(date.fromisoformat(due)) if due else "",
    }


def _section_heading(notification: Notification) -> str:
    section = str((notification.data or {}).get("section", ""))
    if not section:
        return ""
    return text_keys(cycle=notification.cycle).get(section, section)


def detail(notification: Notification) -> str:
    """What the notification quotes: the comment, the reason for changes, the correction note."""
    data = notification.data or {}
    if notification.kind == Kind.CORRECTION_PUBLISHED and data.get("revision"):
        return gettext("Revision %(revision)s is now public.") % {"revision": data["revision"]}
    return str(data.get("body") or data.get("note") or "")


def link(notification: Notification) -> str:
    """The workspace page the notification is about (a path; e-mails prefix the site's URL)."""
    cycle = notification.cycle
    args = {"iso2": cycle.country.iso2, "year": cycle.year}
    if notification.kind == Kind.COMMENT:
        section = str((notification.data or {}).get("section", ""))
        return reverse("editorial:texts", kwargs=args) + (f"#text-{section}" if section else "")
    return reverse("assessments:overview", kwargs=args)
