"""Shared fixtures: a small programme with cycles, and the full demo dataset."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import settings

from civicspace.assessments.services import cycle_create
from civicspace.countries.models import Country
from civicspace.countries.services import countries_sync
from tests.module_load import (
    QUICK_HASHERS,
    TASKS_AT_ONCE,
    TASKS_QUEUED,
    caches_of_its_own,
    loaded_for_the_module,
)

# No deadline per example: speed is measured in `make bench`, never in a test that a busy
# machine could fail.
settings.register_profile("civicspace", deadline=None)
settings.load_profile("civicspace")


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in Russian leaves Russian active in this thread; each test starts afresh."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    """Each test gets empty in-memory caches, never the file cache in var/ of `make demo`."""
    settings.CACHES = caches_of_its_own(request.node.nodeid)


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Test accounts' passwords are hashed with a fast hasher: production's PBKDF2 takes about
    half a second per account on a busy machine, and the role matrices create hundreds. What is
    tested is who may do what, not the hasher (Django's own tests cover that)."""
    settings.PASSWORD_HASHERS = QUICK_HASHERS


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background jobs run when queued, in the test's own process: no worker to start. (In a
    test wrapped in a transaction they are queued on commit, so only tests that commit, or
    that run `django_capture_on_commit_callbacks(execute=True)`, run them.)"""
    settings.TASKS = TASKS_AT_ONCE


@pytest.fixture(autouse=True)
def _force_login_passes_both_factors(monkeypatch):
    """`client.force_login(user)` skips the password, and so the second factor too: the session
    is signed in fully. Tests of two-factor sign-in itself sign in step by step."""
    force_login = Client.force_login

    def signed_in_fully(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from civicspace.accounts.two_factor import second_factor_required

        force_login(self, user, backend)
        if second_factor_required(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", signed_in_fully)


@pytest.fixture
def programme(db):
    """Kazakhstan, Kenya and Tunisia in the programme, each with a 2025 cycle."""
    countries_sync(
        regions={"ECA": "Europe and Central Asia", "AFR": "Africa", "MENA": "MENA"},
        programme={"KZ": "ECA", "KE": "AFR", "TN": "MENA"},
    )
    for iso2 in ("KZ", "KE", "TN"):
        cycle_create(
            country=Country.objects.get(iso2=iso2),
            year=2025,
            period_start=date(2024, 8, 1),
            period_end=date(2025, 8, 31),
            panel_date=date(2025, 9, 17),
        )
    return Country.objects.filter(in_programme=True)


@pytest.fixture(scope="module")
def _demo_for_the_module(request: pytest.FixtureRequest) -> Iterator[Any]:
    from civicspace.demo.loader import demo_load

    yield from loaded_for_the_module(request, demo_load)


@pytest.fixture
def demo(_demo_for_the_module, db):
    """The demo dataset, loaded once per module (see `loaded_for_the_module`). A test that
    commits (a browser test, a forked worker) asks for `committed_demo`."""
    return _demo_for_the_module


@pytest.fixture
def tasks_queued_not_run(settings):
    """For tests that commit: the demo's dozen publications would each typeset their PDFs
    (about 1.5 s apiece) on commit. tests/apps/test_report_pdf_jobs.py runs the jobs themselves."""
    settings.TASKS = TASKS_QUEUED


@pytest.fixture
def committed_demo(transactional_db, tasks_queued_not_run):
    """The demo committed, for a test whose other threads or processes read it (the live
    server, forked workers): such a test cannot share a module's load."""
    from civicspace.demo.loader import demo_load

    return demo_load()


def _shares_a_module_load(item: pytest.Item) -> bool:
    """A module-scoped fixture built on `loaded_for_the_module` is named `…_for_the_module`."""
    return any(name.endswith("_for_the_module") for name in getattr(item, "fixturenames", ()))


def _commits(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in names
        or "live_server" in names
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that share a module's load run last in their module, one after another."""
    wrong = [item.nodeid for item in items if _shares_a_module_load(item) and _commits(item)]
    if wrong:
        raise pytest.UsageError(
            "These tests commit, so they cannot share a module's load (ask for a load of "
            "their own): " + ", ".join(wrong)
        )
    module_first: dict[object, int] = {}
    for n, item in enumerate(items):
        module_first.setdefault(item.path, n)
    order = {item: n for n, item in enumerate(items)}
    items.sort(key=lambda item: (module_first[item.path], _shares_a_module_load(item), order[item]))


@pytest.fixture
def write_csv(tmp_path):
    def write(text: str, name: str = "upload.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
