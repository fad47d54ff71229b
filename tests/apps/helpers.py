"""Helpers the database tests share: the Kazakhstan cycle, people with roles, a complete draft."""

import io
import re
import zipfile
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.db import connection

from civicspace.accounts.models import Role
from civicspace.assessments.models import Cycle, Panelist
from civicspace.assessments.panel_services import panel_get_or_create, panelist_add
from civicspace.assessments.sealing import unseal
from civicspace.assessments.services import SourceInput, score_record
from civicspace.core.framework import load_edition
from civicspace.countries.models import Country
from civicspace.demo.loader import demo_load
from civicspace.editorial.selectors import cycle_sources, text_keys
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.indicators.services import civicus_rating_record

PASSWORD = "a-long-test-password"
# Panelists' names, sealed at rest: Cyrillic and Kazakh letters too.
NAMES = ["Айгерим Сапарова", "Daniyar Example", "Ғалия Ж."]


def kz():
    """Kazakhstan's 2025 cycle of the `programme` fixture, fresh from the database."""
    return Cycle.objects.get(country__iso2="KZ", year=2025)


def person(username, kind, iso2=None):
    """A user with a role: kind "member" (of country `iso2`) or "editor"."""
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    country = Country.objects.get(iso2=iso2) if iso2 else None
    Role.objects.create(user=user, kind=kind, country=country)
    return user


def complete(cycle, member):
    """Every score with evidence, a CIVICUS rating, and every report section written."""
    civicus_rating_record(country=cycle.country, published_on=date(2024, 12, 4), score=Decimal(30))
    for code in load_edition(cycle.edition).panel_dimensions:
        score_record(
            cycle=cycle,
            dimension=code,
            value=Decimal("2.5"),
            justification=f"Reasons for {code}.",
            sources=[SourceInput(f"Report on {code}", "https://www.icnl.org/", date(2025, 1, 10))],
            by=member,
        )
    texts = {
        key: TextEntry(f"Text for {heading}[^1].", 0)
        for key, heading in text_keys(cycle=cycle).items()
    }
    # As typed on the texts page: [^1] is bound to the first source of the list shown there.
    shown = [s.key for s in cycle_sources(cycle=cycle)]
    texts_save(cycle=cycle, entries=texts, shown_keys=shown, by=member)


def sections_written(cycle, member, **given):
    """Every report section written (a report is submitted whole), nothing else; `given` texts
    (key=text) replace the filler of their sections."""
    texts = {
        key: TextEntry(given.get(key, f"Text for {heading}."), 0)
        for key, heading in text_keys(cycle=cycle).items()
    }
    texts_save(cycle=cycle, entries=texts, by=member)


def publish(member, editor, cycle=None):
    """Take `cycle` (Kazakhstan 2025 by default) from draft to published."""
    cycle = cycle or kz()
    cycle_transition(cycle=cycle, action="submit", by=member)
    for action in ("start_review", "approve", "publish"):
        cycle = cycle_transition(cycle=cycle, action=action, by=editor)
    return cycle


def demo_with_names():
    """The demo, with sealed names for three panelists of the cycle still in draft."""
    demo_load()
    draft = Cycle.objects.get(is_demo=True, snapshots=None)
    panel = panel_get_or_create(cycle=draft)
    for n, name in enumerate(NAMES, start=1):
        panelist_add(panel=panel, code=f"N{n:02d}", name=name)


def names_read_back():
    return sorted(
        unseal(bytes(p.sealed_name or b"")) for p in Panelist.objects.exclude(sealed_name=None)
    )


class _FormFields(HTMLParser):
    """The fields of one form of a page, with what a browser posts when nobody touches them."""

    def __init__(self, form):
        super().__init__()
        self.form, self.inside, self.data = form, False, {}
        self.select = self.textarea = None

    def _ours(self, attrs):
        return self.inside or attrs.get("form") == self.form

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = self.form in (attrs.get("id"), *attrs.get("class", "").split())
        elif not self._ours(attrs) or (tag != "option" and "name" not in attrs):
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data[self.textarea] = ""
        elif tag == "select":
            self.select = attrs["name"]
        elif (
            tag == "option"
            and self.select
            and (self.select not in self.data or "selected" in attrs)
        ):
            self.data[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            # A browser drops the newline that opens a textarea's content.
            start = not self.data[self.textarea]
            self.data[self.textarea] += data[1:] if start and data.startswith("\n") else data


def page_form_data(html, form):
    """What a browser posts from the page `html` for `form` (its id or one of its classes) when
    nothing is changed: every field, hidden ones and formsets' management forms included."""
    fields = _FormFields(form)
    fields.feed(html)
    fields.data.pop("csrfmiddlewaretoken", None)
    return fields.data


def form_data(client, url, form):
    """page_form_data of the page at `url` as `client` sees it now."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return page_form_data(page.content.decode(), form)


@contextmanager
def as_the_database_owner():
    """Write as someone with the database owner's rights could, past the application and, on
    PostgreSQL, past the append-only trigger (for tests of what `verify` catches)."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    try:
        yield
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def docx_text(data: bytes) -> str:
    """Every word of a Word file: body, headers, footers and footnotes, tags stripped."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
        xml = " ".join(archive.read(n).decode("utf-8") for n in parts)
    return " ".join(re.sub(r"<[^>]+>", " ", xml).split())
