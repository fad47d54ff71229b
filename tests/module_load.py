"""Loading a dataset once for a module's tests, and the settings every test runs with."""

from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import translation

# What every test runs with (tests/conftest.py sets them per test) and a module's load too.
QUICK_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS_AT_ONCE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TASKS_QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def caches_of_its_own(owner: str) -> dict[str, dict[str, str]]:
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{alias} {owner}",
        }
        for alias in ("default", "api-answers", "report-pages")
    }


Loaded = TypeVar("Loaded")


def loaded_for_the_module(
    request: pytest.FixtureRequest, load: Callable[[], Loaded], *, on_commit: bool = False
) -> Iterator[Loaded]:
    """What `load` writes, kept for the tests of one module instead of written again for each:
    the body of a module-scoped fixture. Loading the demo costs seconds, and some hundred tests
    read it. The load stays in one transaction that is rolled back after the module; each test
    runs in its own savepoint inside it (pytest-django's non-transactional tests nest), so what a
    test writes never reaches the next one. `pytest_collection_modifyitems` below runs a
    module's tests that share a load after its other tests, so those never see it, and refuses a
    test that shares one but commits. `on_commit` runs what the load queues for after its commit
    (e-mails, jobs), as `make demo` would."""
    blocker = request.getfixturevalue("django_db_blocker")
    request.getfixturevalue("django_db_setup")
    attachments = request.getfixturevalue("tmp_path_factory").mktemp("attachments")
    with (
        override_settings(
            PASSWORD_HASHERS=QUICK_HASHERS,
            TASKS=TASKS_AT_ONCE,
            CACHES=caches_of_its_own(request.node.nodeid),
            CIVICSPACE_ATTACHMENT_ROOT=attachments,
        ),
        blocker.unblock(),
    ):
        outer = transaction.atomic()
        # As Django's TestCase marks its own: a durable block inside a test may still open.
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        try:
            if on_commit:
                with TestCase.captureOnCommitCallbacks(execute=True):
                    value = load()
            else:
                value = load()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
        finally:
            translation.deactivate()
    try:
        yield value
    finally:
        with blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
