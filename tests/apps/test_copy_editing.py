"""Copy-editing: an editor's edit during review is a suggestion the member accepts, saved as
the member's text with the suggestion in the audit trail; one made on an older text is stale."""

import pytest

from civicspace.assessments.services import CycleError
from civicspace.audit.models import AuditEvent
from civicspace.audit.services import changed_content
from civicspace.core.workflow import TransitionRefused
from civicspace.editorial.models import ReportText, TextSuggestion
from civicspace.editorial.review_selectors import tracked_changes
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.suggestion_services import suggestion_accept, suggestions_create
from civicspace.editorial.text_services import TextEntry
from tests.apps.helpers import kz, person, sections_written

pytestmark = pytest.mark.django_db

TEXT = "The law on NGOs was adopted in 2023. It requires yearly reports."


@pytest.fixture
def in_review(people):
    member, editor = people
    sections_written(kz(), member, context=TEXT)
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=editor)
    return member, editor


def suggest(editor, text, version=1, key="context"):
    return suggestions_create(cycle=kz(), entries={key: TextEntry(text, version)}, by=editor)[0]


def send_back(editor):
    cycle_transition(cycle=kz(), action="request_changes", by=editor, note="See the edits.")


def test_a_suggestion_is_attributed_and_shown_as_a_tracked_change(in_review):
    _, editor = in_review
    made = suggest(editor, TEXT.replace("2023", "2024"))
    assert (made.author, made.before, made.base_version) == (editor, TEXT, 1)
    assert ReportText.objects.get(key="context").text == TEXT  # nothing changes until accepted
    (change,) = tracked_changes(cycle=kz())
    assert [p for p in change.pieces if p[0] != "="] == [("-", "2023."), ("+", "2024.")]
    assert not change.stale
    assert "2023." in change.passage
    event = AuditEvent.objects.get(action="suggestion")
    assert (event.actor, event.before, event.after) == (editor, TEXT, made.after)


def test_accepting_saves_the_text_as_the_members_and_names_the_suggestion(in_review):
    member, editor = in_review
    made = suggest(editor, TEXT.replace("2023", "2024"))
    send_back(editor)
    suggestion_accept(suggestion=made, by=member)
    stored = ReportText.objects.get(key="context")
    assert (stored.text, stored.version) == (TEXT.replace("2023", "2024"), 2)
    saved = AuditEvent.objects.filter(action="text", target="context").latest("pk")
    assert saved.actor == member
    accepted = AuditEvent.objects.get(action="suggestion-accepted")
    assert accepted.after == {
        "suggestion": made.pk,
        "suggested_by": editor.pk,
        "text_event": saved.pk,
    }
    made.refresh_from_db()
    assert (made.accepted_by, made.applied_event) == (member, saved)
    assert tracked_changes(cycle=kz()) == []
    with pytest.raises(CycleError, match="already accepted"):
        suggestion_accept(suggestion=made, by=member)


def test_an_editor_whose_copy_edit_was_accepted_cannot_approve_the_report(in_review):
    member, editor = in_review
    other = person("editor2", "editor")
    made = suggest(editor, TEXT.replace("2023", "2024"))
    send_back(editor)
    suggestion_accept(suggestion=made, by=member)
    assert changed_content(cycle=kz(), by=editor)
    assert not changed_content(cycle=kz(), by=other)
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=other)
    with pytest.raises(TransitionRefused, match="Nobody approves their own work"):
        cycle_transition(cycle=kz(), action="approve", by=editor)


def test_a_suggestion_on_an_older_text_is_stale_and_cannot_be_accepted(in_review):
    member, editor = in_review
    first = suggest(editor, TEXT.replace("2023", "2024"))
    second = suggest(person("editor2", "editor"), TEXT + " Fines apply.")
    send_back(editor)
    suggestion_accept(suggestion=first, by=member)
    (left,) = tracked_changes(cycle=kz())
    assert left.suggestion == second
    assert left.stale
    with pytest.raises(CycleError, match="changed since this edit was suggested"):
        suggestion_accept(suggestion=second, by=member)
    assert ReportText.objects.get(key="context").text == TEXT.replace("2023", "2024")


@pytest.mark.parametrize(
    ("who", "text", "version", "message"),
    [
        ("member", TEXT + " More.", 1, "Only an editor"),
        ("editor", TEXT, 1, "no text was changed"),
        ("editor", TEXT + " More.", 0, "was saved while you were editing"),
    ],
)
def test_bad_suggestions_are_refused_and_nothing_is_stored(in_review, who, text, version, message):
    member, editor = in_review
    with pytest.raises(CycleError, match=message):
        suggest(member if who == "member" else editor, text, version)
    assert not TextSuggestion.objects.exists()


def test_edits_are_suggested_only_during_review(people):
    member, editor = people
    sections_written(kz(), member, context=TEXT)
    with pytest.raises(CycleError, match="while the cycle is in review"):
        suggest(editor, TEXT + " More.")


def test_the_member_accepts_only_once_the_draft_is_back(in_review):
    member, editor = in_review
    made = suggest(editor, TEXT + " More.")
    with pytest.raises(CycleError):
        suggestion_accept(suggestion=made, by=member)  # still in review: the text is locked
    with pytest.raises(CycleError, match="Only the country's Network Member"):
        suggestion_accept(suggestion=made, by=editor)
    assert ReportText.objects.get(key="context").text == TEXT


def test_the_history_page_says_who_suggested_and_who_accepted(in_review, client):
    member, editor = in_review
    made = suggest(editor, TEXT.replace("2023", "2024"))
    send_back(editor)
    suggestion_accept(suggestion=made, by=member)
    client.force_login(editor)
    page = client.get("/workspace/KZ/2025/history/text/context/").content.decode()
    assert "suggested by editor, accepted by aigul" in page
    assert "changed by aigul" in page  # the first version, written by the member


def test_the_texts_page_shows_the_member_the_tracked_change_with_accept(in_review, client):
    member, editor = in_review
    suggest(editor, TEXT.replace("2023", "2024"))
    send_back(editor)
    client.force_login(member)
    page = client.get("/workspace/KZ/2025/texts/").content.decode()
    assert "<del>2023.</del><ins>2024.</ins>" in page
    assert "Edit suggested by editor" in page
    assert ">Accept</button>" in page
    assert "Discuss this edit" in page


def test_discussing_a_suggestion_opens_a_comment_on_the_changed_passage(in_review, client):
    member, editor = in_review
    made = suggest(editor, TEXT.replace("2023", "2024"))
    (change,) = tracked_changes(cycle=kz())
    client.force_login(member)
    client.post(
        "/workspace/KZ/2025/comments/",
        {"key": "context", "suggestion": made.pk, "quote": change.passage, "body": "Why 2024?"},
    )
    comment = made.comments.get()
    assert (comment.anchor, comment.quote, comment.author) == ("passage", change.passage, member)
    page = client.get("/workspace/KZ/2025/texts/").content.decode()
    assert "on the edit suggested by editor" in page
    assert f"{change.passage}</blockquote>" in page
