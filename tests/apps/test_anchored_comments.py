"""Comments anchored to a passage, a score or a justification; requests for changes with a
reason the member is shown."""

import pytest

from civicspace.assessments.services import CycleError
from civicspace.core.workflow import TransitionRefused
from civicspace.editorial.comment_services import comment_add
from civicspace.editorial.models import ReviewComment
from civicspace.editorial.review_selectors import comment_threads_anchored, score_comments
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from tests.apps.helpers import kz

pytestmark = pytest.mark.django_db

TEXT = "The law on NGOs was adopted in 2023.\nIt requires yearly reports."


@pytest.fixture
def written(people):
    member, editor = people
    texts_save(cycle=kz(), entries={"context": TextEntry(TEXT, 0)}, by=member)
    return member, editor


def test_a_passage_comment_keeps_its_quote_and_says_when_the_passage_changed(written):
    member, editor = written
    # Quoted across the line break, as a selection in the page gives it.
    comment_add(
        cycle=kz(),
        key="context",
        body="Which law?",
        by=editor,
        anchor="passage",
        quote="adopted in 2023. It requires",
    )
    (thread,) = comment_threads_anchored(cycle=kz())
    assert thread.comment.quote == "adopted in 2023. It requires"
    assert not thread.passage_changed
    comment_add(cycle=kz(), key="", body="The 2023 law.", by=member, parent=thread.comment)
    answers = ReviewComment.objects.get(pk=thread.comment.pk).answers.all()
    assert [(a.body, a.anchor) for a in answers] == [("The 2023 law.", "section")]
    texts_save(cycle=kz(), entries={"context": TextEntry("Rewritten entirely.", 1)}, by=member)
    (thread,) = comment_threads_anchored(cycle=kz())
    assert thread.passage_changed  # kept, and marked, never dropped


@pytest.mark.parametrize(
    ("key", "anchor", "quote", "message"),
    [
        ("context", "passage", "", "Quote the passage"),
        ("context", "passage", "not in the text", "not in this section's text"),
        ("context", "score", "", "not a dimension the panel scores"),
        ("1.1", "score", "", "not a dimension the panel scores"),  # Principle 1 is CIVICUS's
        ("context", "everything", "", "not something a comment can be about"),
    ],
)
def test_badly_anchored_comments_are_refused(written, key, anchor, quote, message):
    with pytest.raises(CycleError, match=message):
        comment_add(cycle=kz(), key=key, body="Hm?", by=written[1], anchor=anchor, quote=quote)
    assert not ReviewComment.objects.exists()


def test_comments_on_a_score_and_a_justification_show_on_the_principle_page(written, client):
    member, editor = written
    comment_add(cycle=kz(), key="2.1", body="Why a 2?", by=editor, anchor="score")
    comment_add(cycle=kz(), key="2.2", body="Cite it.", by=editor, anchor="justification")
    comment_add(cycle=kz(), key="2.1", body="On the text.", by=editor)
    assert [c.body for c in score_comments(cycle=kz(), codes=["2.1", "2.2"])] == [
        "Why a 2?",
        "Cite it.",
    ]
    client.force_login(member)
    page = client.get("/workspace/KZ/2025/P2/").content.decode()
    assert "on the score of 2.1" in page
    assert "on the justification of 2.2" in page
    assert "On the text." not in page


def test_a_comment_posted_with_a_quote_is_anchored_to_it(written, client):
    client.force_login(written[1])
    response = client.post(
        "/workspace/KZ/2025/comments/",
        {"key": "context", "quote": "It requires yearly reports.", "body": "Since when?"},
    )
    assert response["Location"].endswith("/texts/#text-context")
    comment = ReviewComment.objects.get()
    assert (comment.anchor, comment.quote) == ("passage", "It requires yearly reports.")
    page = client.get("/workspace/KZ/2025/texts/").content.decode()
    assert "It requires yearly reports.</blockquote>" in page


def test_a_quote_that_is_not_in_the_text_is_refused_with_a_message(written, client):
    client.force_login(written[1])
    page = client.post(
        "/workspace/KZ/2025/comments/",
        {"key": "context", "quote": "Something else", "body": "Hm?"},
        follow=True,
    ).content.decode()
    assert "not in this section&#x27;s text" in page
    assert not ReviewComment.objects.exists()


def test_requesting_changes_needs_a_reason_which_the_member_is_shown(written, client):
    member, editor = written
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=editor)
    with pytest.raises(TransitionRefused, match="needs a reason"):
        cycle_transition(cycle=kz(), action="request_changes", by=editor, note="  ")
    assert kz().state == "in_review"
    client.force_login(editor)
    page = client.post(
        "/workspace/KZ/2025/move/", {"action": "request_changes", "note": ""}, follow=True
    ).content.decode()
    assert "needs a reason" in page
    assert kz().state == "in_review"
    assert "Reason for requesting changes" in page
    client.post(
        "/workspace/KZ/2025/move/",
        {"action": "request_changes", "note": "Date the law in section 2.1."},
    )
    assert kz().state == "changes_requested"
    client.force_login(member)
    for url in ("/workspace/KZ/2025/", "/workspace/KZ/2025/texts/"):
        page = client.get(url).content.decode()
        assert "Changes requested by editor on" in page
        assert "Date the law in section 2.1." in page
