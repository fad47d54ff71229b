"""The synthetic DEMO dataset at scale (`demo load --countries N --years Y`), loaded small."""

import csv
import io

import pytest

from civicspace.assessments.models import Cycle
from civicspace.assessments.panel_services import panel_statistics_refresh
from civicspace.cli import main
from civicspace.demo.reports import demo_editor, demo_member
from civicspace.demo.synthetic import COUNTRIES, countries_pick, synthetic_load
from civicspace.editorial.models import ReportText, Snapshot
from civicspace.editorial.selectors import cycle_checks
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.publishing.verification import verify_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def synthetic(db, capsys):
    assert main(["demo", "load", "--countries", "12", "--years", "3"]) == 0
    return capsys.readouterr().out


def test_it_loads_every_country_and_year_published_and_says_demo(synthetic):
    assert synthetic.startswith("DEMO data loaded: 12 countries, 36 cycles")
    cycles = Cycle.objects.filter(is_demo=True)
    assert cycles.count() == 36
    assert sorted({c.year for c in cycles}) == [2023, 2024, 2025]
    assert set(cycles.values_list("state", flat=True)) == {"published"}
    assert Snapshot.objects.filter(cycle__is_demo=True).count() == 36
    assert all(s.record.demo for s in Snapshot.objects.all())


def test_every_snapshot_verifies_from_its_inputs(synthetic, capsys):
    for snapshot in Snapshot.objects.all():
        assert verify_snapshot(snapshot).ok, snapshot
    assert main(["verify", "--all"]) == 0
    assert "36 of 36 published revisions verified" in capsys.readouterr().out


def test_its_pages_and_report_say_demo(synthetic, client):
    snapshot = Snapshot.objects.select_related("cycle__country").first()
    iso2, year = snapshot.cycle.country.iso2, snapshot.cycle.year
    country = client.get(f"/countries/{iso2}/")
    assert country.status_code == 200
    assert "DEMO DATA" in country.content.decode()
    report = client.get(f"/reports/{iso2}/{year}/").content.decode()
    assert "DEMO DATA" in report
    assert "DEMO text, generated for testing" in report or "This DEMO sentence" in report


def test_open_data_and_api_have_every_row_flagged_demo(synthetic, client):
    response = client.get("/data/scores.csv")
    assert response.status_code == 200
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(response.streaming_content).decode()
                if response.streaming
                else response.content.decode()
            )
        )
    )
    assert {(r["country_iso2"], r["year"]) for r in rows} == {
        (s.cycle.country.iso2, str(s.cycle.year)) for s in Snapshot.objects.all()
    }
    assert {r["demo"] for r in rows} == {"True"}
    api = client.get("/api/v1/scores?page_size=5000").json()
    assert len(api["items"]) == len(rows)


def test_reloading_replaces_it_and_the_default_demo_comes_back(synthetic, capsys):
    assert main(["demo", "load", "--countries", "5", "--years", "2"]) == 0
    assert Cycle.objects.filter(is_demo=True).count() == 10
    assert main(["demo", "load"]) == 0
    assert "5 countries" in capsys.readouterr().out.splitlines()[-1]
    assert not Cycle.objects.filter(is_demo=True, year__lt=2023).exists()


@pytest.fixture
def small(db):
    """3 countries x 2 years, loaded as the command does."""
    synthetic_load(countries=3, years=2)
    return list(Cycle.objects.filter(is_demo=True).select_related("country"))


def test_every_cycle_passes_the_editorial_checks_with_its_panel_figures(small):
    # The panel's figures as an editor's first save of the scores stores them: the checks that
    # compare the agreed scores with the panelists' own run too.
    assert len(small) == 6
    for cycle in small:
        assert panel_statistics_refresh(cycle=cycle) is not None
        errors = cycle_checks(cycle=cycle).errors
        assert errors == [], (cycle, [(f.check, str(f.place), str(f.message)) for f in errors])


def test_a_cycle_can_be_corrected_and_republished_through_the_services(small):
    cycle = small[0]
    editor, member = demo_editor(), demo_member(cycle)
    panel_statistics_refresh(cycle=cycle)
    note = "DEMO correction: the context names the panel's date."
    cycle = cycle_transition(cycle=cycle, action="reopen", by=editor, note=note)
    context = ReportText.objects.get(cycle=cycle, key="context")
    corrected = f"{context.text} DEMO: the panel met on {cycle.panel_date.isoformat()}."
    texts_save(cycle=cycle, entries={"context": TextEntry(corrected, context.version)}, by=member)
    cycle = cycle_transition(cycle=cycle, action="submit", by=member)
    for action in ("start_review", "approve", "publish"):
        cycle = cycle_transition(cycle=cycle, action=action, by=editor)
    latest = Snapshot.objects.filter(cycle=cycle).latest("revision")
    assert latest.revision == 2
    assert latest.correction_note == note
    assert latest.record.texts["context"] == corrected
    assert verify_snapshot(latest).ok


def test_the_countries_spread_over_every_region_and_run_to_86():
    picked = countries_pick(86)
    assert len({iso for iso, _ in picked}) == 86
    assert {region for _, region in countries_pick(5)} == set(COUNTRIES)


@pytest.mark.parametrize(
    "args",
    [
        ["--countries", "3"],
        ["--countries", "0", "--years", "2"],
        ["--countries", "500", "--years", "2"],
    ],
)
def test_bad_sizes_are_refused_with_a_usage_error(db, args, capsys):
    assert main(["demo", "load", *args]) == 2
    assert "error:" in capsys.readouterr().err
