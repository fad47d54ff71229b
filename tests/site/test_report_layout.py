"""The report PDF's layout, measured with WeasyPrint's own layout: a real cover, the scores up
front, and no half-empty pages left behind by principle sections."""

import subprocess

import pytest
from django.core.exceptions import ImproperlyConfigured
from weasyprint import HTML

from civicspace.core.framework import load_edition
from civicspace.core.scoring import round_half_up
from civicspace.editorial.models import Snapshot
from civicspace.publishing.rendering import report_html, report_of_snapshot
from civicspace.site.branding import branding

pytestmark = pytest.mark.django_db
LEAST_FILL = 0.25  # a page, other than the last, is at least this full


def _refuse(url, *args, **kwargs):
    raise AssertionError(f"the report fetched {url}")


def _bottom(box, page_bottom):
    """The lowest edge of anything drawn in `box` (text lines, images, table rows)."""
    lowest = 0.0
    for child in getattr(box, "children", ()):
        kind = type(child).__name__
        if kind == "MarginBox":  # running heads and page numbers are on every page
            continue
        if kind in ("LineBox", "InlineReplacedBox", "BlockReplacedBox", "TableRowBox"):
            if child.height:
                lowest = max(lowest, child.position_y + child.margin_height())
        else:
            lowest = max(lowest, _bottom(child, page_bottom))
    return lowest


def page_fill(html: str) -> list[float]:
    """How full each page is: the lowest drawn content over the page's content area."""
    document = HTML(string=html, url_fetcher=_refuse, media_type="print").render()
    fills = []
    for page in document.pages:
        box = page._page_box
        top = box.content_box_y()
        height = box.height
        fills.append((_bottom(box, top + height) - top) / height)
    return fills


@pytest.fixture
def demo_report(demo):
    snapshot = Snapshot.objects.filter(cycle__country__iso2="GE", cycle__year=2025).latest(
        "revision"
    )
    return snapshot, report_html(report_of_snapshot(snapshot))


def test_no_page_but_the_last_is_less_than_a_quarter_full(demo_report):
    _, html = demo_report
    fills = page_fill(html)
    assert len(fills) > 4
    thin = [(n, round(f, 2)) for n, f in enumerate(fills[:-1], 1) if f < LEAST_FILL]
    assert not thin, f"pages less than {LEAST_FILL:.0%} full (page, fill): {thin}"


def _page_text(pdf: bytes, tmp_path, number: int) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return " ".join(out.stdout.split())


def test_the_cover_names_programme_country_and_year_and_the_scores_come_next(demo_report, tmp_path):
    snapshot, html = demo_report
    record = snapshot.record
    pdf = HTML(string=html, url_fetcher=_refuse, media_type="print").write_pdf()
    cover, second = _page_text(pdf, tmp_path, 1), _page_text(pdf, tmp_path, 2)
    programme = load_edition(record.edition).report.programme
    assert programme.upper() in cover.upper()  # set in small capitals
    assert f"{record.country.name} {record.year}" in cover
    assert "DEMO DATA" in cover
    assert "Scores at a glance" in second
    for p in record.principles:
        assert f"{p.number}. {p.name}" in second
        if p.score is not None:
            assert f"{round_half_up(p.score):.1f}" in second


def test_the_cover_carries_the_configured_logo_emblem_and_statement(demo, settings, tmp_path):
    emblem = tmp_path / "emblem.svg"
    emblem.write_text(
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<circle id="funder-mark" cx="5" cy="5" r="4"/></svg>',
        encoding="utf-8",
    )
    settings.CIVICSPACE_FUNDER_EMBLEM = str(emblem)
    settings.CIVICSPACE_FUNDER_NAME = "DEMO Funder"
    settings.CIVICSPACE_FOOTER_STATEMENT = "DEMO statement of the funder."
    snapshot = Snapshot.objects.filter(cycle__country__iso2="GE").latest("published_at")
    html = report_html(report_of_snapshot(snapshot))
    cover = html[html.index('<header class="cover">') : html.index("</header>")]
    assert 'id="funder-mark"' in cover
    assert 'aria-label="DEMO Funder"' in cover
    assert "DEMO statement of the funder." in cover


def test_a_logo_with_a_script_is_refused_with_a_clear_error(demo, settings, tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    settings.CIVICSPACE_PROGRAMME_LOGO = str(logo)
    with pytest.raises(ImproperlyConfigured, match="not a plain SVG"):
        branding()
