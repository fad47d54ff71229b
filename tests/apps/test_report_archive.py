"""`civicspace import reports DIR`: a folder of past reports, one cycle per file (country from the
file name or the title), a summary, failures isolated; archives published as dated revisions
that `verify` accepts, and the CIVICUS rating chosen by the edition's rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from civicspace.assessments.models import Cycle
from civicspace.audit.models import AuditEvent
from civicspace.cli import main
from civicspace.core.framework import load_edition
from civicspace.core.ratings import rating_rule_words
from civicspace.core.workflow import State
from civicspace.countries.models import Country
from civicspace.editorial.archive_services import ArchiveRefused, archive_publish
from civicspace.editorial.models import ReportText, Snapshot
from civicspace.editorial.snapshots import cycle_record
from civicspace.i18n import localise
from civicspace.imports.report_document import report_document_read
from civicspace.indicators.services import civicus_rating_record
from civicspace.publishing.rendering import report_of_draft
from civicspace.publishing.verification import verify_snapshot
from tests.apps.helpers import person
from tests.imports.report_corpus import as_docx, as_markdown, as_text

pytestmark = pytest.mark.django_db

# Dimension scores the archive states for principle 2, and the principle score they give.
P2_DIMENSIONS = {"2.1": "3.0", "2.2": "2.5", "2.3": "2.6"}
P2_STATED = "2.7"


def archive_lines(
    title: str, published: str | None = "Published: March 2025", p2: str | None = P2_STATED
) -> list[tuple[str, str]]:
    """A DEMO past report: a title page, the reporting period, principle 2 with its dimensions
    and scores, and recommendations."""
    lines = [("h1", title)]
    if published:
        lines.append(("p", published))
    lines += [
        ("h2", "A. Introduction"),
        ("p", "The reporting period runs from 1 August 2023 to 31 July 2024."),
        ("h3", "Country context"),
        ("p", "DEMO context of an archived report, see https://example.org/demo-archive-law."),
        ("h2", "B. Assessment"),
        ("h3", "2. Supportive Legal and Regulatory Framework"),
    ]
    if p2 is not None:
        lines.append(("p", f"Score: {p2}"))
    lines.append(("p", "DEMO summary of principle 2 in the archive."))
    names = {"2.1": "Registration", "2.2": "Operational Environment"}
    names["2.3"] = "Protection from Interference"
    for code, value in P2_DIMENSIONS.items():
        lines += [
            ("h4", f"{code} {names[code]}"),
            ("p", f"Score: {value}"),
            ("p", f"DEMO archived analysis of {code}, see https://example.org/demo-{code}."),
        ]
    lines += [
        ("h2", "C. Recommendations"),
        ("h3", "To the government"),
        ("item", "DEMO archived recommendation to the state."),
    ]
    return lines


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three readable reports in three styles and two that cannot be imported."""
    files = {
        "Kazakhstan_2024.docx": as_docx(archive_lines("Country Focus Report 2024 (DEMO)")),
        "KE-CFR-2024.md": as_markdown(archive_lines("Country Focus Report 2024 (DEMO)")),
        "archive-03.txt": as_text(archive_lines("Country Focus Report: Tunisia 2024 (DEMO)")),
        "notes.md": as_markdown(archive_lines("Minutes of a meeting (DEMO)")),
        "country-focus-report-kenya.docx": b"not a Word file",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def cycles_2024() -> dict[str, Cycle]:
    return {c.country.iso2: c for c in Cycle.objects.filter(year=2024).select_related("country")}


def row_of(out: str, name: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(name + " "))


def test_a_dry_run_names_every_files_country_and_writes_nothing(programme, folder, capsys):
    assert main(["import", "reports", str(folder), "--year", "2024", "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "KZ (name)" in row_of(out, "Kazakhstan_2024.docx")
    assert "KE (name)" in row_of(out, "KE-CFR-2024.md")
    assert "TN (title)" in row_of(out, "archive-03.txt")
    for name in ("Kazakhstan_2024.docx", "KE-CFR-2024.md", "archive-03.txt"):
        assert "would write" in row_of(out, name)
    assert "failed" in row_of(out, "notes.md")
    assert "KE (name)  " in row_of(out, "country-focus-report-kenya.docx")  # named, unreadable
    assert "failed" in row_of(out, "country-focus-report-kenya.docx")
    assert "3 of 5 file(s) would be imported, 2 failed." in out
    assert "Dry run: nothing was written." in out
    assert cycles_2024() == {}
    assert not ReportText.objects.exists()
    assert not AuditEvent.objects.exists()


def test_files_that_fail_do_not_stop_the_others_and_each_is_all_or_nothing(
    programme, folder, capsys
):
    assert main(["import", "reports", str(folder), "--year", "2024"]) == 1
    out = capsys.readouterr().out
    cycles = cycles_2024()
    assert set(cycles) == {"KZ", "KE", "TN"}  # created with the documents' reporting period
    assert {(c.period_start, c.period_end) for c in cycles.values()} == {
        (date(2023, 8, 1), date(2024, 7, 31))
    }
    edition = load_edition("eusee-2025")
    for iso2, name, data in (
        ("KZ", "Kazakhstan_2024.docx", (folder / "Kazakhstan_2024.docx").read_bytes()),
        ("TN", "archive-03.txt", (folder / "archive-03.txt").read_bytes()),
    ):
        document = report_document_read(data=data, name=name, edition=edition)
        stored = set(cycles[iso2].texts.values_list("key", flat=True))
        assert stored == set(document.sections)
        row = row_of(out, name).split()
        assert [int(n) for n in row[3:7]] == [
            len(document.sections),
            len(document.scores),
            len(document.suggestions),
            len(document.missing),
        ]
        scores = dict(cycles[iso2].scores.values_list("dimension", "value"))
        assert scores == {code: Decimal(v) for code, v in P2_DIMENSIONS.items()}
    assert "not a country name" not in out  # the refusal is said plainly, not as a lookup error
    assert "No programme country in the file name or the document's title" in out
    assert "country-focus-report-kenya.docx:\n  error:" in out
    assert "3 of 5 file(s) imported, 2 failed." in out
    assert not Snapshot.objects.exists()  # a draft import publishes nothing


@pytest.fixture
def editor(programme):
    return person("editor", "editor")


def publish_folder(folder: Path, *extra: str) -> int:
    command = ["import", "reports", str(folder), "--year", "2024", "--publish-as-archive"]
    return main([*command, "--by", "editor", *extra])


def test_an_archive_is_published_as_a_dated_revision_that_verify_accepts(
    editor, tmp_path, capsys, client
):
    (tmp_path / "Kazakhstan_2024.docx").write_bytes(as_docx(archive_lines("CFR (DEMO)")))
    assert publish_folder(tmp_path) == 0
    assert "published revision 1 of 2025-03-01" in capsys.readouterr().out
    snapshot = Snapshot.objects.get()
    assert snapshot.archive_published_on == date(2025, 3, 1)
    assert snapshot.published_at.date() == date(2025, 3, 1)
    assert snapshot.cycle.state == State.PUBLISHED
    record = snapshot.record
    assert record.principle("P2").score == float(P2_STATED)
    assert record.principle("P3").score is None  # the document states no P3 scores
    assert verify_snapshot(snapshot).ok
    assert main(["verify", "KZ", "2024"]) == 0
    [event] = AuditEvent.objects.filter(action="state", cycle=snapshot.cycle)
    assert (event.target, event.after["archive"]) == ("publish", "2025-03-01")
    page = client.get("/reports/KZ/2024/").content.decode()
    assert "Imported from the published document of 1 March 2025" in page
    assert "DEMO archived analysis of 2.1" in page
    api = client.get("/api/v1/cycles/KZ/2024").json()
    [p2] = [p for p in api["principles"] if p["code"] == "P2"]
    assert p2["score"] == record.principle("P2").score


def test_a_second_archive_needs_the_flag_and_becomes_the_next_revision(editor, tmp_path, capsys):
    (tmp_path / "KZ-2024.md").write_bytes(as_markdown(archive_lines("CFR (DEMO)")))
    assert publish_folder(tmp_path) == 0
    assert publish_folder(tmp_path) == 1
    assert "already has a published revision (1, published 2025-03-01)" in capsys.readouterr().out
    assert Snapshot.objects.count() == 1
    assert publish_folder(tmp_path, "--add-revision", "--published-on", "2025-04-15") == 0
    second = Snapshot.objects.get(revision=2)
    assert second.archive_published_on == date(2025, 4, 15)
    assert second.correction_note == "Imported from the published document of 15 April 2025."
    assert verify_snapshot(second).ok


def test_an_archive_without_a_publication_date_is_refused(editor, tmp_path, capsys):
    (tmp_path / "KZ-2024.md").write_bytes(as_markdown(archive_lines("CFR (DEMO)", published=None)))
    assert publish_folder(tmp_path) == 1
    assert "--published-on DATE" in capsys.readouterr().out
    assert not Snapshot.objects.exists()
    assert publish_folder(tmp_path, "--published-on", "2024-11-05") == 0
    assert Snapshot.objects.get().archive_published_on == date(2024, 11, 5)


def test_a_stated_principle_score_the_cycle_would_not_publish_refuses_the_file(
    editor, tmp_path, capsys
):
    (tmp_path / "KZ-2024.md").write_bytes(as_markdown(archive_lines("CFR (DEMO)", p2="3.4")))
    assert publish_folder(tmp_path) == 1
    out = capsys.readouterr().out
    assert "P2: the document states 3.4 but the cycle would publish 2.7" in out
    assert not Snapshot.objects.exists()
    assert not ReportText.objects.exists()  # the whole file rolled back, texts included
    assert not Cycle.objects.filter(year=2024).exists()


def test_only_an_editor_publishes_an_archive(programme, tmp_path):
    member = person("aigul", "member", "KZ")
    (tmp_path / "KZ-2024.md").write_bytes(as_markdown(archive_lines("CFR (DEMO)")))
    assert main(["import", "reports", str(tmp_path), "--year", "2024", "--dry-run"]) == 0
    refused = ["--publish-as-archive", "--by", member.username]
    assert main(["import", "reports", str(tmp_path), "--year", "2024", *refused]) == 1
    assert not Snapshot.objects.exists()


def test_the_archive_uses_the_rating_the_edition_rule_picks_and_says_why(editor, tmp_path):
    kz_country = programme_country("KZ")
    civicus_rating_record(country=kz_country, published_on=date(2023, 12, 6), score=Decimal(30))
    # Published after the period ended, before the archive was: the period-end rule skips it.
    civicus_rating_record(country=kz_country, published_on=date(2024, 12, 4), score=Decimal(35))
    data = as_markdown(archive_lines("CFR (DEMO)"))
    (tmp_path / "KZ-2024.md").write_bytes(data)
    assert publish_folder(tmp_path) == 0
    record = Snapshot.objects.get().record
    assert record.civicus is not None
    assert (record.civicus.published_on, record.civicus.score) == (date(2023, 12, 6), 30.0)
    assert (record.civicus.rule, record.civicus.cutoff) == ("period-end", date(2024, 7, 31))
    research = record.texts["research"]
    assert "published 6 December 2023, the latest published on or before the end of the" in research
    assert "reporting period (31 July 2024)" in research


def test_a_refusal_from_the_service_names_the_reason(editor):
    cycle = Cycle.objects.get(country__iso2="KZ", year=2025)
    document = report_document_read(
        data=as_markdown(archive_lines("CFR (DEMO)")),
        name="a.md",
        edition=load_edition("eusee-2025"),
    )
    with pytest.raises(ArchiveRefused, match="between the start of the reporting period"):
        archive_publish(cycle=cycle, document=document, published_on=date(2020, 1, 1), by=editor)


def test_a_draft_record_names_the_rule_and_its_cutoff(programme):
    kz_country = programme_country("KZ")
    civicus_rating_record(country=kz_country, published_on=date(2024, 12, 4), score=Decimal(30))
    civicus_rating_record(country=kz_country, published_on=date(2025, 9, 30), score=Decimal(45))
    record = cycle_record(cycle=Cycle.objects.get(country__iso2="KZ", year=2025))
    assert record.civicus is not None
    assert record.civicus.published_on == date(2024, 12, 4)  # not the one after 31 August 2025
    assert record.civicus.cutoff == date(2025, 8, 31)


def programme_country(iso2: str) -> Country:
    return Country.objects.get(iso2=iso2)


def test_the_report_and_the_methodology_page_say_which_rating_and_why(programme, client):
    civicus_rating_record(
        country=programme_country("KZ"), published_on=date(2024, 12, 4), score=Decimal(30)
    )
    kz = Cycle.objects.get(country__iso2="KZ", year=2025)
    [p1] = [p for p in report_of_draft(kz).principles if p.is_civicus]
    assert "published 4 December 2024" in p1.source_note
    assert "end of the reporting period (31 August 2025)" in p1.source_note
    rule = load_edition(kz.edition).civicus.rating_rule
    page = client.get("/ru/methodology/").content.decode()
    with translation.override("ru"):
        in_russian = localise(rating_rule_words(rule))
    assert in_russian != str(rating_rule_words(rule))  # translated, not left in English
    assert in_russian in page


def test_a_folder_import_checks_the_scores_against_the_periods_verified_events(programme):
    """2.2 rose from 2.0 (last cycle) to the 2.5 the file states, while three verified events of
    the period point down: the folder's import warns as the workspace does."""
    from civicspace.countries.selectors import programme_resolver
    from civicspace.editorial.archive_services import ArchiveOptions, reports_import
    from civicspace.monitoring.evidence_selectors import period_event_tallies
    from tests.apps.test_panel_events import events_against_the_score

    events_against_the_score()
    files = [("Kazakhstan_2025.md", as_markdown(archive_lines("Country Focus Report 2025 (DEMO)")))]

    def imported(**events):
        options = ArchiveOptions(year=2025, dry_run=True, **events)
        [result] = reports_import(files=files, options=options, resolver=programme_resolver())
        assert not result.failed, result.problems
        return [
            f.place for f in result.outcome.checks.findings if f.check == "events-against-score"
        ]

    assert imported(period_events=lambda cycle: period_event_tallies(cycle=cycle)) == ["2.2"]
    assert imported() == []  # the same file, its checks told nothing of the events
