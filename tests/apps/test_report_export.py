"""Reports as Word files: exported from any draft or published revision, and read back by the
report importer to the same texts, scores and sources (docs/report-import.md, "Export and the
round trip"); drafts only for those who may read them."""

from __future__ import annotations

import io
import itertools
import re
import zlib
from decimal import Decimal

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicspace.assessments.models import Cycle
from civicspace.assessments.services import score_record
from civicspace.cli import main
from civicspace.core.citations import (
    Citable,
    cited_keys,
    source_identity,
)
from civicspace.core.framework import load_edition
from civicspace.core.record import PublishedRecord
from civicspace.demo.reports import demo_editor, demo_member
from civicspace.editorial.import_services import report_import
from civicspace.editorial.models import ReportText, Snapshot
from civicspace.editorial.selectors import cycle_sources, text_keys
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.imports.report_document import ReportDocument, report_document_read
from civicspace.publishing.docx_export import report_docx
from civicspace.publishing.rendering import report_of_draft, report_of_snapshot
from tests.apps.helpers import docx_text, person

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SECRET = "UNPUBLISHED-DOCX-7c1e"


def read_back(data: bytes, record: PublishedRecord) -> ReportDocument:
    return report_document_read(data=data, name="report.docx", edition=load_edition(record.edition))


def identity(title: str, url: str) -> tuple[str, str]:
    return source_identity(Citable("", title, url))


def record_text(record: PublishedRecord, key: str) -> str:
    """A section as the report numbers its citations: [^key] as [^n], n the source's number."""
    number = {k: s.number for s in record.sources for k in s.keys}
    legacy = not any(s.keys for s in record.sources)
    return re.sub(
        r"\[\^([^\]\s]+)\]",
        lambda m: m[0] if legacy else f"[^{number[m[1]]}]",
        record.texts.get(key, ""),
    )


def document_text(document: ReportDocument, record: PublishedRecord, key: str) -> str:
    """A section read back, its citations as the report's numbers of the same sources."""
    number = {identity(s.title, s.url): s.number for s in record.sources}
    by_document = {s.number: number[identity(s.title, s.url)] for s in document.sources}
    return re.sub(
        r"\[\^(\d+)\]", lambda m: f"[^{by_document[int(m[1])]}]", document.sections.get(key, "")
    )


def published_scores(record: PublishedRecord) -> dict[str, Decimal]:
    scores = {p.code: p.score for p in record.principles}
    scores |= {d.code: d.score for p in record.principles if not p.is_civicus for d in p.dimensions}
    return {code: Decimal(str(score)) for code, score in scores.items() if score is not None}


def assert_round_trip(record: PublishedRecord, data: bytes) -> None:
    """Texts, scores and sources read back from `data` are the record's."""
    document = read_back(data, record)
    for key in record.texts:
        if key != "research":  # written from the cycle's data, never imported
            assert document_text(document, record, key) == record_text(record, key), key
    assert {s.code: s.value for s in document.scores} == published_scores(record)
    assert not document.suggestions
    cited = [s for s in record.sources if s.cited]
    # Numbered by first use, like the report: the document's n-th source is the report's n-th.
    assert [(s.number, identity(s.title, s.url)) for s in document.sources] == [
        (s.number, identity(s.title, s.url)) for s in cited
    ]
    start, end = record.reporting_period.start, record.reporting_period.end
    assert document.period == (start, end)


def test_every_published_revision_of_the_demo_comes_back_the_same(demo):
    snapshots = list(Snapshot.objects.select_related("cycle__country"))
    assert len(snapshots) > 5
    for snapshot in snapshots:
        assert_round_trip(snapshot.record, report_docx(report_of_snapshot(snapshot)))


def test_every_draft_of_the_demo_comes_back_the_same(demo):
    cycles = list(Cycle.objects.select_related("country"))
    for cycle in cycles:
        report = report_of_draft(cycle)
        assert_round_trip(report.record, report_docx(report, state="draft"))


def test_importing_the_exported_draft_into_its_cycle_changes_nothing(demo):
    """The draft written back into itself: every text, score and source unchanged."""
    cycle = Cycle.objects.get(country__iso2="KZ", year=2025)
    texts = dict(ReportText.objects.filter(cycle=cycle).values_list("key", "text"))
    assert any(cited_keys(t) for t in texts.values())
    sources = [(s.key, s.title, s.url) for s in cycle_sources(cycle=cycle)]
    report = report_of_draft(cycle)
    document = read_back(report_docx(report, state="draft"), report.record)
    outcome = report_import(cycle=cycle, document=document)
    assert outcome.changes == []
    assert sorted(outcome.unchanged) == sorted(k for k, t in texts.items() if t)
    assert {result for _, _, result in outcome.scores} == {"unchanged"}
    for code, stated, computed in outcome.principles:
        assert computed is not None, code
        assert abs(float(stated) - computed) < 0.05, code
    assert [(s.key, s.title, s.url) for s in cycle_sources(cycle=cycle)] == sources
    assert dict(ReportText.objects.filter(cycle=cycle).values_list("key", "text")) == texts


def footnote_marks(data: bytes) -> list[list[str]]:
    """Per paragraph of the body, what its footnote references print, in order ("," apart)."""
    with io.BytesIO(data) as handle:
        body = docx.Document(handle).element.body
    marks = []
    for paragraph in body.iter(f"{W}p"):
        printed = []
        for run in paragraph.iter(f"{W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            if run.find(f"{W}footnoteReference") is not None:
                printed.append(text)
            elif printed and text == ",":
                printed.append(",")
            elif printed and text.strip():
                printed.append("|")
        if printed:
            marks.append(printed)
    return marks


def test_footnotes_carry_the_reports_numbers_in_order_of_first_use_and_never_run_together(demo):
    cycle = Cycle.objects.get(country__iso2="KZ", year=2025)
    report = report_of_draft(cycle)
    marks = footnote_marks(report_docx(report))
    numbers = [int(m) for group in marks for m in group if m.isdigit()]
    first_use = list(dict.fromkeys(numbers))
    assert first_use == sorted(first_use) == [s.number for s in report.record.sources if s.cited]
    assert len(numbers) > len(first_use)  # a source cited twice keeps its one number
    for group in marks:
        for before, after in itertools.pairwise(group):
            assert not (before.isdigit() and after.isdigit()), group  # "1,2", never "12"


def test_a_draft_says_draft_and_a_published_revision_does_not(demo):
    snapshot = Snapshot.objects.select_related("cycle__country").latest("id")
    cycle = snapshot.cycle
    for data, draft in (
        (report_docx(report_of_draft(cycle), state="draft"), True),
        (report_docx(report_of_snapshot(snapshot)), False),
    ):
        document = docx.Document(io.BytesIO(data))
        header = document.sections[0].header.paragraphs[0].text
        assert ("DRAFT" in header) is draft
        props = document.core_properties
        assert props.language == "en"
        assert cycle.country.name in props.title
        assert str(cycle.year) in props.title
        assert ("DRAFT" in props.title) is draft
        styles = {p.style.name for p in document.paragraphs}
        assert {"Heading 1", "Heading 2", "Heading 3", "Title"} <= styles
        assert len(document.tables) > 6  # scores at a glance, each principle's, sources


# Generated texts: headings, paragraphs, nested lists, emphasis, links and citations (footnote
# and inline), Latin and Cyrillic ---------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдежзиклмнопрстуфхцчшыэюяё"
WORD = st.text(alphabet=LETTERS, min_size=1, max_size=9)
PHRASE = st.lists(WORD, min_size=1, max_size=3).map(" ".join)


@st.composite
def section_text(draw, keys: list[str], links: bool, every: bool) -> str:
    """Markdown a member might write: sub-headings (levels 4-6), sentences with emphasis,
    quotes, links (where no score would take them as its sources), citations as footnotes and
    as linked phrases, bulleted and numbered lists nested up to three deep, and several
    numbered lists in one text. With `every`, each of these is there at least once."""

    def sentence(inline: bool = False) -> str:
        pieces = []
        for n in range(draw(st.integers(1, 6))):
            kinds = ["word", "word", "em", "strong", "quote", "link", "inline"]
            kind = "inline" if inline and n == 0 else draw(st.sampled_from(kinds))
            phrase = draw(PHRASE)
            if kind == "em":
                phrase = f"*{phrase}*"
            elif kind == "strong":
                phrase = f"**{phrase}**"
            elif kind == "quote":
                phrase = f"«{phrase}»"
            elif kind == "link" and links:
                phrase = f"[{phrase}](https://example.net/l{zlib.crc32(phrase.encode())})"
            elif kind == "inline" and keys:
                phrase = f"[{phrase}](^{draw(st.sampled_from(keys))})"
            pieces.append(phrase)
        pieces.append(draw(PHRASE))  # a citation's footnote mark never touches the next one's
        text = " ".join(pieces)
        text = text[0].upper() + text[1:] + "."
        if keys and draw(st.booleans()):
            cited = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True))
            text += " " + "".join(f"[^{k}]" for k in cited)
        return text

    def items(shape: str, depth: int, indent: int, nested: bool) -> list[str]:
        lines = []
        for n in range(1, draw(st.integers(2, 4)) + 1):
            marker = "-" if shape == "bullets" else f"{n}."
            lines.append(f"{' ' * indent}{marker} {sentence()}")
            if depth < 3 and ((nested and n == 1) or draw(st.integers(0, 3)) == 0):
                inner = draw(st.sampled_from(["bullets", "numbers"]))
                lines += items(inner, depth + 1, indent + len(marker) + 1, False)
        return lines

    shapes = ["none", "bullets", "numbers"]
    count = draw(st.integers(3 if every else 1, 4))
    blocks = []
    for n in range(count):  # a paragraph between two lists: Markdown would make them one
        if (every and n == 0) or draw(st.integers(0, 3)) == 0:
            blocks.append(f"{'#' * draw(st.integers(4, 6))} {draw(PHRASE).capitalize()}")
        paragraph = [sentence(inline=every and n == 0 and bool(keys))]
        paragraph += [sentence() for _ in range(draw(st.integers(0, 2)))]
        blocks.append(" ".join(paragraph))
        shape = "numbers" if every and n in (1, 2) else draw(st.sampled_from(shapes))
        if shape != "none":
            blocks.append("\n".join(items(shape, 1, 0, every and n == 1)))
    return "\n\n".join(blocks)


@pytest.fixture
def draft(demo):
    return Cycle.objects.get(country__iso2="KZ", year=2025)


def citable_keys(cycle: Cycle, section: str) -> list[str]:
    """A key for each source of the cycle, as a text of `section` cites it: one source held by
    two dimensions has two keys, which print the same footnote, so a text cites the copy of its
    own dimension where it holds one, else the first (rule 1 of docs/report-import.md)."""
    held: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for source in cycle_sources(cycle=cycle):
        copy = (source.score.dimension, source.key)
        held.setdefault(identity(source.title, source.url), []).append(copy)
    return [next((k for d, k in keys if d == section), keys[0][1]) for keys in held.values()]


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_export_then_import_is_the_identity_on_generated_texts(draft, data):
    sections = [k for k in text_keys(cycle=draft) if k != "research"]  # never imported
    chosen = data.draw(st.lists(st.sampled_from(sections), min_size=1, max_size=4, unique=True))
    written = {}
    panel = load_edition(draft.edition).panel_dimensions  # every one scored in the demo draft
    for n, key in enumerate(chosen):
        keys = citable_keys(draft, key)
        written[key] = data.draw(section_text(keys, links=key not in panel, every=n == 0))
    versions = dict(ReportText.objects.filter(cycle=draft).values_list("key", "version"))
    member = demo_member(draft)
    texts_save(
        cycle=draft,
        entries={k: TextEntry(t, versions.get(k, 0)) for k, t in written.items()},
        by=member,
    )
    report = report_of_draft(draft)
    document = read_back(report_docx(report), report.record)
    outcome = report_import(cycle=draft, document=document, dry_run=True)
    assert outcome.changes == []
    assert set(written) <= set(outcome.unchanged)
    assert {result for _, _, result in outcome.scores} <= {"unchanged"}


# Who gets which file ------------------------------------------------------------------------


def test_a_draft_docx_is_only_for_those_who_may_read_the_draft(demo, client):
    url = "/workspace/KZ/2025/report.docx"
    assert client.get(url).status_code == 302  # to sign-in
    client.force_login(person("kenyan", "member", "KE"))
    assert client.get(url).status_code == 404
    for reader in (demo_member(Cycle.objects.get(country__iso2="KZ", year=2025)), demo_editor()):
        client.force_login(reader)
        answer = client.get(url)
        assert answer.status_code == 200
        assert "no-store" in answer["Cache-Control"]
        assert "DRAFT" in docx_text(answer.content)
    assert client.get("/reports/KZ/2025/report.docx").status_code == 404  # never published


def test_a_published_docx_holds_only_published_text(demo, client):
    cycle = cycle_transition(
        cycle=Cycle.objects.get(country__iso2="GE", year=2025),
        action="reopen",
        by=demo_editor(),
        note="Checking.",
    )
    published = Snapshot.objects.filter(cycle=cycle).order_by("-revision").first().record
    version = ReportText.objects.get(cycle=cycle, key="P2").version
    texts_save(cycle=cycle, entries={"P2": TextEntry(SECRET, version)}, by=demo_member(cycle))
    score_record(
        cycle=cycle, dimension="2.1", value=Decimal("4.9"), justification=SECRET,
        by=demo_member(cycle),
    )  # fmt: skip
    answer = client.get("/reports/GE/2025/report.docx")
    assert answer.status_code == 200
    assert 'filename="civicspace-GE-2025-r' in answer["Content-Disposition"]
    text = docx_text(answer.content)
    assert SECRET not in text
    assert published.texts["P2"][:60] in text
    assert client.get("/reports/GE/2025/revisions/1/report.docx").status_code == 200
    assert client.get("/reports/GE/2025/revisions/99/report.docx").status_code == 404
    page = client.get("/reports/GE/2025/").content.decode()
    assert "/reports/GE/2025/report.docx" in page


def test_the_command_line_exports_a_published_revision_or_the_draft(demo, tmp_path, capsys):
    out = tmp_path / "ge.docx"
    assert main(["export", "report", "GE", "2025", "-o", str(out)]) == 0
    assert "published revision" in capsys.readouterr().out
    latest = Snapshot.objects.filter(cycle__country__iso2="GE", cycle__year=2025).latest("revision")
    assert_round_trip(latest.record, out.read_bytes())
    assert main(["export", "report", "GE", "2025", "--draft", "-o", str(out)]) == 0
    assert "DRAFT" in docx_text(out.read_bytes())
    assert main(["export", "report", "GE", "2025", "--revision", "99", "-o", str(out)]) == 1
    assert "no published revision 99" in capsys.readouterr().err
