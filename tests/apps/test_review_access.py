"""Every workspace page and write of a cycle, for every kind of user: who reads, who writes.

Editors read everything a member reads, rendered read-only; the method keeps scores, the panel,
sources and texts the Network Member's to write, so an editor's post there is a 404."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from civicspace.assessments.models import Cycle, DimensionScore, Panel, Panelist
from civicspace.audit.models import AuditEvent
from civicspace.editorial.models import ReportText, ReviewComment, TextSuggestion
from civicspace.editorial.text_services import TextEntry, texts_save
from tests.apps.helpers import PASSWORD, form_data, kz, person

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no role", "member of KE", "member of KZ", "editor", "admin"]
READERS = {"member of KZ", "editor", "admin"}
CONSORTIUM = {"editor", "admin"}

PAGES = {
    "overview": "/workspace/KZ/2025/",
    "principle": "/workspace/KZ/2025/P2/",
    "panel": "/workspace/KZ/2025/panel/",
    "workbook download": "/workspace/KZ/2025/workbook.xlsx",
    "workbook page": "/workspace/KZ/2025/workbook/",
    "texts": "/workspace/KZ/2025/texts/",
    "history": "/workspace/KZ/2025/history/text/context/",
    "draft report": "/workspace/KZ/2025/report/",
}
# Pages whose forms write what only the member writes: a reader who is not the member gets them
# without any form that posts there (forms that post elsewhere: comments, the review's moves).
READ_ONLY_FOR_CONSORTIUM = ("principle", "panel", "workbook page")


def user_for(role):
    return {
        "anonymous": lambda: None,
        "no role": lambda: get_user_model().objects.create_user("nobody", password=PASSWORD),
        "member of KE": lambda: person("wanjiru", "member", "KE"),
        "member of KZ": lambda: person("aigul", "member", "KZ"),
        "editor": lambda: person("editor", "editor"),
        "admin": lambda: get_user_model().objects.create_superuser("root", password=PASSWORD),
    }[role]()


@pytest.fixture
def writer(programme):
    """The Network Member who wrote the draft's context section."""
    member = person("writer", "member", "KZ")
    texts_save(cycle=kz(), entries={"context": TextEntry("The law changed in 2024.", 0)}, by=member)
    return member


def signed_in(client, role):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    return user


def post_targets(page):
    """Where each form of a page posts ("" for the page itself)."""
    forms = re.findall(r"<form\b[^>]*>", page)
    return [
        (re.search(r'action="([^"]*)"', f) or [None, ""])[1] for f in forms if 'method="post"' in f
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(PAGES))
def test_who_reads_each_page(writer, client, role, name):
    signed_in(client, role)
    response = client.get(PAGES[name])
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        return
    assert response.status_code == (200 if role in READERS else 404)
    if role in CONSORTIUM and name in READ_ONLY_FOR_CONSORTIUM:
        page = response.content.decode()
        targets = [t for t in post_targets(page) if t.startswith("/workspace/") or not t]
        assert all(t == "/workspace/KZ/2025/comments/" for t in targets)  # not the page's own
        assert "Read-only" in page
    if role == "member of KZ" and name in READ_ONLY_FOR_CONSORTIUM:
        assert "" in post_targets(response.content.decode())  # the draft's own forms


def test_the_principle_page_shows_an_editor_everything_a_member_sees(writer, client):
    from civicspace.assessments.panel_services import panel_get_or_create, panelist_add
    from civicspace.assessments.services import SourceInput, score_record

    panelist_add(panel=panel_get_or_create(cycle=kz()), code="P07", by=writer)
    score_record(
        cycle=kz(),
        dimension="2.1",
        value=Decimal(2),
        justification="Registration takes a year.",
        sources=[SourceInput("ICNL country note", "https://www.icnl.org/", None)],
        by=writer,
    )
    signed_in(client, "editor")
    page = client.get("/workspace/KZ/2025/P2/").content.decode()
    for shown in ("Registration takes a year.", "ICNL country note", "P07"):
        assert shown in page
    panel = client.get("/workspace/KZ/2025/panel/").content.decode()
    assert "P07" in panel
    assert "Individual scores and statistics" in panel


def _state(state):
    Cycle.objects.filter(pk=kz().pk).update(state=state)


WRITES = {
    # name: (state, path, data, "what changed" as a query, who may)
    "principle save": (
        "draft",
        "/workspace/KZ/2025/P2/",
        "principle form",
        lambda: DimensionScore.objects.exists(),
        {"member of KZ"},
    ),
    "panel save": (
        "draft",
        "/workspace/KZ/2025/panel/",
        {"save-panel": "", "participants": "12", "format": "online", "version": "1"},
        lambda: Panel.objects.filter(participants=12).exists(),
        {"member of KZ"},
    ),
    "panelist add": (
        "draft",
        "/workspace/KZ/2025/panel/",
        {"new-code": "P09", "new-sector": "", "new-gender": "", "new-age_band": ""},
        lambda: Panelist.objects.filter(code="P09").exists(),
        {"member of KZ"},
    ),
    "texts save": (
        "draft",
        "/workspace/KZ/2025/texts/",
        {"context-text": "Rewritten.", "context-version": "1"},
        lambda: ReportText.objects.filter(text="Rewritten.").exists(),
        {"member of KZ"},
    ),
    "edit suggest": (
        "in_review",
        "/workspace/KZ/2025/texts/",
        {"context-text": "The law changed in May 2024.", "context-version": "1"},
        lambda: TextSuggestion.objects.exists(),
        CONSORTIUM,
    ),
    "comment": (
        "in_review",
        "/workspace/KZ/2025/comments/",
        {"key": "context", "body": "Which law?", "quote": "The law changed"},
        lambda: ReviewComment.objects.filter(anchor="passage").exists(),
        READERS,
    ),
    "comment on a score": (
        "in_review",
        "/workspace/KZ/2025/comments/",
        {"key": "2.1", "anchor": "score", "body": "Why 2?", "back": "principle"},
        lambda: ReviewComment.objects.filter(anchor="score").exists(),
        READERS,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(WRITES))
def test_who_writes_what(writer, client, role, name):
    state, path, data, changed, allowed = WRITES[name]
    if name == "panel save":
        from civicspace.assessments.panel_services import panel_get_or_create

        panel_get_or_create(cycle=kz())
    _state(state)
    if data == "principle form":  # the page's own form, as the member's browser posts it
        member_client = Client()
        member_client.force_login(writer)
        data = form_data(member_client, path, "principle-form")
        data |= {"2.1-agreed": "3", "2.1-justification": "Because."}
    user = signed_in(client, role)
    response = client.post(path, data)
    assert changed() is (role in allowed)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif role not in READERS:
        assert response.status_code == 404
    elif role in CONSORTIUM and name in ("principle save", "panel save", "panelist add"):
        assert response.status_code == 404  # the method keeps these the member's
    if role in allowed:  # every write is in the audit trail, by its author
        assert AuditEvent.objects.filter(actor=user).exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_accepts_a_suggested_edit(writer, client, role):
    from civicspace.editorial.suggestion_services import suggestions_create

    _state("in_review")
    made = suggestions_create(
        cycle=kz(),
        entries={"context": TextEntry("The law changed in May 2024.", 1)},
        by=person("copyeditor", "editor"),
    )[0]
    _state("changes_requested")
    signed_in(client, role)
    response = client.post(f"/workspace/KZ/2025/suggestions/{made.pk}/accept/")
    accepted = TextSuggestion.objects.get(pk=made.pk).accepted_at is not None
    assert accepted is (role == "member of KZ")
    if role not in ("anonymous", "member of KZ"):
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_who_resolves_a_comment(writer, client, role):
    from civicspace.editorial.comment_services import comment_add

    _state("in_review")
    question = comment_add(cycle=kz(), key="context", body="Which law?", by=writer)
    signed_in(client, role)
    client.post("/workspace/KZ/2025/comments/", {"resolve": str(question.pk)})
    resolved = ReviewComment.objects.get(pk=question.pk).resolved_at is not None
    assert resolved is (role in CONSORTIUM)
