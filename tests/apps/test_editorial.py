"""Audit trail, the edit lock after submission, and moving a cycle through review."""

from decimal import Decimal

import pytest

from civicspace.assessments.models import DimensionScore
from civicspace.assessments.panel_services import (
    DimensionEntry,
    panel_get_or_create,
    panelist_add,
    principle_save,
)
from civicspace.assessments.services import CycleError, scores_import
from civicspace.audit.models import AuditEvent
from civicspace.core.workflow import TransitionRefused
from civicspace.editorial.services import cycle_transition
from tests.apps.helpers import kz, person, sections_written

pytestmark = pytest.mark.django_db


def entry(agreed, text, version=0, **panelists):
    scores = {k: Decimal(str(v)) for k, v in panelists.items()}
    return DimensionEntry(Decimal(str(agreed)), text, version, panelist_scores=scores)


def test_every_content_change_is_audited_with_who_and_what(programme):
    member = person("aigul", "member", "KZ")
    panel = panel_get_or_create(cycle=kz())
    panelist_add(panel=panel, code="P01", sector="media", name="Real Name", by=member)
    principle_save(
        cycle=kz(), principle="P4", entries={"4.1": entry(2.5, "First.", P01=2)}, by=member
    )
    principle_save(
        cycle=kz(), principle="P4", entries={"4.1": entry(3.0, "Second.", version=1)}, by=member
    )
    events = list(AuditEvent.objects.filter(cycle=kz()).order_by("pk"))
    assert [(e.action, e.target) for e in events] == [
        ("panelist", "P01"),
        ("score", "4.1"),
        ("panelist-scores", "4.1"),
        ("score", "4.1"),
    ]
    assert all(e.actor == member for e in events)
    assert "Real Name" not in str([e.after for e in events])  # names never enter the trail
    last = events[-1]
    assert (last.before["value"], last.after["value"]) == ("2.50", "3.00")
    assert (last.before["justification"], last.after["justification"]) == ("First.", "Second.")


def test_an_unchanged_save_adds_nothing_to_the_trail(programme):
    principle_save(cycle=kz(), principle="P4", entries={"4.1": entry(2.5, "Same.")})
    count = AuditEvent.objects.count()
    principle_save(cycle=kz(), principle="P4", entries={"4.1": entry(2.5, "Same.", version=1)})
    assert AuditEvent.objects.count() == count


def test_command_line_imports_are_audited_without_a_user(programme, write_csv):
    scores_import(path=write_csv("country,year,dimension,score,justification\nKZ,2025,4.1,3,x\n"))
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.after["value"]) == (None, "score", "3.00")


def test_a_submitted_cycle_cannot_be_changed(programme, write_csv):
    member = person("aigul", "member", "KZ")
    sections_written(kz(), member)
    cycle_transition(cycle=kz(), action="submit", by=member)
    with pytest.raises(CycleError, match="is submitted: its content can change again only if"):
        principle_save(cycle=kz(), principle="P4", entries={"4.1": entry(2.5, "Late.")}, by=member)
    with pytest.raises(CycleError, match="submitted"):
        panelist_add(panel=panel_get_or_create(cycle=kz()), code="P09", by=member)
    with pytest.raises(CycleError, match="submitted"):
        scores_import(path=write_csv("country,year,dimension,score\nKZ,2025,4.1,3\n"))
    assert not DimensionScore.objects.exists()


def test_the_review_round_trip(programme):
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    principle_save(cycle=kz(), principle="P4", entries={"4.1": entry(2.5, "Why.")}, by=member)
    with pytest.raises(TransitionRefused, match="25 sections of the report are still empty"):
        cycle_transition(cycle=kz(), action="submit", by=member)
    assert kz().state == "draft"
    sections_written(kz(), member)
    for action, by, state in (
        ("submit", member, "submitted"),
        ("start_review", editor, "in_review"),
        ("request_changes", editor, "changes_requested"),
    ):
        note = "Name the law." if action == "request_changes" else ""
        assert cycle_transition(cycle=kz(), action=action, by=by, note=note).state == state
    principle_save(
        cycle=kz(), principle="P4", entries={"4.1": entry(2.6, "Fixed.", version=1)}, by=member
    )
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=editor)
    states = AuditEvent.objects.filter(action="state").values_list("target", flat=True)
    assert list(states) == ["submit", "start_review", "request_changes", "submit", "start_review"]
    # Approval waits for the editorial checks: this draft still lacks most scores and texts.
    with pytest.raises(TransitionRefused, match=r"\d+ editorial errors must be fixed first"):
        cycle_transition(cycle=kz(), action="approve", by=editor)
    assert kz().state == "in_review"


def test_an_editor_who_changed_the_content_cannot_approve_it(programme):
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    principle_save(
        cycle=kz(), principle="P4", entries={"4.1": entry(2.5, "Editor's own.")}, by=editor
    )
    sections_written(kz(), member)
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=editor)
    with pytest.raises(TransitionRefused, match="Nobody approves their own work"):
        cycle_transition(cycle=kz(), action="approve", by=editor)
    second = person("second", "editor")  # not an author: refused only for the open errors
    with pytest.raises(TransitionRefused, match="editorial errors must be fixed first"):
        cycle_transition(cycle=kz(), action="approve", by=second)


def test_a_member_of_another_country_cannot_move_the_cycle(programme):
    with pytest.raises(
        TransitionRefused, match=r"Only the country.s Network Member can “Submit for review”"
    ):
        cycle_transition(cycle=kz(), action="submit", by=person("wanjiru", "member", "KE"))


def test_pages_show_the_state_actions_and_checks_and_move_the_cycle(programme, client):
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    client.force_login(member)
    page = client.get("/workspace/KZ/2025/").content.decode()
    assert "Review state: <strong>draft</strong>" in page
    assert 'value="submit"' in page
    assert "P2 Supportive Legal and Regulatory Framework has no score" in page  # a check finding
    client.post("/workspace/KZ/2025/move/", {"action": "submit"})
    assert kz().state == "draft"
    assert (
        "sections of the report are still empty"
        in client.get("/workspace/KZ/2025/").content.decode()
    )
    sections_written(kz(), member)
    client.post("/workspace/KZ/2025/move/", {"action": "submit"})
    assert kz().state == "submitted"
    page = client.get("/workspace/KZ/2025/").content.decode()
    assert "Review state: <strong>submitted</strong>" in page
    assert "Review: Submit for review" in page  # the audit trail, worded from its codes
    assert "Read-only: editing is for the country's Network Member" in page  # submitted: read
    assert client.post("/workspace/KE/2025/move/", {"action": "submit"}).status_code == 404
    client.force_login(editor)
    client.post("/workspace/KZ/2025/move/", {"action": "start_review"})
    page = client.post("/workspace/KZ/2025/move/", {"action": "approve"}, follow=True)
    assert "editorial errors must be fixed first" in page.content.decode()
    assert kz().state == "in_review"
