"""History: every version of a section or score, with a diff between any two."""

from decimal import Decimal

import pytest

from civicspace.assessments.panel_services import DimensionEntry, principle_save
from civicspace.audit.models import AuditEvent
from civicspace.core.framework import load_edition
from civicspace.editorial.text_services import TextEntry, texts_save
from tests.apps.helpers import kz, person

pytestmark = pytest.mark.django_db


def test_any_two_versions_of_a_text_can_be_compared(programme, client):
    member = person("aigul", "member", "KZ")
    for version, text in enumerate(
        ["Line one.\nLine two.", "Line one.\nLine 2.", "Line one.\nLine 2.\nLine three."]
    ):
        texts_save(cycle=kz(), entries={"context": TextEntry(text, version)}, by=member)
    first, _, third = AuditEvent.objects.filter(action="text").order_by("pk")
    client.force_login(member)
    page = client.get(f"/workspace/KZ/2025/history/text/context/?a={first.pk}&b={third.pk}")
    html = page.content.decode()
    assert "History of the report text “Country context”" in html
    assert '<span class="diff-removed">- Line two.</span>' in html
    assert '<span class="diff-added">+ Line 2.</span>' in html
    assert '<span class="diff-added">+ Line three.</span>' in html
    assert '<span class="diff-same">  Line one.</span>' in html


def test_score_versions_show_value_and_justification_changes(programme, client):
    member = person("aigul", "member", "KZ")
    for version, (value, text) in enumerate([("2.5", "Slow."), ("3.0", "Faster now.")]):
        principle_save(
            cycle=kz(),
            principle="P4",
            entries={"4.1": DimensionEntry(Decimal(value), text, version)},
            by=member,
        )
    client.force_login(person("editor", "editor"))
    html = client.get("/workspace/KZ/2025/history/score/4.1/").content.decode()
    assert "History of the score for 4.1 " in html
    assert "- score: 2.50" in html
    assert "+ score: 3.00" in html
    assert "+   Faster now." in html


def test_history_is_404_elsewhere(programme, client):
    member = person("aigul", "member", "KZ")
    texts_save(cycle=kz(), entries={"context": TextEntry("Text.", 0)}, by=member)
    client.force_login(person("wanjiru", "member", "KE"))
    assert client.get("/workspace/KZ/2025/history/text/context/").status_code == 404
    client.force_login(member)
    assert client.get("/workspace/KZ/2025/history/text/P9/").status_code == 404
    assert client.get("/workspace/KZ/2025/history/panel/panel/").status_code == 404


def test_recommendation_sections_have_a_history_too(programme, client):
    member = person("aigul", "member", "KZ")
    texts_save(cycle=kz(), entries={"rec/2": TextEntry("Fund rapid response.", 0)}, by=member)
    client.force_login(member)
    overview = client.get("/workspace/KZ/2025/")  # links to every history page
    assert overview.status_code == 200
    audience = load_edition(kz().edition).recommendation_audiences[2]
    # The trail names the section by its heading, not its key.
    assert f"Report text recommendations, “{audience}”" in overview.content.decode()
    assert client.get("/workspace/KZ/2025/history/text/rec/2/").status_code == 200
