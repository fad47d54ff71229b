"""`civicspace import events FILE`: all or nothing, every problem named by its cell."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from civicspace.audit.models import AuditEvent
from civicspace.cli import main
from civicspace.imports.problems import ImportRefused
from civicspace.monitoring.import_services import events_import
from civicspace.monitoring.models import Event

pytestmark = pytest.mark.django_db

HEADER = "country,date,title,event_type,dimensions,direction,sensitivity,city,source_url\n"
DAY = (date.today() - timedelta(days=4)).isoformat()


def written(tmp_path, *rows: str):
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def test_a_valid_file_records_every_event_as_submitted_with_its_source(programme, tmp_path):
    path = written(
        tmp_path,
        f"KZ,{DAY},DEMO: rally banned,assembly-banned,1.2,deteriorating,public,Almaty,https://a.example",
        f"Kenya,{DAY},DEMO: court frees activist,court-ruling-favour,1.1; 3.1,improving,,,",
    )
    report = events_import(path=path)
    assert report.created == 2
    events = {e.country.iso2: e for e in Event.objects.all()}
    assert events["KE"].dimensions == ("1.1", "3.1")
    assert events["KZ"].sources.get().url == "https://a.example"
    assert {e.state for e in events.values()} == {"submitted"}
    assert AuditEvent.objects.filter(action="event", actor=None).count() == 2


def test_a_file_with_any_bad_cell_is_refused_whole_naming_every_cell(programme, tmp_path):
    ahead = (date.today() + timedelta(days=9)).isoformat()
    path = written(
        tmp_path,
        f"KZ,{DAY},DEMO: fine,assembly-banned,1.2,deteriorating,,,",
        f"KZ,{ahead},DEMO: ahead,picnic,9.9,sideways,secret,,ftp://x",
    )
    with pytest.raises(ImportRefused) as refused:
        events_import(path=path)
    text = "\n".join(str(p) for p in refused.value.problems)
    for column in ("date", "event_type", "dimensions", "direction", "sensitivity", "source_url"):
        assert f'row 3, column "{column}"' in text
    assert not Event.objects.exists()


def test_a_file_without_the_required_columns_is_refused(programme, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("country,title\nKZ,DEMO\n", encoding="utf-8")
    with pytest.raises(ImportRefused):
        events_import(path=path)
    assert not Event.objects.exists()


def test_the_command_line_refuses_a_bad_file_and_imports_a_good_one(programme, tmp_path, capsys):
    bad = written(tmp_path, f"ZZ,{DAY},DEMO,assembly-banned,1.2,deteriorating,,,")
    assert main(["import", "events", str(bad)]) != 0
    assert "nothing was imported" in capsys.readouterr().err
    good = written(tmp_path, f"KZ,{DAY},DEMO: rally banned,assembly-banned,1.2,deteriorating,,,")
    assert main(["import", "events", str(good)]) == 0
    assert Event.objects.count() == 1
