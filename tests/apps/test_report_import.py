"""`civicspace import report`: a report document into a cycle's draft, previewed, applied in one
transaction through the audited services, refused where the cycle or the user may not change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civicspace.assessments.models import Cycle, DimensionScore
from civicspace.assessments.panel_services import EditConflict
from civicspace.assessments.services import CycleError, SourceInput, score_record
from civicspace.audit.models import AuditEvent
from civicspace.cli import main
from civicspace.core.framework import load_edition
from civicspace.editorial.import_services import report_import
from civicspace.editorial.models import ReportText
from civicspace.editorial.selectors import cycle_sources
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.imports.report_document import report_document_read
from tests.apps.helpers import kz
from tests.imports.report_corpus import LAW_URL, Style, as_docx, as_markdown, lines_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_file(tmp_path):
    def write(data: bytes, name: str = "report.md"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def texts() -> dict[str, str]:
    return dict(ReportText.objects.filter(cycle=kz()).values_list("key", "text"))


def scores(cycle: Cycle | None = None) -> dict[str, Decimal]:
    stored = DimensionScore.objects.filter(cycle=cycle or kz())
    return dict(stored.values_list("dimension", "value"))


def document(text: str):
    return report_document_read(data=text.encode(), name="r.md", edition=load_edition("eusee-2025"))


def test_a_dry_run_shows_where_everything_goes_and_writes_nothing(programme, report_file, capsys):
    path = report_file(as_docx(lines_of(Style())), "kz-2025.docx")
    assert main(["import", "report", path, "KZ", "2025", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "context  Country context" in out
    assert "rec/2    Strategic support by international organ " in out
    assert "paragraph 1: before the first part or principle (a title page)" in out
    assert "paragraphs 2-6: table of contents, skipped" in out
    assert "P2: 2.6  ('DEMO summary of principle 2: it receives a score of 2.6.')" in out
    assert "Scores missing: 2.3, 3.2, 3.3, P4, 4.1" in out
    assert "dimension 2.1 ← 3.0: created" in out
    assert "Panel: the document says March 2025; the cycle has 2025-09-17" in out
    assert "Editorial checks on the resulting draft:" in out
    assert "Dry run: nothing was written" in out
    assert texts() == {}
    assert scores() == {}
    assert not AuditEvent.objects.exists()


def test_an_import_writes_texts_scores_and_sources_with_an_audit_trail(
    programme, report_file, capsys
):
    path = report_file(as_markdown(lines_of(Style())))
    assert main(["import", "report", path, "Kazakhstan", "2025"]) == 0
    assert "Imported: 10 section(s) written" in capsys.readouterr().out
    stored = texts()
    assert set(stored) == {"context", "P2", "1.1", "2.1", "2.2", "2.3", "3.1"} | {
        "rec/0",
        "rec/1",
        "rec/2",
    }
    assert scores() == {"2.1": Decimal("3.0"), "2.2": Decimal("2.5"), "3.1": Decimal("3.3")}
    [source] = cycle_sources(cycle=kz())
    assert (source.url, source.title, source.score.dimension) == (
        LAW_URL,
        "law on associations",
        "2.1",
    )
    assert stored["2.2"] == "DEMO analysis of dimension 2.2, see [^1]."
    assert stored["context"].endswith("parliament adopted a law on associations[^1].")
    actions = sorted(AuditEvent.objects.values_list("action", "target"))
    assert actions.count(("score", "2.1")) == 1
    assert [t for a, t in actions if a == "text"] == sorted(stored)


def test_a_suggested_score_is_applied_only_with_the_flag(programme, report_file, capsys):
    path = report_file(b"## 4.1 Transparency\n\nScore:\n\nThe panel gave it a score of 2.5.\n")
    assert main(["import", "report", path, "KZ", "2025"]) == 0
    assert "4.1: 2.5  ('The panel gave it a score of 2.5.')" in capsys.readouterr().out
    assert scores() == {}
    assert texts() == {"4.1": "The panel gave it a score of 2.5."}
    assert main(["import", "report", path, "KZ", "2025", "--accept-suggestions"]) == 0
    assert scores() == {"4.1": Decimal("2.5")}


def test_a_later_version_shows_its_differences_from_the_stored_texts(
    programme, report_file, capsys
):
    first = "## 4.1 Transparency\n\nScore: 3\n\nThe portal works.\n\nRequests wait.\n"
    assert main(["import", "report", report_file(first.encode()), "KZ", "2025"]) == 0
    capsys.readouterr()
    later = first.replace("Requests wait.", "Requests wait two months.")
    assert main(["import", "report", report_file(later.encode()), "KZ", "2025"]) == 0
    out = capsys.readouterr().out
    assert "Changes to 4.1 (4.1 Transparency):" in out
    assert "  -Requests wait.\n  +Requests wait two months." in out
    assert "dimension 4.1 ← 3: unchanged" in out
    assert texts()["4.1"].endswith("Requests wait two months.")


def test_a_published_cycle_is_refused_and_left_alone(programme, report_file, capsys):
    Cycle.objects.filter(pk=kz().pk).update(state="published")
    path = report_file(as_markdown(lines_of(Style())))
    for flags in ([], ["--dry-run"]):
        assert main(["import", "report", path, "KZ", "2025", *flags]) == 1
        err = capsys.readouterr().err
        assert "refused, nothing was imported: Kazakhstan 2025 is published" in err
    assert texts() == {}


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"", "report.docx", "The file is empty."),
        (b"<html>not a docx</html>", "report.docx", "not a Word (.docx) document"),
        (b"text", "report.odt", "must be a .docx, .md or .txt file"),
    ],
)
def test_an_unreadable_file_is_refused_with_the_reason(
    programme, report_file, capsys, data, name, says
):
    assert main(["import", "report", report_file(data, name), "KZ", "2025"]) == 1
    assert says in capsys.readouterr().err
    assert texts() == {}


def test_members_import_only_into_their_own_country(people):
    member, editor = people
    kenya = Cycle.objects.get(country__iso2="KE", year=2025)
    text = document("## 4.1 Transparency\n\nScore: 3\n\nText.\n")
    with pytest.raises(CycleError, match="only into your own country's draft"):
        report_import(cycle=kenya, document=text, by=member)
    assert scores(kenya) == {}
    report_import(cycle=kz(), document=text, by=member)
    report_import(cycle=kenya, document=text, by=editor)
    assert scores(kenya) == {"4.1": Decimal("3")}
    assert AuditEvent.objects.filter(cycle=kz(), actor=member, action="text").exists()


def test_the_by_option_names_a_real_user(programme, report_file, capsys):
    path = report_file(b"## 4.1 Transparency\n\nText.\n")
    assert main(["import", "report", path, "KZ", "2025", "--by", "nobody"]) == 1
    assert "--by nobody: no such user" in capsys.readouterr().err


def test_a_stale_preview_is_refused(programme):
    text = document("## 4.1 Transparency\n\nThe document's text.\n")
    texts_save(cycle=kz(), entries={"4.1": TextEntry("Someone's text.", 0)})
    with pytest.raises(EditConflict):
        report_import(cycle=kz(), document=text, versions={"4.1": 0})
    assert texts() == {"4.1": "Someone's text."}


def test_new_sources_renumber_the_citations_of_other_texts(programme):
    score_record(
        cycle=kz(),
        dimension="4.1",
        value=Decimal(3),
        justification="",
        sources=[SourceInput("Access law", "https://ex.org/access")],
    )
    texts_save(cycle=kz(), entries={"4.1": TextEntry("The law applies.[^1]", 0)})
    text = document("## 2.1 Registration\n\nScore: 2\n\nSlow [registry](https://ex.org/reg).\n")
    outcome = report_import(cycle=kz(), document=text)
    assert [s.url for s in cycle_sources(cycle=kz())] == [
        "https://ex.org/reg",
        "https://ex.org/access",
    ]
    assert texts() == {"2.1": "Slow registry[^1].", "4.1": "The law applies.[^2]"}
    assert outcome.renumbered == ["4.1"]


def test_a_source_no_score_can_hold_stays_a_link(programme):
    text = document(
        "# A. Introduction\n\nA [census](https://ex.org/census) was held.[^1]\n\n"
        "[^1]: Statistics office, https://ex.org/stats\n"
    )
    outcome = report_import(cycle=kz(), document=text)
    assert texts() == {
        "context": "A [census](https://ex.org/census) was held."
        " ([Statistics office](https://ex.org/stats))"
    }
    assert outcome.unattached == [1, 2]
