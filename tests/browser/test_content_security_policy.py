"""Under the site's Content-Security-Policy no page asks the browser for anything it refuses, and
the pages' scripts (files, never inline) still work."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from civicspace.accounts.models import Role
from civicspace.countries.models import Country

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
PUBLIC = [
    "/",
    "/?principle=P4",
    "/countries/",
    "/countries/KZ/",
    "/countries/compare/?countries=KZ&countries=GE",
    "/reports/",
    "/reports/KZ/2024/",
    "/data/",
    "/methodology/",
    "/api/",
    "/api/v1/docs",
    "/accounts/login/",
]


def _watch(page):
    """Every CSP refusal the browser reports on its console, and every script error."""
    refusals = []
    page.on(
        "console",
        lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda error: refusals.append(f"script error: {error}"))
    return refusals


def test_public_pages_break_no_rule_of_the_policy_and_their_scripts_run(demo, live_server, page):
    refusals = _watch(page)
    for path in PUBLIC:
        answer = page.goto(live_server.url + path)
        assert answer.status == 200, path
        assert "script-src 'self'" in answer.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    assert refusals == []
    page.goto(live_server.url + "/countries/KZ/")
    expect(page.locator(".figure-enhanced").first).to_be_attached()


def test_the_principle_page_keeps_a_draft_under_the_policy(programme, live_server, page):
    user = get_user_model().objects.create_user("kz-member", password=PASSWORD)
    Role.objects.create(user=user, kind="member", country=Country.objects.get(iso2="KZ"))
    refusals = _watch(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("kz-member")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    answer = page.goto(f"{live_server.url}/workspace/KZ/2025/P3/")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    page.locator('[id="dimension-3.1"]').get_by_label("Justification").fill("Half-written.")
    page.reload()
    expect(page.get_by_role("status").filter(has_text="Unsaved changes")).to_be_visible()
    restored = page.locator('[id="dimension-3.1"]').get_by_label("Justification").input_value()
    assert restored == "Half-written."
    assert refusals == []
