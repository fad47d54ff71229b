"""Headless Debian chromium driven by Playwright, against pytest-django's live server."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# The machine has no network beyond package registries: keep Chromium from calling home.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _tasks_queued_not_run(tasks_queued_not_run):
    """These tests commit: see `tasks_queued_not_run`. A PDF not rendered yet is rendered on
    download."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; `make test` installs Debian's chromium package")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls happen
    # in their own thread, but fixtures that touch the database from here need this allowance.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def reader(page: Page) -> Page:
    """The public-site tests' name for the page: a reader's, signed in as nobody."""
    return page


@pytest.fixture
def demo(committed_demo):
    """The live server reads from its own thread, so a browser test's demo is committed."""
    return committed_demo
