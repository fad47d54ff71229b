"""The Country Focus Report page: every part, from the snapshot or the draft, and who sees it."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from civicspace.assessments.models import Cycle, PanelistScore, PanelStatistics
from civicspace.assessments.panel_services import (
    panel_get_or_create,
    panel_statistics_refresh,
    panelist_add,
)
from civicspace.assessments.services import cycle_create
from civicspace.core.framework import load_edition
from civicspace.editorial.models import Snapshot
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.indicators.services import civicus_rating_record
from tests.apps.helpers import complete, kz, person, publish

pytestmark = pytest.mark.django_db
EDITION = load_edition("eusee-2025")


class _Text(HTMLParser):
    """The words of a page as a reader sees them (tags dropped, <style> skipped)."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], False

    def handle_starttag(self, tag, attrs):
        self.skip = tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skip = False

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def words(html):
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def heading(principle):
    return EDITION.principle_heading.format(number=principle.number, name=principle.name)


def test_the_published_report_has_every_part_and_every_stored_score(people, client):
    member, editor = people
    complete(kz(), member)
    publish(member, editor)
    record = Snapshot.objects.get().record
    page = words(client.get("/reports/KZ/2025/").content.decode())
    for part in (
        "A. Introduction",
        "The six principles",
        "Country context",
        "B. Assessment",
        "C. Recommendations",
        "D. Research process",
        "Sources",
        "Contents",
    ):
        assert part in page, part
    for principle in EDITION.principles:
        assert principle.description in page
        assert page.count(heading(principle)) >= 2  # in the contents and as a heading
    for p in record.principles:
        assert f"Score {p.score:.1f} ({p.label})" in page
    for audience in EDITION.recommendation_audiences:
        assert audience in page
    assert "Source: CIVICUS Monitor rating published 4 December 2024, 30/100 (repressed)" in page
    assert "Reporting period 2024-08-01 to 2025-08-31" in page
    assert "European Union funds" in page  # the edition's funding statement
    assert "Revision 1, published" in page
    assert "DRAFT" not in page


def test_the_page_shows_the_panels_intervals_as_stored(people, client):
    member, editor = people
    complete(kz(), member)
    panel = panel_get_or_create(cycle=kz())
    codes = list(EDITION.panel_dimensions)
    for i, value in enumerate(("2.0", "2.5", "3.5")):
        panelist = panelist_add(panel=panel, code=f"P{i}", by=member)
        for code in codes:
            PanelistScore.objects.create(panelist=panelist, dimension=code, value=Decimal(value))
    panel_statistics_refresh(cycle=kz())
    publish(member, editor)
    stats = PanelStatistics.objects.get(cycle=kz())
    page = words(client.get("/reports/KZ/2025/").content.decode())
    for code, figures in stats.figures["principles"].items():
        lo, hi = figures["interval"]
        number = EDITION.principle(code).number
        assert f"{number}. {EDITION.principle(code).name} 2.5 partially enabling" in page
        assert f"panel 90% interval {lo:.1f} to {hi:.1f}" in page


def test_a_missing_score_is_said_not_left_blank(people, client):
    member, _ = people
    client.force_login(member)
    page = words(client.get("/workspace/KZ/2025/report/").content.decode())
    assert "No score: no CIVICUS Monitor rating is on file for this reporting period." in page
    assert "No score: dimension(s) 2.1, 2.2, 2.3 not scored yet." in page
    assert page.count("Not scored.") == len(EDITION.panel_dimensions)
    assert "No country context written yet." in page


def test_a_draft_report_is_watermarked_and_shown_only_to_its_countrys_readers(people, client):
    member, editor = people
    complete(kz(), member)
    assert client.get("/workspace/KZ/2025/report/").status_code == 302  # to the sign-in page
    client.force_login(member)
    response = client.get("/workspace/KZ/2025/report/")
    html = response.content.decode()
    assert '<div class="watermark" aria-hidden="true">DRAFT</div>' in html
    assert "DRAFT · not for publication" in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    client.force_login(person("amina", "member", "KE"))
    assert client.get("/workspace/KZ/2025/report/").status_code == 404
    assert client.get("/workspace/KZ/2025/report.pdf").status_code == 404
    client.force_login(editor)
    assert client.get("/workspace/KZ/2025/report/").status_code == 200
    assert client.get("/reports/KZ/2025/").status_code == 404  # never public before publication


def test_the_published_page_never_shows_a_later_draft(people, client):
    member, editor = people
    complete(kz(), member)
    publish(member, editor)
    cycle_transition(cycle=kz(), action="reopen", by=editor, note="Context to be updated.")
    texts_save(cycle=kz(), entries={"context": TextEntry("Unpublished new context.", 1)}, by=member)
    assert "Unpublished new context." not in client.get("/reports/KZ/2025/").content.decode()
    client.force_login(member)
    assert "Unpublished new context." in client.get("/workspace/KZ/2025/report/").content.decode()


def test_user_text_is_sanitised_in_the_report(people, client):
    member, _ = people
    complete(kz(), member)
    texts_save(
        cycle=kz(),
        entries={
            "context": TextEntry(
                '<script>alert("x")</script> [click](javascript:alert(1))'
                " <img src=x onerror=alert(1)>",
                1,
            )
        },
        by=member,
    )
    client.force_login(member)
    html = client.get("/workspace/KZ/2025/report/").content.decode()
    assert "<script" not in html
    assert 'href="javascript:' not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


def test_right_to_left_paragraphs_are_marked_for_the_pdf_and_the_browser(people, client):
    member, _ = people
    complete(kz(), member)
    texts_save(
        cycle=kz(),
        entries={"context": TextEntry("Слышащее государство.\n\nالمرسوم عدد 88 لسنة 2011", 1)},
        by=member,
    )
    client.force_login(member)
    html = client.get("/workspace/KZ/2025/report/").content.decode()
    assert "<p>Слышащее государство.</p>" in html
    assert '<p dir="rtl">المرسوم عدد 88 لسنة 2011</p>' in html


def test_the_change_since_the_last_published_year_is_drawn_from_both_snapshots(people, client):
    member, editor = people
    complete(kz(), member)
    earlier = cycle_create(
        country=kz().country,
        year=2024,
        period_start=date(2023, 8, 1),
        period_end=date(2024, 7, 31),
        panel_date=date(2024, 9, 18),
    )
    complete(earlier, member)
    civicus_rating_record(
        country=earlier.country, published_on=date(2023, 12, 5), score=Decimal(31)
    )
    publish(member, editor, cycle=Cycle.objects.get(pk=earlier.pk))
    publish(member, editor)
    before = Snapshot.objects.get(cycle=earlier).record
    after = Snapshot.objects.get(cycle=kz()).record
    page = words(client.get("/reports/KZ/2025/").content.decode())
    assert "Change from 2024 to 2025" in page
    for old, new in zip(before.principles, after.principles, strict=True):
        if old.score is not None and new.score is not None:
            delta = round(new.score - old.score, 1)
            change = "no change" if delta == 0 else f"{delta:+.1f}"
            assert f"{old.score:.1f} → {new.score:.1f} ({change})" in page
    assert "Change from" not in words(client.get("/reports/KZ/2024/").content.decode())


def test_published_pdfs_are_served_and_drafts_are_private(people, client):
    member, editor = people
    complete(kz(), member)
    assert client.get("/reports/KZ/2025/report.pdf").status_code == 404
    publish(member, editor)
    response = client.get("/reports/KZ/2025/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="civicspace-KZ-2025-r1.pdf"' in response["Content-Disposition"]
    assert client.get("/reports/KZ/2025/revisions/1/report.pdf").content == response.content
    assert 'href="/reports/KZ/2025/report.pdf"' in client.get("/reports/KZ/2025/").content.decode()
    client.force_login(member)
    draft = client.get("/workspace/KZ/2025/report.pdf")
    assert draft.content.startswith(b"%PDF-")
    assert "no-store" in draft["Cache-Control"]
    assert 'filename="civicspace-KZ-2025-DRAFT.pdf"' in draft["Content-Disposition"]
