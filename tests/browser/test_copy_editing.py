"""The review loop in two browsers, a Network Member's and an editor's: a copy-edit becomes a
tracked change the member accepts; a comment on a selected sentence is answered and resolved;
a request for changes carries its reason to the member."""

import pytest
from django.core import mail
from django_tasks.signals import task_enqueued
from playwright.sync_api import expect

from civicspace.accounts.two_factor import second_factor_enrol_unattended
from civicspace.editorial.selectors import cycle_sources
from tests.apps.helpers import complete, kz, person
from tests.browser.test_review_round_trip import RECOVERY_CODES, move, signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_copy_edit_comment_on_a_sentence_request_changes_accept_resolve(
    programme, live_server, browser
):
    enqueued = []  # the live server's thread has a backend of its own: its jobs, by signal

    def heard(sender, task_result, **kwargs):
        enqueued.append(task_result)

    task_enqueued.connect(heard, weak=False)
    try:
        _review_loop(live_server, browser, enqueued)
    finally:
        task_enqueued.disconnect(heard)


def _review_loop(live_server, browser, enqueued):
    aigul = person("aigul", "member", "KZ")
    aigul.email = "aigul@example.org"
    aigul.save()
    complete(kz(), aigul)
    _, RECOVERY_CODES["editor"] = second_factor_enrol_unattended(user=person("editor", "editor"))
    member = signed_in(browser, live_server, "aigul")
    editor = signed_in(browser, live_server, "editor")
    move(member, "Submit for review", "Submit for review")
    editor.reload()
    move(editor, "Start review", "Start review")

    # The editor copy-edits the context section: stored as a suggestion, the text unchanged.
    editor.get_by_role("link", name="Report texts and review comments").click()
    editor.locator('[id="id_context-text"]').fill("Text for the country context[^1].")
    editor.get_by_role("button", name="Suggest these edits").click()
    expect(editor.get_by_text("1 edit suggested")).to_be_visible()
    context = editor.locator('[id="text-context"]')
    expect(context.locator("ins")).to_have_text("the country")

    # A sentence selected in section 4.1's text is quoted by its comment form (editorial/quote.js).
    text_41 = editor.locator('[id="id_4.1-text"]')
    text_41.evaluate("el => { el.focus(); el.setSelectionRange(0, 8); }")
    text_41.dispatch_event("select")
    section = editor.locator('[id="text-4.1"]')
    expect(section.get_by_label("Quote a passage")).to_have_value("Text for")
    section.get_by_label("Comment on this section").fill("Which text, exactly?")
    section.get_by_role("button", name="Comment", exact=True).click()
    expect(editor.locator('[id="text-4.1"] blockquote')).to_have_text("Text for")

    editor.get_by_role("link", name="Kazakhstan 2025").click()
    editor.get_by_role("button", name="Request changes").click()
    expect(editor.get_by_text("needs a reason")).to_be_visible()  # refused: nothing moved
    editor.get_by_label("Reason for requesting changes").fill("Please take the copy-edits.")
    move(editor, "Request changes", "Request changes")

    # The member sees the reason, the tracked change and the anchored comment; accepts, answers.
    member.reload()
    expect(member.get_by_text("Please take the copy-edits.")).to_be_visible()
    expect(member.get_by_text("Changes requested by editor on")).to_be_visible()
    # ... and was told: by e-mail (Django's test outbox: the live server runs in this process;
    # the e-mail job queued here runs as the worker would run it) and in the workspace inbox.
    for queued in enqueued:
        if queued.task.name == "notification_emails_send":
            queued.task.call(*queued.args, **queued.kwargs)
    to_aigul = [m for m in mail.outbox if m.to == ["aigul@example.org"]]
    assert [m for m in to_aigul if "Please take the copy-edits." in m.body]
    member.get_by_role("link", name="Inbox").click()
    expect(member.get_by_text("Please take the copy-edits.")).to_be_visible()
    member.go_back()
    member.get_by_role("link", name="Report texts").click()
    context = member.locator('[id="text-context"]')
    expect(context.locator("del")).to_have_text("Country")
    context.get_by_role("button", name="Accept").click()
    expect(member.get_by_text("Suggested edit accepted and saved.")).to_be_visible()
    # The [^1] the editor typed was bound to the first source the page listed, by its key.
    first = cycle_sources(cycle=kz())[0].key
    expect(member.locator('[id="id_context-text"]')).to_have_value(
        f"Text for the country context[^{first}]."
    )
    section = member.locator('[id="text-4.1"]')
    section.get_by_label("Answer", exact=True).fill("The whole opening, now dated.")
    section.get_by_role("button", name="Answer", exact=True).click()
    member.get_by_role("link", name="Kazakhstan 2025").click()
    move(member, "Submit for review", "Submit for review")

    editor.reload()
    move(editor, "Start review", "Start review")
    editor.get_by_role("link", name="Report texts and review comments").click()
    section = editor.locator('[id="text-4.1"]')
    expect(section.get_by_text("The whole opening, now dated.")).to_be_visible()
    section.get_by_role("button", name="Resolve").click()
    expect(editor.locator('[id="text-4.1"]').get_by_text("resolved by editor")).to_be_visible()

    editor.goto(f"{live_server.url}/workspace/KZ/2025/history/text/context/")
    expect(editor.get_by_text("suggested by editor, accepted by aigul")).to_be_visible()
