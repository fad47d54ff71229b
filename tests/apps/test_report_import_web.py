"""The workspace's "Upload a document": a preview first, then apply, refused when the draft
changed after the preview; only the country's Network Member reaches it."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civicspace.assessments.models import Cycle
from civicspace.audit.models import AuditEvent
from civicspace.editorial.models import ReportText
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.i18n import localise
from tests.apps.helpers import kz, person
from tests.apps.test_panel_events import events_against_the_score
from tests.imports.report_corpus import Style, as_docx, lines_of

pytestmark = pytest.mark.django_db
PAGE = "/workspace/KZ/2025/texts/document/"


def upload(client, data: bytes, name: str = "kz-2025.docx"):
    return client.post(PAGE, {"upload": "", "document": SimpleUploadedFile(name, data)})


def token_of(page: str) -> str:
    match = re.search(r'name="token" value="([0-9a-f]{64})"', page)
    assert match, "the preview offers no apply form"
    return match[1]


def test_only_the_countrys_member_reaches_the_page(people, client):
    member, editor = people
    assert client.get(PAGE).status_code == 302  # to sign-in
    for other in (editor, person("kenyan", "member", "KE")):
        client.force_login(other)
        assert client.get(PAGE).status_code == 404
    client.force_login(member)
    assert client.get(PAGE).status_code == 200
    assert PAGE in client.get("/workspace/KZ/2025/texts/").content.decode()


def test_a_preview_saves_nothing_and_applying_it_writes_the_draft(people, client):
    member, _ = people
    client.force_login(member)
    page = upload(client, as_docx(lines_of(Style()))).content.decode()
    assert "Principle 2: Supportive Legal and Regulatory Framework" in page
    assert "paragraph 1" in page
    assert "a title page" in page
    assert "suggested by the sentence" in page
    assert "Editorial checks on the resulting draft" in page
    assert not ReportText.objects.exists()
    answer = client.post(PAGE, {"apply": "", "token": token_of(page)})
    assert answer.status_code == 302
    assert answer["Location"] == "/workspace/KZ/2025/texts/"
    assert ReportText.objects.filter(cycle=kz()).count() == 10
    assert AuditEvent.objects.filter(actor=member, action="text").count() == 10
    assert not kz().scores.filter(dimension="2.3").exists()  # blank, and nothing suggested


def test_a_preview_made_stale_by_another_save_is_refused(people, client):
    member, _ = people
    client.force_login(member)
    page = upload(client, b"## 4.1 Transparency\n\nFrom the document.\n", "r.md").content.decode()
    texts_save(cycle=kz(), entries={"4.1": TextEntry("Saved meanwhile.", 0)})
    again = client.post(PAGE, {"apply": "", "token": token_of(page)}).content.decode()
    assert "The draft changed after this preview" in again
    assert ReportText.objects.get(cycle=kz(), key="4.1").text == "Saved meanwhile."
    assert "Differences from the stored text" in again  # the fresh preview, against the new text
    client.post(PAGE, {"apply": "", "token": token_of(again)})
    assert ReportText.objects.get(cycle=kz(), key="4.1").text == "From the document."


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"", "r.docx", "The file is empty."),
        (b"not a word file", "r.docx", "not a Word (.docx) document"),
        (b"x", "r.pdf", "must be a .docx, .md or .txt file"),
    ],
)
def test_an_unreadable_document_is_refused_on_the_page(people, client, data, name, says):
    client.force_login(people[0])
    page = upload(client, data, name).content.decode()
    assert "The document was refused; nothing was saved" in page
    assert says in page


def test_a_published_cycle_refuses_the_preview(people, client):
    Cycle.objects.filter(pk=kz().pk).update(state="published")
    client.force_login(people[0])
    page = upload(client, b"## 4.1 Transparency\n\nText.\n", "r.md").content.decode()
    assert "is published" in page
    assert 'name="token"' not in page


@pytest.mark.parametrize(
    "data",
    [{"apply": ""}, {"apply": "", "token": "abc"}, {"upload": ""}, {"accept_suggestions": "on"}],
)
def test_malformed_posts_get_an_answer_never_a_server_error(people, client, data):
    client.raise_request_exception = False
    client.force_login(people[0])
    assert client.post(PAGE, data).status_code in (200, 302)
    assert not ReportText.objects.exists()


def test_the_preview_runs_the_workspace_s_checks_with_the_period_s_events(people, client):
    member, _ = people
    events_against_the_score()
    client.force_login(member)
    page = upload(client, b"## 4.1 Transparency\n\nFrom the document.\n", "r.md")
    previewed = [(f["place"], f["message"]) for f in page.context["findings"]]
    client.post(PAGE, {"apply": "", "token": token_of(page.content.decode())})
    overview = client.get(reverse("assessments:overview", args=["KZ", 2025])).context["checks"]
    # The draft the preview foresaw is the draft now stored: the workspace finds the same.
    assert previewed == [(localise(f.place), localise(f.message)) for f in overview.findings]
    assert any(f.check == "events-against-score" and f.place == "2.2" for f in overview.findings)
