"""Helpers the database tests share: the Kazakhstan cycle, people with roles, a complete draft."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from civicspace.accounts.models import Role
from civicspace.assessments.models import Cycle, Panelist
from civicspace.assessments.panel_services import panel_get_or_create, panelist_add
from civicspace.assessments.sealing import unseal
from civicspace.assessments.services import SourceInput, score_record
from civicspace.core.framework import load_edition
from civicspace.countries.models import Country
from civicspace.demo.loader import demo_load
from civicspace.editorial.selectors import text_keys
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
