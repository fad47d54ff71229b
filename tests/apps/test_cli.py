"""The `civicspace` command as a user runs it."""

import json

import pytest

from civicspace.assessments.selectors import cycle_get, cycle_profile_get
from civicspace.cli import main
from civicspace.core.record import SCHEMA_VERSION, record_from_json
from civicspace.countries.models import Country

pytestmark = pytest.mark.django_db


def test_score_prints_the_profile_with_sources(demo, capsys):
    assert main(["score", "Kazakhstan", "2025"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("DEMO DATA")
    lines = out.splitlines()
    p1 = next(line for line in lines if line.startswith("P1 "))
    assert p1.split()[-2:] == ["2.2", "disabling"]
    assert "CIVICUS Monitor rating published 2024-12-04, 30/100 (repressed)" in out
    assert "national expert panel, met 2025-09-17" in out
    assert any(line.split()[:1] == ["4.1"] and "weight 0.33" in line for line in lines)


def test_score_json_matches_the_stored_data(demo, capsys):
    assert main(["score", "KZ", "2025", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["demo"] is True
    assert data["schema_version"] == SCHEMA_VERSION
    cycle = cycle_get(country=Country.objects.get(iso2="KZ"), year=2025)
    computed = cycle_profile_get(cycle=cycle).principles
    assert [p["score"] for p in data["principles"]] == [p.published for p in computed]
    p4 = data["principles"][3]
    stored = {s.dimension: float(s.value) for s in cycle.scores.all()}
    assert {d["code"]: d["score_unrounded"] for d in p4["dimensions"]} == {
        k: v for k, v in stored.items() if k.startswith("4.")
    }
    assert data["principles"][0]["civicus"]["category"] == "repressed"
    assert record_from_json(data).principle("P4").score == computed[3].published


def test_score_for_an_unknown_cycle_says_which_exist(demo, capsys):
    assert main(["score", "KZ", "2019"]) == 1
    assert "Kazakhstan has no 2019 cycle (cycles: 2023, 2024, 2025)" in capsys.readouterr().err


def test_import_refusal_lists_problems_and_exits_1(programme, write_csv, capsys):
    path = write_csv("country,year,dimension,score\nKZ,2025,4.1,6.5\n")
    assert main(["import", "scores", str(path)]) == 1
    err = capsys.readouterr().err
    assert "refused, nothing was imported (1 problem)" in err
    assert 'row 2, column "score": 6.5 is outside the scale 1-5' in err


def test_import_then_score_shows_missing_dimensions(programme, write_csv, capsys):
    path = write_csv("country,year,dimension,score,justification\nKE,2025,4.1,3,x\n")
    assert main(["import", "scores", str(path)]) == 0
    assert "imported (1 created, 0 updated, 0 unchanged)" in capsys.readouterr().out
    assert main(["score", "KE", "2025"]) == 0
    out = capsys.readouterr().out
    assert "no score: dimension(s) 4.2, 4.3 not scored" in out
    assert "no CIVICUS Monitor rating on file" in out
    assert not out.startswith("DEMO")


def test_cycle_create(programme, capsys):
    assert main(["cycle", "create", "Kazakhstan", "2026", "--period", "2025-09-01:2026-08-31"]) == 0
    assert "created the 2026 cycle of Kazakhstan (eusee-2025)" in capsys.readouterr().out
    assert main(["cycle", "create", "KZ", "2026", "--period", "2025-09-01:2026-08-31"]) == 1
    assert "already has a 2026 cycle" in capsys.readouterr().err


def test_a_bad_period_is_a_usage_error(programme, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["cycle", "create", "KZ", "2026", "--period", "2025-09-01"])
    assert exited.value.code == 2
    assert "write the period as START:END" in capsys.readouterr().err


def test_report_writes_the_published_pdf_and_html(demo, tmp_path, capsys):
    pdf, html = tmp_path / "kz-2024.pdf", tmp_path / "kz-2024.html"
    assert main(["report", "KZ", "2024", "-o", str(pdf)]) == 0
    assert "Kazakhstan 2024, published revision 1: PDF written to" in capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert main(["report", "Kazakhstan", "2024", "--format", "html", "-o", str(html)]) == 0
    page = html.read_text("utf-8")
    assert page.startswith("<!doctype html>")
    assert "<title>Country Focus Report: Kazakhstan 2024 (DEMO DATA)</title>" in page
    assert "watermark" not in page.split("</style>")[1]


def test_report_of_an_unpublished_cycle_is_the_watermarked_draft(demo, tmp_path, capsys):
    out = tmp_path / "draft.html"
    assert main(["report", "KZ", "2025", "--format", "html", "-o", str(out)]) == 0
    assert "Kazakhstan 2025, DRAFT (watermarked; not published)" in capsys.readouterr().out
    assert '<div class="watermark" aria-hidden="true">DRAFT</div>' in out.read_text("utf-8")


def test_report_refusals_are_one_clear_line(demo, tmp_path, capsys):
    assert main(["report", "XX", "2025", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "is not a country name or ISO code" in capsys.readouterr().err
    assert main(["report", "KZ", "2024", "--revision", "7", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "has no published revision 7" in capsys.readouterr().err
    assert main(["report", "KZ", "2024", "-o", str(tmp_path / "missing" / "x.html")]) == 1
    assert "cannot write" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_year_opens_for_every_programme_country_in_one_command(programme, capsys):
    from civicspace.assessments.models import Cycle

    period = ["--period", "2025-09-01:2026-08-31"]
    assert main(["cycle", "create", "KE", "2026", *period]) == 0
    assert main(["cycle", "create", "--all", "2026", *period, "--panel-date", "2026-09-20"]) == 0
    out = capsys.readouterr().out
    assert "Kenya already has a 2026 cycle: left as it is" in out
    assert "created the 2026 cycle of 2 programme countries (1 already had one)" in out
    opened = Cycle.objects.filter(year=2026).order_by("country__iso2")
    assert [c.country.iso2 for c in opened] == ["KE", "KZ", "TN"]
    assert {str(c.panel_date) for c in opened if c.country.iso2 != "KE"} == {"2026-09-20"}


def test_opening_a_year_for_all_is_all_or_nothing(programme, capsys):
    from civicspace.assessments.models import Cycle

    assert main(["cycle", "create", "--all", "2027", "--period", "2027-08-31:2026-09-01"]) == 1
    assert "no cycle was created" in capsys.readouterr().err
    assert not Cycle.objects.filter(year=2027).exists()
    for wrong in (["KZ", "2027", "--all"], ["2027"]):
        assert main(["cycle", "create", *wrong, "--period", "2026-09-01:2027-08-31"]) == 2
    assert "give COUNTRY YEAR, or --all YEAR" in capsys.readouterr().err
