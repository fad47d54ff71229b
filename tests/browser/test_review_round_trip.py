"""The consortium's review in a real browser, from submission to a published, corrected report."""

import pytest
from playwright.sync_api import Browser, Page, expect

from civicspace.accounts.two_factor import second_factor_enrol_unattended
from civicspace.assessments.models import Cycle
from tests.apps.helpers import PASSWORD, complete, person

pytestmark = pytest.mark.django_db(transaction=True)
RECOVERY_CODES: dict[str, list[str]] = {}


def signed_in(browser: Browser, live_server, username: str) -> Page:
    page = browser.new_context(locale="en-GB").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if username in RECOVERY_CODES:  # the consortium's second factor
        page.get_by_label("Code", exact=True).fill(RECOVERY_CODES[username].pop())
        page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("link", name="Kazakhstan 2025")).to_be_visible()
    page.get_by_role("link", name="Kazakhstan 2025").click()
    return page


def move(page: Page, label: str, done: str) -> None:
    page.get_by_role("button", name=label).click()
    expect(page.get_by_text(f"Done: {done}.")).to_be_visible()


def test_submit_request_changes_fix_approve_publish_correct(programme, live_server, browser):
    complete(Cycle.objects.get(country__iso2="KZ", year=2025), person("aigul", "member", "KZ"))
    _, RECOVERY_CODES["editor"] = second_factor_enrol_unattended(user=person("editor", "editor"))
    member = signed_in(browser, live_server, "aigul")
    editor = signed_in(browser, live_server, "editor")

    move(member, "Submit for review", "Submit for review")
    editor.reload()
    move(editor, "Start review", "Start review")
    editor.get_by_role("link", name="Report texts and review comments").click()
    section = editor.locator('[id="text-4.1"]')
    section.get_by_label("Comment on this section").fill("Please name the law you mean.")
    section.get_by_role("button", name="Comment").click()
    expect(editor.get_by_text("Please name the law you mean.", exact=True)).to_be_visible()
    editor.get_by_role("link", name="Kazakhstan 2025").click()
    editor.get_by_label("Reason for requesting changes").fill("See the comment on 4.1.")
    move(editor, "Request changes", "Request changes")

    member.reload()
    member.get_by_role("link", name="Report texts").click()
    expect(member.get_by_text("Please name the law you mean.", exact=True)).to_be_visible()
    member.locator('[id="id_4.1-text"]').fill("The Law on Access to Information applies[^1].")
    member.get_by_role("button", name="Save texts").click()
    expect(member.get_by_text("Report texts saved.")).to_be_visible()
    answer = member.locator('[id="text-4.1"]').get_by_label("Answer")
    answer.fill("Named it, with its source.")
    member.locator('[id="text-4.1"]').get_by_role("button", name="Answer").click()
    member.get_by_role("link", name="Kazakhstan 2025").click()
    move(member, "Submit for review", "Submit for review")

    editor.reload()
    move(editor, "Start review", "Start review")
    editor.get_by_role("link", name="Report texts and review comments").click()
    expect(editor.get_by_text("Named it, with its source.")).to_be_visible()
    editor.locator('[id="text-4.1"]').get_by_role("button", name="Resolve").click()
    editor.get_by_role("link", name="Kazakhstan 2025").click()
    expect(editor.get_by_role("heading", name="Editorial checks")).to_be_visible()
    expect(editor.get_by_text("No findings.")).to_be_visible()
    move(editor, "Approve", "Approve")
    move(editor, "Publish", "Publish")

    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}/reports/KZ/2025/")
    expect(public.get_by_text("The Law on Access to Information applies")).to_be_visible()

    editor.get_by_label("Correction note").fill("Dates in the context section corrected.")
    move(editor, "Open a correction", "Open a correction")
    member.reload()
    member.get_by_role("link", name="Report texts").click()
    member.locator('[id="id_context-text"]').fill("A draft correction nobody has published.")
    member.get_by_role("button", name="Save texts").click()
    expect(member.get_by_text("Report texts saved.")).to_be_visible()
    public.reload()
    expect(public.get_by_text("A draft correction nobody has published.")).to_have_count(0)
    expect(public.get_by_text("The Law on Access to Information applies")).to_be_visible()
