"""The report PDF read back with poppler (pdftotext, pdffonts, pdftoppm) and looked at as pixels."""

import logging
import re
import subprocess

import numpy as np
import pytest
from PIL import Image

from civicspace.assessments.models import Source
from civicspace.core.framework import load_edition
from civicspace.editorial.models import Snapshot
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.publishing import pdfs
from civicspace.publishing.pdfs import snapshot_pdf
from civicspace.publishing.rendering import (
    report_html,
    report_of_draft,
    report_of_snapshot,
    report_pdf,
)
from tests.apps.helpers import complete, kz, publish

pytestmark = pytest.mark.django_db
EDITION = load_edition("eusee-2025")
A4_WIDTH = 595.28  # points
MARGIN = 18 / 25.4 * 72  # the stylesheet's 18 mm side margins, in points

RUSSIAN = "Закон «Об общественных объединениях» и «слышащее государство»"
ARABIC = "المرسوم عدد 88 لسنة 2011 المتعلق بتنظيم الجمعيات"
LONG_URL = "https://www.example-ministry.gov.kz/" + "documents/" * 12 + "decree-2025.pdf"
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def pdftotext(path, *options):
    out = subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.translate(BIDI_CONTROLS)


def pages(path):
    """Each page's text, with line-end hyphenation undone and whitespace collapsed."""
    text = re.sub(r"(\w)-\n([a-z])", r"\1\2", pdftotext(path))
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


@pytest.fixture
def published(people, tmp_path):
    """Kazakhstan 2025 published, with Cyrillic and Arabic text and a very long source address;
    returns its published record and the path of its PDF."""
    member, editor = people
    complete(kz(), member)
    Source.objects.filter(score__cycle=kz(), score__dimension="2.1").update(url=LONG_URL)
    texts_save(
        cycle=kz(),
        entries={
            "context": TextEntry(f"{RUSSIAN}.\n\n{ARABIC}\n\nContext, cited[^report-2-1-2025].", 1)
        },
        by=member,
    )
    publish(member, editor)
    snapshot = Snapshot.objects.get()
    path = tmp_path / "report.pdf"
    path.write_bytes(snapshot_pdf(snapshot))
    return snapshot.record, path


def test_the_pdf_has_every_heading_every_stored_score_and_the_civicus_note(published):
    record, path = published
    text = " ".join(pages(path))
    expected = [
        "Contents",
        "A. Introduction",
        "The six principles",
        "Country context",
        "B. Assessment",
        "C. Recommendations",
        "D. Research process",
        "Sources",
        *EDITION.recommendation_audiences,
        *(
            EDITION.principle_heading.format(number=p.number, name=p.name)
            for p in EDITION.principles
        ),
        *(
            EDITION.dimension_heading.format(code=d.code, name=d.name)
            for d in EDITION.panel_dimensions.values()
        ),
    ]
    missing = [heading for heading in expected if heading not in text]
    assert not missing
    for principle in record.principles:
        assert f"Score {principle.score:.1f} ({principle.label})" in text
    assert "Source: CIVICUS Monitor rating published 4 December 2024, 30/100 (repressed)" in text
    assert "European Union funds" in text
    assert "DRAFT" not in text


def test_the_contents_give_the_page_each_part_starts_on(published):
    _, path = published
    layout = pdftotext(path, "-layout").split("\f")
    entries = re.findall(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$", layout[1], flags=re.MULTILINE)
    assert len(entries) >= 6 + 5  # six principles and the parts around them
    text = pages(path)
    for title, number in entries:
        page = text[int(number) - 1]
        # The heading is on its page, not only in the running header or the contents.
        assert title in page.replace("Country Focus Report · Kazakhstan 2025", ""), (title, number)


def test_a_draft_says_draft_on_every_page_and_a_published_report_on_none(published, tmp_path):
    _, path = published
    assert all("DRAFT" not in page for page in pages(path))
    draft = tmp_path / "draft.pdf"
    draft.write_bytes(report_pdf(report_html(report_of_draft(kz()), state="published")))
    draft_pages = pages(draft)
    assert len(draft_pages) > 5
    assert all("DRAFT" in page for page in draft_pages)


def test_cyrillic_and_arabic_are_set_in_fonts_that_have_them(published):
    _, path = published
    text = " ".join(pages(path))
    assert RUSSIAN in text
    for word in ARABIC.split():
        assert word in text, word
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert "NotoNaskhArabic" in fonts.stdout.replace("-", "")
    assert all(line.split()[-5] == "yes" for line in fonts.stdout.splitlines()[2:])  # embedded


def test_no_text_runs_past_the_margins(published):
    """A clipped table or an unbreakable address would put words beyond the page's text area."""
    _, path = published
    layout = pdftotext(path, "-bbox")
    assert LONG_URL[:30] in layout.replace("&amp;", "&")
    boxes = [
        (float(x0), float(x1))
        for x0, x1 in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', layout)
    ]
    assert len(boxes) > 500
    outside = [b for b in boxes if b[0] < MARGIN - 1 or b[1] > A4_WIDTH - MARGIN + 1]
    assert not outside


def test_a_page_rendered_to_an_image_shows_the_charts_in_the_band_colours(published, tmp_path):
    _, path = published
    number = next(
        i
        for i, page in enumerate(pages(path), 1)
        if page.startswith("Country Focus Report · Kazakhstan 2025 B. Assessment")
    )
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            str(number),
            "-l",
            str(number),
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    [png] = tmp_path.glob("page*.png")
    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=int).reshape(-1, 3)
    inked = (pixels.sum(axis=1) < 600).mean()
    assert inked > 0.02  # not blank
    # Every panel score of this cycle is 2.5, "partially enabling": the third band's colour.
    teal = np.array([0x21, 0x91, 0x8C])
    near = (np.abs(pixels - teal).max(axis=1) < 12).sum()
    assert near > 200


class _Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_typesetting_the_report_warns_of_nothing(published):
    """WeasyPrint warns of every CSS declaration it cannot take (it once ignored the screen-only
    `clip` of visually hidden text): the print stylesheet is one it reads whole."""
    kept, logger = _Kept(), logging.getLogger("weasyprint")
    logger.addHandler(kept)
    try:
        report_pdf(report_html(report_of_snapshot(Snapshot.objects.get())))
    finally:
        logger.removeHandler(kept)
    assert [r.getMessage() for r in kept.records] == []


def test_a_published_pdf_is_made_once_then_served_from_storage(published, people, monkeypatch):
    member, editor = people
    _, path = published
    made = []

    def render(html):
        made.append(html)
        return b"%PDF-1.7 new"

    monkeypatch.setattr(pdfs, "report_pdf", render)
    assert pdfs.snapshot_pdf(Snapshot.objects.get()) == path.read_bytes()
    assert made == []
    cycle_transition(cycle=kz(), action="reopen", by=editor, note="A corrected context.")
    publish(member, editor)  # a new revision is a new document
    assert pdfs.snapshot_pdf(Snapshot.objects.get(revision=2)) == b"%PDF-1.7 new"
    assert len(made) == 1
    assert "A corrected context." in made[0]
