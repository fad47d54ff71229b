"""Review comments: on a section, answered, resolved by editors, kept; open ones hold approval."""

import pytest

from civicspace.assessments.services import CycleError
from civicspace.core.workflow import TransitionRefused
from civicspace.editorial.comment_services import comment_add, comment_resolve
from civicspace.editorial.models import ReviewComment
from civicspace.editorial.services import cycle_transition
from tests.apps.helpers import complete, kz, person

pytestmark = pytest.mark.django_db


def test_comment_answer_resolve_and_keep(people):
    member, editor = people
    question = comment_add(cycle=kz(), key="4.1", body="Which law is meant here?", by=editor)
    comment_add(cycle=kz(), key="4.1", body="The 2023 one; fixed.", by=member, parent=question)
    with pytest.raises(CycleError, match="Only an editor can resolve"):
        comment_resolve(comment=question, by=member)
    comment_resolve(comment=question, by=editor)
    stored = ReviewComment.objects.get(pk=question.pk)
    assert stored.resolved_by == editor
    assert [a.body for a in stored.answers.all()] == ["The 2023 one; fixed."]


@pytest.mark.parametrize(
    ("key", "body", "message"),
    [("9.9", "Hm?", "not a section"), ("context", "   ", "needs some text")],
)
def test_bad_comments_are_refused(people, key, body, message):
    with pytest.raises(CycleError, match=message):
        comment_add(cycle=kz(), key=key, body=body, by=people[1])


def test_a_member_of_another_country_cannot_comment(people):
    with pytest.raises(CycleError, match="Only the consortium and the country's Network Member"):
        comment_add(cycle=kz(), key="context", body="Hi", by=person("wanjiru", "member", "KE"))


def test_open_comments_hold_approval_until_resolved(people):
    member, editor = people
    complete(kz(), member)
    question = comment_add(cycle=kz(), key="context", body="Add the period dates.", by=editor)
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=editor)
    with pytest.raises(TransitionRefused, match="1 review comment is still open"):
        cycle_transition(cycle=kz(), action="approve", by=editor)
    comment_resolve(comment=question, by=editor)
    assert cycle_transition(cycle=kz(), action="approve", by=editor).state == "approved"


def test_editors_read_the_texts_page_but_cannot_save(people, client):
    member, editor = people
    client.force_login(editor)
    page = client.get("/workspace/KZ/2025/texts/").content.decode()
    assert "readonly" in page
    assert "Save texts" not in page
    assert client.post("/workspace/KZ/2025/texts/", {"context-text": "x"}).status_code == 404
    client.post("/workspace/KZ/2025/comments/", {"key": "context", "body": "Please add dates."})
    client.force_login(member)
    page = client.get("/workspace/KZ/2025/texts/").content.decode()
    assert "Please add dates." in page
    assert "Save texts" in page


def test_comment_endpoints_are_404_for_other_countries(people, client):
    client.force_login(person("wanjiru", "member", "KE"))
    response = client.post("/workspace/KZ/2025/comments/", {"key": "context", "body": "x"})
    assert response.status_code == 404
    assert not ReviewComment.objects.exists()
