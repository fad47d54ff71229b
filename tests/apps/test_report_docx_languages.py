"""A published report's Word file in the reader's language, as its PDF is: the document's own
words (headings, table headers, notes) translated, the texts and sources as published; Arabic
right to left. Read back with python-docx."""

from __future__ import annotations

import io

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn

from civicspace.editorial.models import Snapshot

pytestmark = pytest.mark.django_db
OWN_WORDS = ("A. Introduction", "B. Assessment", "C. Recommendations", "Sources", "Summary")
GLANCE_HEADER = ("Principle", "Score", "Panel %(level)s interval")


def translated(language, words, **values):
    with translation.override(language):
        return [
            translation.gettext(w) % values if values else translation.gettext(w) for w in words
        ]


def latest_ge():
    return Snapshot.objects.filter(cycle__country__iso2="GE", cycle__year=2025).latest("revision")


def download(client, language):
    prefix = "" if language == "en" else f"/{language}"
    answer = client.get(f"{prefix}/reports/GE/2025/report.docx")
    assert answer.status_code == 200
    return answer, docx.Document(io.BytesIO(answer.content))


def headings(document):
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_word_file_speaks_the_page_language_and_keeps_the_published_texts(
    demo, client, language
):
    answer, document = download(client, language)
    revision = latest_ge().revision
    disposition = answer["Content-Disposition"]
    assert f'filename="civicspace-GE-2025-r{revision}-{language}.docx"' in disposition
    own = translated(language, OWN_WORDS)
    assert own != list(OWN_WORDS)  # the catalogue has them: the check below means something
    assert set(own) <= set(headings(document))
    assert not set(OWN_WORDS) & set(headings(document))
    glance = document.tables[0]
    assert [c.text for c in glance.rows[0].cells] == translated(
        language, GLANCE_HEADER, level="90%"
    )
    assert document.core_properties.language == language
    record = latest_ge().record
    body = "\n".join(p.text for p in document.paragraphs)
    for key in ("context", "P2", "2.1"):
        first_words = record.texts[key].split("[^")[0][:60]
        assert first_words in body, key
    sources = document.tables[-1]
    assert [row.cells[1].text for row in sources.rows[1:]] == [s.title for s in record.sources]


def test_the_arabic_word_file_runs_right_to_left_and_the_others_do_not(demo, client):
    _, arabic = download(client, "ar")
    paragraphs = arabic.element.body.iter(qn("w:p"))
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in paragraphs)
    assert all(t._tbl.bidiVisual_val for t in arabic.tables)
    assert arabic.sections[0]._sectPr.find(qn("w:bidi")) is not None
    header = arabic.sections[0].header.paragraphs[0]
    assert header._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
    for language in ("en", "ru"):
        _, other = download(client, language)
        assert other.element.body.find(f".//{qn('w:bidi')}") is None, language
        assert not any(t._tbl.bidiVisual_val for t in other.tables), language


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_report_page_links_the_word_file_of_its_language(demo, client, language):
    page = client.get(f"/{language}/reports/GE/2025/").content.decode()
    assert f'href="/{language}/reports/GE/2025/report.docx"' in page
    assert f'href="/{language}/reports/GE/2025/report.pdf"' in page
