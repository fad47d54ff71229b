"""Benchmark: the consortium dashboard's cost at programme scale (86 cycles). Prints figures.

86 programme countries, each with a complete draft (every dimension scored with a source, every
report section written), then: the editorial checks over every draft (what the dashboard's
"check errors" column costs when computed on each request), and the dashboard page itself.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time

CYCLES = 86


def _setup() -> None:
    folder = tempfile.mkdtemp(prefix="civicspace-bench-desk-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["CIVICSPACE_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _programme() -> None:
    """86 countries with complete 2025 drafts, written through the services as members do."""
    from datetime import date
    from decimal import Decimal

    import pycountry
    from django.contrib.auth import get_user_model

    from civicspace.accounts.models import Role
    from civicspace.assessments.services import SourceInput, cycle_create, score_record
    from civicspace.core.framework import load_edition
    from civicspace.countries.models import Country
    from civicspace.countries.services import countries_sync
    from civicspace.editorial.selectors import text_keys
    from civicspace.editorial.text_services import TextEntry, texts_save

    codes = sorted(c.alpha_2 for c in pycountry.countries)[:CYCLES]
    countries_sync(regions={"R": "Region"}, programme=dict.fromkeys(codes, "R"))
    users = get_user_model().objects
    for country in Country.objects.filter(in_programme=True):
        member = users.create_user(f"member-{country.iso2}")
        Role.objects.create(user=member, kind=Role.Kind.MEMBER, country=country)
        cycle = cycle_create(
            country=country,
            year=2025,
            period_start=date(2024, 8, 1),
            period_end=date(2025, 7, 31),
        )
        for code in load_edition(cycle.edition).panel_dimensions:
            score_record(
                cycle=cycle,
                dimension=code,
                value=Decimal("2.5"),
                justification=f"DEMO reasons for {code}.",
                sources=[SourceInput(f"DEMO report on {code}", "https://example.org/")],
                by=member,
            )
        entries = {
            k: TextEntry(f"DEMO text for {h}[^1].", 0) for k, h in text_keys(cycle=cycle).items()
        }
        texts_save(cycle=cycle, entries=entries, by=member)


def _timed(label: str, run: object, repeats: int = 3) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    assert callable(run)
    run()  # warm
    best = float("inf")
    for _ in range(repeats):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
    print(f"  {label:<58} best {best * 1000:8.1f} ms, {len(queries)} queries")


def main() -> int:
    _setup()
    start = time.perf_counter()
    _programme()
    print(
        f"civicspace desk benchmark: {CYCLES} complete drafts (set up in"
        f" {time.perf_counter() - start:.0f} s), Python {sys.version.split()[0]}"
    )
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from civicspace.assessments.models import Cycle
    from civicspace.editorial.selectors import cycle_checks

    cycles = list(Cycle.objects.select_related("country"))

    def checks_of_every_cycle() -> None:
        for cycle in cycles:
            cycle_checks(cycle=cycle)

    _timed(f"editorial checks of {len(cycles)} drafts, computed now", checks_of_every_cycle)
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = get_user_model().objects.create_superuser("bench-admin")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    # Signed in with both factors, as the admin would be after entering a code.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(
        user=admin, confirmed=True
    ).persistent_id
    session.save()

    def dashboard() -> None:
        response = client.get("/workspace/desk/?year=2025")
        assert response.status_code == 200, response.status_code

    cache.clear()
    start = time.perf_counter()
    dashboard()
    first = (time.perf_counter() - start) * 1000
    print(f"  {'the dashboard page, first view (every count computed)':<58} {first:13.1f} ms")
    _timed("the dashboard page, 86 cycles, counts stored", dashboard)
    return 0


if __name__ == "__main__":
    sys.exit(main())
