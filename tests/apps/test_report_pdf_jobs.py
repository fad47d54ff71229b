"""Report PDFs rendered at publication by a background job, stored, and served from storage."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django_tasks import default_task_backend

from civicspace.cli import main
from civicspace.editorial.models import Snapshot
from civicspace.editorial.services import cycle_transition
from civicspace.publishing import pdfs, rendering
from civicspace.publishing.models import ReportPdf
from civicspace.publishing.pdfs import snapshots_changed_by
from tests.apps.helpers import complete, kz, publish
from tests.module_load import TASKS_QUEUED

pytestmark = pytest.mark.django_db
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def renders(monkeypatch):
    """The real renderer, counted: each call appends the HTML it was given."""
    made = []
    real = rendering.report_pdf

    def counted(html):
        made.append(html)
        return real(html)

    monkeypatch.setattr(pdfs, "report_pdf", counted)
    return made


def _publish_committed(people, capture):
    member, editor = people
    complete(kz(), member)
    with capture(execute=True):
        publish(member, editor)
    return Snapshot.objects.get(cycle=kz(), revision=1)


def test_publishing_renders_the_pdf_in_every_language_then_downloads_serve_them_unrendered(
    people, django_capture_on_commit_callbacks, renders, client, settings
):
    snapshot = _publish_committed(people, django_capture_on_commit_callbacks)
    stored = {bytes(r.pdf) for r in ReportPdf.objects.filter(snapshot=snapshot)}
    assert len(stored) == len(settings.LANGUAGES) > 1
    assert all(pdf.startswith(b"%PDF-") for pdf in stored)
    assert len(renders) == len(settings.LANGUAGES)
    for alias in ("default", "api-answers"):
        caches[alias].clear()  # the stored PDF does not live in a cache
    served = set()
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        response = client.get(f"{prefix}/reports/KZ/2025/report.pdf")
        assert response.status_code == 200
        served.add(response.content)
    assert served == stored
    assert len(renders) == len(settings.LANGUAGES)


def test_the_job_is_queued_only_when_the_publication_commits(
    people, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = TASKS_QUEUED
    member, editor = people
    complete(kz(), member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(member, editor)
    assert default_task_backend.results == []  # type: ignore[attr-defined]
    for callback in callbacks:
        callback()
    results = default_task_backend.results  # type: ignore[attr-defined]
    [queued] = [r for r in results if r.task.name == "report_pdfs_render"]
    assert queued.args == [Snapshot.objects.get().pk]
    assert not ReportPdf.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection
def test_the_database_worker_runs_the_queued_job(people, settings, renders):
    settings.TASKS = DATABASE
    member, editor = people
    complete(kz(), member)
    publish(member, editor)  # commits: the job is queued in the database, not yet run
    snapshot = Snapshot.objects.get()
    assert not ReportPdf.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert ReportPdf.objects.filter(snapshot=snapshot).count() == len(settings.LANGUAGES)
    assert len(renders) == len(settings.LANGUAGES)


def test_a_pdf_not_rendered_yet_is_rendered_once_on_download(people, client, renders):
    member, editor = people
    complete(kz(), member)
    publish(member, editor)  # this test's transaction never commits: no job runs
    assert not ReportPdf.objects.exists()
    first = client.get("/reports/KZ/2025/report.pdf")
    second = client.get("/reports/KZ/2025/report.pdf")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.content.startswith(b"%PDF-")
    assert len(renders) == 1
    assert ReportPdf.objects.count() == 1


def test_a_correction_renders_a_new_document_and_keeps_the_first(
    people, django_capture_on_commit_callbacks, renders, settings
):
    member, editor = people
    _publish_committed(people, django_capture_on_commit_callbacks)
    cycle_transition(cycle=kz(), action="reopen", by=editor, note="A corrected context.")
    with django_capture_on_commit_callbacks(execute=True):
        publish(member, editor)
    assert ReportPdf.objects.count() == 2 * len(settings.LANGUAGES)
    assert "A corrected context." in renders[-1]


def test_a_failing_render_never_undoes_the_publication(
    people, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(html):
        raise OSError("no space left on device")

    monkeypatch.setattr(pdfs, "report_pdf", broken)
    snapshot = _publish_committed(people, django_capture_on_commit_callbacks)
    assert snapshot.cycle.state == "published"
    assert not ReportPdf.objects.exists()


def test_a_publication_changes_the_next_years_document_too(demo):
    kz_2023 = Snapshot.objects.get(cycle__country__iso2="KZ", cycle__year=2023)
    kz_2024 = Snapshot.objects.get(cycle__country__iso2="KZ", cycle__year=2024)
    assert snapshots_changed_by(kz_2023) == [kz_2023, kz_2024]
    assert snapshots_changed_by(kz_2024) == [kz_2024]  # 2025 is an unpublished draft


def test_pdf_render_all_renders_what_is_missing_then_nothing(people, capsys):
    # Typesetting runs in forked processes, so renders are counted by what was stored.
    member, editor = people
    complete(kz(), member)
    publish(member, editor)
    assert main(["pdf", "render", "--all"]) == 0
    first = capsys.readouterr().out
    codes = [code for code, _name in settings.LANGUAGES]
    for code in codes:  # in every language, as the job after a publication stores them
        assert f"KZ 2025 revision 1 ({code}): rendered in" in first
    assert main(["pdf", "render", "--all"]) == 0
    second = capsys.readouterr().out
    assert "0 PDFs rendered and stored" in second
    assert f"{len(codes)} were stored already" in second
    assert ReportPdf.objects.count() == len(codes)
