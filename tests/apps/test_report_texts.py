"""Report texts: sanitised rendering, citations, locking, audit, and the checks they feed."""

from html.parser import HTMLParser

import pytest

from civicspace.assessments.panel_services import EditConflict
from civicspace.audit.models import AuditEvent
from civicspace.core.framework import load_edition
from civicspace.editorial.models import ReportText
from civicspace.editorial.rendering import markdown_to_html
from civicspace.editorial.selectors import cycle_checks, text_keys
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from tests.apps.helpers import complete, form_data, kz, page_form_data, person

pytestmark = pytest.mark.django_db
EDITION = load_edition("eusee-2025")


class Elements(HTMLParser):
    """The real elements and attributes of an HTML fragment (escaped text does not count)."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        '<a href="https://x.org" onclick="steal()">x</a>',
        '[x](https://x.org "title")<iframe src=//evil>',
    ],
)
def test_rendering_never_lets_html_or_scripts_through(markdown):
    elements = Elements(markdown_to_html(markdown)).found
    assert {tag for tag, _ in elements} <= {"p", "a"}
    for _, attrs in elements:
        assert not any(name.startswith("on") for name in attrs)
        assert not attrs.get("href", "").startswith("javascript")


def test_records_published_before_keys_still_link_their_numbered_citations():
    html = markdown_to_html("Reported twice[^1] and once more[^5].", legacy_source_count=2)
    assert '<a href="#source-1" rel="noopener noreferrer"><sup>1</sup></a>' in html
    assert "[^5]" in html  # left visible; the checks flag it


def test_texts_are_saved_locked_and_audited(programme):
    member = person("aigul", "member", "KZ")
    texts_save(cycle=kz(), entries={"context": TextEntry("First draft.", 0)}, by=member)
    texts_save(cycle=kz(), entries={"context": TextEntry("Second draft.", 1)}, by=member)
    with pytest.raises(EditConflict) as conflict:
        texts_save(cycle=kz(), entries={"context": TextEntry("Stale edit.", 1)}, by=member)
    assert conflict.value.conflicts["context"][0] == {"text": "Second draft.", "version": 2}
    assert ReportText.objects.get(key="context").text == "Second draft."
    trail = AuditEvent.objects.filter(action="text").order_by("pk")
    assert [(e.before, e.after) for e in trail] == [
        (None, "First draft."),
        ("First draft.", "Second draft."),
    ]


def test_the_texts_page_saves_and_previews_safely(programme, client):
    client.force_login(person("aigul", "member", "KZ"))
    data = form_data(client, "/workspace/KZ/2025/texts/", "texts-form")
    assert len([name for name in data if name.endswith("-text")]) == len(text_keys(cycle=kz()))
    data["context-text"] = "Civic space **narrowed**. <script>alert('x')</script>"
    response = client.post("/workspace/KZ/2025/texts/", data, follow=True)
    page = response.content.decode()
    assert "Report texts saved." in page
    assert "<strong>narrowed</strong>" in page
    assert "<script>alert" not in page
    assert ReportText.objects.filter(cycle=kz()).count() == 1  # empty sections are not stored


def test_after_a_conflict_your_text_stays_and_saving_it_again_is_a_choice(programme, client):
    member = person("aigul", "member", "KZ")
    client.force_login(member)
    mine = form_data(client, "/workspace/KZ/2025/texts/", "texts-form")
    mine["context-text"] = "My context."
    texts_save(cycle=kz(), entries={"context": TextEntry("A colleague's context.", 0)}, by=member)
    page = client.post("/workspace/KZ/2025/texts/", mine).content.decode()
    assert "Someone else saved some of these sections" in page
    assert "A colleague&#x27;s context." in page
    assert ReportText.objects.get(key="context").text == "A colleague's context."
    shown = page_form_data(page, "texts-form")
    assert (shown["context-text"], shown["context-version"]) == ("My context.", "1")
    assert client.post("/workspace/KZ/2025/texts/", shown).status_code == 302
    assert ReportText.objects.get(key="context").text == "My context."


def test_a_text_with_a_nul_character_is_shown_again_with_an_error(programme, client):
    client.force_login(person("aigul", "member", "KZ"))
    data = form_data(client, "/workspace/KZ/2025/texts/", "texts-form")
    page = client.post("/workspace/KZ/2025/texts/", data | {"context-text": "a\x00b"})
    assert page.status_code == 200
    assert "Null characters are not allowed." in page.content.decode()
    assert not ReportText.objects.exists()


def test_another_countrys_texts_are_404(programme, client):
    client.force_login(person("aigul", "member", "KZ"))
    assert client.get("/workspace/KE/2025/texts/").status_code == 404
    assert client.post("/workspace/KE/2025/texts/", {"context-text": "x"}).status_code == 404


def test_a_complete_cycle_passes_the_checks_and_can_be_approved(programme):
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    complete(kz(), member)
    assert cycle_checks(cycle=kz()).findings == []
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=editor)
    assert cycle_transition(cycle=kz(), action="approve", by=editor).state == "approved"


def test_text_problems_surface_as_findings(programme):
    member = person("aigul", "member", "KZ")
    complete(kz(), member)
    texts_save(
        cycle=kz(),
        entries={
            "P4": TextEntry("Principle 4 scored 3.9 this year[^99].", 1),
            "rec/1": TextEntry("", 1),
        },
        by=member,
    )
    checks = {f.check for f in cycle_checks(cycle=kz()).findings}
    assert {"score-mismatch", "unknown-citation", "empty-audience"} <= checks
