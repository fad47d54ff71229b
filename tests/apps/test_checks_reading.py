"""The checks that read dates, laws, names and the panel's scores, through the real services:
what a member writes or saves surfaces on the overview, and errors hold approval back."""

from decimal import Decimal

import pytest

from civicspace.assessments.panel_services import (
    DimensionEntry,
    panel_get_or_create,
    panelist_add,
    principle_save,
)
from civicspace.assessments.services import SourceInput
from civicspace.core.workflow import TransitionRefused
from civicspace.editorial.selectors import cycle_checks, cycle_sources
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from tests.apps.helpers import complete, kz, person

pytestmark = pytest.mark.django_db


def findings(check):
    return [f for f in cycle_checks(cycle=kz()).findings if f.check == check]


def in_review(member, editor):
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=editor)


def written(member, **texts):
    """A complete draft whose sections `texts` (key=text) are then rewritten."""
    complete(kz(), member)
    entries = {k: TextEntry(t, 1) for k, t in texts.items()}
    shown = [s.key for s in cycle_sources(cycle=kz())]  # [^1] as typed on the texts page
    texts_save(cycle=kz(), entries=entries, shown_keys=shown, by=member)


def test_a_late_date_in_russian_is_a_warning_on_the_overview_that_does_not_hold_approval(
    programme, client
):
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    written(member, context="Реестр некоммерческих организаций закрыли в конце 2025 года[^1].")
    [finding] = findings("date-after-period")
    assert "в конце 2025 года" in str(finding.message)
    client.force_login(member)
    page = client.get("/workspace/KZ/2025/").content.decode()
    assert "в конце 2025 года" in page
    in_review(member, editor)
    assert cycle_transition(cycle=kz(), action="approve", by=editor).state == "approved"


def test_a_law_dated_twice_across_sections_holds_approval(programme):
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    written(
        member,
        context="By the end of 2024 the country had adopted the Law on Peaceful Assembly[^1].",
        **{"1.2": "In 2025 the Law on Peaceful Assembly was adopted after long debate[^1]."},
    )
    [finding] = findings("inconsistent-year")
    assert "2024 (context:" in str(finding.message)
    assert "2025 (1.2:" in str(finding.message)
    assert [f.check for f in cycle_checks(cycle=kz()).errors] == ["inconsistent-year"]
    in_review(member, editor)
    with pytest.raises(TransitionRefused):
        cycle_transition(cycle=kz(), action="approve", by=editor)


def test_a_table_of_contents_naming_a_dimension_off_the_edition_is_a_warning(programme, client):
    member = person("aigul", "member", "KZ")
    written(
        member,
        context="Contents\n1.1 Freedom of Association\n1.2 Freedom of Assembly\n\nText[^1].",
    )
    [finding] = findings("heading-name")
    assert "Freedom of Peaceful Assembly" in str(finding.message)
    client.force_login(member)
    assert "Freedom of Peaceful Assembly" in client.get("/workspace/KZ/2025/").content.decode()


def _panel_agrees(justification):
    """Principle 4 saved as the panel page does: four panelists, an agreed 4.1 above them all."""
    panel = panel_get_or_create(cycle=kz())
    for code in ("P01", "P02", "P03", "P04"):
        if not panel.panelists.filter(code=code).exists():
            panelist_add(panel=panel, code=code)
    version = kz().scores.get(dimension="4.1").version
    scores = {"P01": Decimal(2), "P02": Decimal(3), "P03": Decimal("2.5"), "P04": Decimal(3)}
    principle_save(
        cycle=kz(),
        principle="P4",
        entries={
            "4.1": DimensionEntry(
                agreed=Decimal("3.4"),
                justification=justification,
                version=version,
                sources=[SourceInput("Report on 4.1", "https://www.icnl.org/", None)],
                panelist_scores=scores,
            )
        },
    )


def test_an_agreed_score_outside_the_panelists_scores_needs_its_reason(programme):
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    complete(kz(), member)
    _panel_agrees("Requests for information go unanswered.")
    [finding] = findings("outside-panel-range")
    assert (finding.place, str(finding.message)[:60]) == (
        "4.1",
        "the agreed score 3.4 lies outside the panelists' own scores ",
    )
    _panel_agrees(
        "Requests go unanswered. The panel agreed on 3.4 because a new law took effect after"
        " its members had scored."
    )
    assert findings("outside-panel-range") == []
    in_review(member, editor)
    assert cycle_transition(cycle=kz(), action="approve", by=editor).state == "approved"
