"""The methodology page renders the edition's Markdown and its rebasing points as a reader
expects: emphasis, not asterisks; a table, not a Python list."""

import re

import pytest

from civicspace.core.framework import load_edition
from civicspace.site.templatetags.civicspace_design import markdown

pytestmark = pytest.mark.django_db
EDITION = load_edition("eusee-2025")


@pytest.fixture
def main(client):
    response = client.get("/methodology/")
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_markdown_in_the_edition_is_rendered_not_shown(main):
    # The introduction writes *enabling environment*: it must reach the reader as emphasis.
    emphasised = re.findall(r"\*([^*\s][^*]*?)\*", EDITION.report.introduction)
    assert emphasised, "the edition's introduction has emphasis: this test relies on it"
    for phrase in emphasised:
        assert f"<em>{phrase}</em>" in main
    text = re.sub(r"<[^>]+>", " ", main)
    assert not re.search(r"\*\w", text)
    assert "[[" not in text


def test_the_rebasing_points_are_a_table_of_numbers(main):
    table = re.search(r'<table class="rebasing-points">.*?</table>', main, re.S)[0]
    body = table[table.index("<tbody>") :]
    rows = [
        re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in re.findall(r"<tr>.*?</tr>", body, re.S)
    ]
    assert rows == [[f"{s:g}", f"{t:g}"] for s, t in EDITION.civicus.rebasing_points]


def test_framework_text_cannot_inject_markup():
    html = markdown("Intro <script>alert(1)</script> and [x](javascript:alert(1)) *ok*")
    assert "<script" not in html
    assert 'href="javascript' not in html  # shown as text, never a link
    assert "<em>ok</em>" in html
