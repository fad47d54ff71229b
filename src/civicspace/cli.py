"""The `civicspace` command: a thin layer over services and selectors."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.settings")
    import django

    django.setup()


def _period(text: str) -> tuple[date, date]:
    try:
        start, end = (date.fromisoformat(part) for part in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: write the period as START:END, e.g. 2024-08-01:2025-08-31"
        ) from None
    return start, end


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write it as YEAR-MONTH-DAY, e.g. 2025-09-30"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="civicspace",
        description="Assess, review and publish the enabling environment for civil society.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    score = commands.add_parser("score", help="a cycle's six principle scores and their sources")
    score.add_argument("country", help="ISO code or name, e.g. KZ or Kazakhstan")
    score.add_argument("year", type=int)
    score.add_argument("--format", choices=["text", "json"], default="text")

    imports = commands.add_parser(
        "import", help="import a CSV or XLSX file, or a report document, all or nothing"
    )
    kinds = imports.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind, text in (
        ("scores", "dimension scores: country, year, dimension, score, justification"),
        ("civicus", "CIVICUS Monitor ratings: country, date, score (0-100), category"),
        ("indicators", "secondary-source values: series, country, year, value"),
        (
            "events",
            "early-warning events: country, date, title, event_type, dimensions, direction,"
            " and optional details and one source (docs/early-warning.md)",
        ),
    ):
        sub = kinds.add_parser(kind, help=text, description=f"Columns: {text}.")
        sub.add_argument("file", type=Path)
    _report_import_parser(kinds)

    cycle = commands.add_parser("cycle", help="assessment cycles")
    cycle_commands = cycle.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = cycle_commands.add_parser(
        "create",
        help="open a country's cycle for a year (or every programme country's, with --all)",
    )
    create.add_argument("country", nargs="?", help="ISO code or name; leave out with --all")
    create.add_argument("year", type=int)
    create.add_argument(
        "--all",
        action="store_true",
        help="every programme country without a cycle for YEAR, in one transaction",
    )
    create.add_argument("--period", type=_period, required=True, help="START:END (ISO dates)")
    create.add_argument("--panel-date", type=date.fromisoformat)
    create.add_argument("--edition", help="framework edition (default: the site's default)")
    schedule = cycle_commands.add_parser(
        "schedule",
        help="due dates of a year's cycles (or one country's own, with --country)",
        description="Sets the submission, review and publication due dates of every cycle of"
        " YEAR; a date left out keeps its value. With --country, sets that country's own dates,"
        " which win over the year's. Without any date, shows the dates that apply.",
    )
    schedule.add_argument("year", type=int)
    for stage in ("submission", "review", "publication"):
        schedule.add_argument(f"--{stage}", type=_date, metavar="DATE", help=f"{stage} due date")
    schedule.add_argument("--country", help="ISO code or name: that country's own dates")
    schedule.add_argument(
        "--clear", action="store_true", help="with --country: back to the year's dates"
    )

    demo = commands.add_parser("demo", help="the demo dataset")
    demo.add_argument("action", choices=["load"])
    demo.add_argument(
        "--admin-password-file",
        type=Path,
        help="also (re)create the user 'admin' with a new random password written here",
    )
    demo.add_argument(
        "--admin-recovery-codes-file",
        type=Path,
        help="with --admin-password-file: the admin's second factor, recovery codes written here",
    )
    demo.add_argument(
        "--countries",
        type=int,
        help="instead of the 6-country demo, a synthetic DEMO dataset of this many countries"
        " (86 is the programme's scale), every cycle published; with --years",
    )
    demo.add_argument("--years", type=int, help="with --countries: this many years to 2025")
    demo.add_argument(
        "--member-password-file",
        type=Path,
        help="also (re)create 'kz-member', a Network Member for Kazakhstan, password written here",
    )

    report = commands.add_parser(
        "report",
        help="a cycle's Country Focus Report as an HTML page or a PDF",
        description="Renders the latest published revision; a cycle never published, or"
        " --draft, gives the current draft with a DRAFT watermark.",
    )
    report.add_argument("country", help="ISO code or name, e.g. KZ or Kazakhstan")
    report.add_argument("year", type=int)
    report.add_argument("--format", choices=["html", "pdf"], help="default: from -o's suffix")
    report.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    which = report.add_mutually_exclusive_group()
    which.add_argument("--draft", action="store_true", help="the current draft, even if published")
    which.add_argument("--revision", type=int, help="an earlier published revision")

    _export_parser(commands)

    verify = commands.add_parser(
        "verify",
        help="recompute every published number of a report and check its checksum",
        description="Recomputes each published revision's numbers (aggregation, CIVICUS"
        " rebasing, rounding, labels, panel figures, the research section) from the inputs it"
        " kept and its framework edition, and checks its SHA-256. Exit status 1 on any mismatch.",
    )
    verify.add_argument("country", nargs="?", help="ISO code or name, e.g. KZ")
    verify.add_argument("year", nargs="?", type=int)
    verify.add_argument("--all", action="store_true", help="every published revision")

    backup = commands.add_parser(
        "backup",
        help="write one archive: a consistent copy of the database and a manifest (no keys)",
        description="Safe while the site runs. The archive holds no key: back up the field key"
        " apart, with `civicspace keys export` (docs/backup.md).",
    )
    backup.add_argument("file", type=Path, help="the archive to write, e.g. civicspace.tar.gz")
    restore = commands.add_parser(
        "restore",
        help="replace the database with a backup's, then check snapshots and sealed names",
    )
    restore.add_argument("file", type=Path)
    restore.add_argument(
        "--force", action="store_true", help="replace a database that is not empty"
    )
    keys = commands.add_parser("keys", help="the field key that seals panelist names")
    key_commands = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = key_commands.add_parser("export", help="write the field key in use to a new file")
    export.add_argument("file", type=Path)
    key_commands.add_parser(
        "check", help="open every sealed panelist name with the field key in use"
    )
    key_commands.add_parser(
        "rotate", help="seal every name with a new field key, in one transaction"
    )

    countries = commands.add_parser("countries", help="the programme's country list")
    countries.add_argument("action", choices=["load"])
    countries.add_argument(
        "file", type=Path, help="a programme file, as src/civicspace/countries/programme.yaml"
    )
    notify = commands.add_parser("notify", help="notifications: e-mail what waits for people")
    notify_commands = notify.add_subparsers(dest="action", required=True, metavar="ACTION")
    notify_commands.add_parser(
        "digest",
        help="e-mail each person their daily digest, and alert subscribers theirs"
        " (safe to run again: never twice)",
    )
    worker = commands.add_parser(
        "worker",
        help="run background jobs (report PDFs at publication, e-mails) until stopped",
        description="The task framework's database worker (django-tasks `db_worker`); its"
        " options pass through, e.g. --batch to run what is queued and stop.",
        add_help=False,
    )
    worker.add_argument("args", nargs=argparse.REMAINDER)
    pdf = commands.add_parser("pdf", help="published reports' stored PDFs")
    pdf_commands = pdf.add_subparsers(dest="action", required=True, metavar="ACTION")
    pdf_render = pdf_commands.add_parser(
        "render",
        help="render and store every published revision's PDF that is not stored yet",
        description="For upgrades: a changed report template makes new documents, rendered"
        " here at once rather than on their first download.",
    )
    which = pdf_render.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every revision")
    which.add_argument("--year", type=int, help="every revision of this year's reports")
    pdf_render.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes that typeset at once (default: the number of cores)",
    )

    token = commands.add_parser(
        "token",
        help="Network Members' API tokens: record events through the API (docs/early-warning.md)",
    )
    token_commands = token.add_subparsers(dest="action", required=True, metavar="ACTION")
    issue = token_commands.add_parser(
        "issue", help="issue a token to a member (shown once: only its digest is kept)"
    )
    issue.add_argument("username")
    issue.add_argument("--name", default="", help="what it is for, e.g. 'monitoring script'")
    revoke = token_commands.add_parser("revoke", help="revoke a token at once")
    revoke.add_argument("token", help="its number, or how it begins (as `token list` shows)")
    listing = token_commands.add_parser("list", help="tokens, newest first")
    listing.add_argument("username", nargs="?", help="one person's only")

    alerts = commands.add_parser("alerts", help="early-warning alerts (docs/early-warning.md)")
    alerts_commands = alerts.add_subparsers(dest="action", required=True, metavar="ACTION")
    alerts_commands.add_parser(
        "refresh",
        help="run every alert rule over every country's verified events (after editing the rules)",
    )

    _site_parser(commands)

    manage = commands.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def _site_parser(commands: Any) -> None:
    site = commands.add_parser("site", help="the public site baked into static files")
    site_commands = site.add_subparsers(dest="action", required=True, metavar="ACTION")
    build = site_commands.add_parser(
        "build",
        help="bake every public page, data file, API answer, static file and PDF into DIR",
        description="Made by the site's own views, so each file is the page the live site"
        " serves; files whose content did not change are left as they were (docs/deploy.md).",
    )
    build.add_argument("directory", type=Path, metavar="DIR")
    build.add_argument(
        "--base-url",
        help="the address the baked site is served at (default: CIVICSPACE_SITE_URL)",
    )
    build.add_argument("--no-pdfs", action="store_true", help="leave out the report PDFs")
    build.add_argument(
        "--jobs",
        type=int,
        help="processes that bake at once (default: CIVICSPACE_BAKE_JOBS, the cores up to 4)",
    )
    nginx = site_commands.add_parser(
        "nginx-config", help="print the nginx configuration that serves a baked DIR"
    )
    nginx.add_argument("directory", type=Path, metavar="DIR")
    nginx.add_argument(
        "--upstream",
        default="",
        help="the live site (e.g. http://127.0.0.1:8000): what is not baked is passed to it",
    )


def _report_import_parser(kinds: Any) -> None:
    sub = kinds.add_parser(
        "report",
        help="a Country Focus Report document (.docx, .md, .txt) into a cycle's draft",
        description="Shows where every part of the document goes, then writes it in one"
        " transaction (docs/report-import.md).",
    )
    sub.add_argument("file", type=Path)
    sub.add_argument("country", help="ISO code or name, e.g. KZ or Kazakhstan")
    sub.add_argument("year", type=int)
    sub.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")
    sub.add_argument(
        "--accept-suggestions",
        action="store_true",
        help="also apply scores only stated in a sentence (see the preview)",
    )
    sub.add_argument("--by", metavar="USERNAME", help="the user the audit trail names")
    _reports_import_parser(kinds)


def _reports_import_parser(kinds: Any) -> None:
    sub = kinds.add_parser(
        "reports",
        help="a folder of Country Focus Reports (.docx, .md, .txt), one cycle per file",
        description="The country comes from each file's name, else from the document's title."
        " Each file is imported all or nothing; one that fails does not stop the others"
        " (docs/report-import.md, 'A folder of past reports').",
    )
    sub.add_argument("folder", type=Path)
    sub.add_argument("--year", type=int, required=True, help="the cycle year of every file")
    sub.add_argument("--dry-run", action="store_true", help="show the summary, write nothing")
    sub.add_argument(
        "--publish-as-archive",
        action="store_true",
        help="publish each file as a revision dated as the document was published",
    )
    sub.add_argument(
        "--published-on",
        type=_date,
        metavar="DATE",
        help="with --publish-as-archive: the publication date of every file (default: the"
        " date each document states, e.g. 'Published: March 2025')",
    )
    sub.add_argument(
        "--add-revision",
        action="store_true",
        help="with --publish-as-archive: publish beside a revision the cycle already has",
    )
    sub.add_argument("--by", metavar="USERNAME", help="the user the audit trail names")


def _export_parser(commands: Any) -> None:
    export = commands.add_parser("export", help="a report as a Word file, to edit offline")
    kinds = export.add_subparsers(dest="kind", required=True, metavar="KIND")
    sub = kinds.add_parser(
        "report",
        help="a cycle's Country Focus Report as DOCX (published, or the draft)",
        description="Writes the latest published revision; a cycle never published, or --draft,"
        " gives the current draft, marked DRAFT. Importing the file back (`civicspace import"
        " report`) gives the same texts (docs/report-import.md).",
    )
    sub.add_argument("country", help="ISO code or name, e.g. KZ or Kazakhstan")
    sub.add_argument("year", type=int)
    sub.add_argument("-o", "--output", type=Path, required=True, help="the .docx file to write")
    which = sub.add_mutually_exclusive_group()
    which.add_argument("--draft", action="store_true", help="the current draft, even if published")
    which.add_argument("--revision", type=int, help="an earlier published revision")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["worker"]:  # every option is the worker's own (argparse keeps "--batch")
        return _manage(["db_worker", *argv[1:]])
    args = _parser().parse_args(argv)
    if args.command == "manage":
        return _manage(args.args)
    _setup_django()
    handler = {
        "score": _score,
        "import": _import,
        "cycle": _cycle_create,
        "demo": _demo_load,
        "report": _report,
        "export": _export_report,
        "verify": _verify,
        "backup": _backup,
        "restore": _restore,
        "keys": _keys,
        "countries": _countries_load,
        "notify": _notify_digest,
        "pdf": _pdf_render,
        "token": _token,
        "alerts": _alerts,
        "site": _site,
    }[args.command]
    return handler(args)


def _manage(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.settings")
    execute_from_command_line(["civicspace manage", *argv])
    return EXIT_OK


def _fail(message: str, code: int = EXIT_REFUSED) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _score(args: argparse.Namespace) -> int:
    from civicspace.assessments.presenters import record_as_text
    from civicspace.assessments.selectors import CycleNotFound, cycle_get
    from civicspace.core.record import record_to_json
    from civicspace.countries.selectors import CountryNotFound, country_get
    from civicspace.editorial.snapshots import cycle_record

    try:
        cycle = cycle_get(country=country_get(query=args.country), year=args.year)
    except (CountryNotFound, CycleNotFound) as exc:
        return _fail(str(exc))
    record = cycle_record(cycle=cycle)
    if args.format == "json":
        print(json.dumps(record_to_json(record), indent=2, ensure_ascii=False))
    else:
        print(record_as_text(record))
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from django.http import Http404

    from civicspace.assessments.selectors import CycleNotFound, cycle_get
    from civicspace.countries.selectors import CountryNotFound, country_get
    from civicspace.publishing.rendering import (
        report_html,
        report_of_draft,
        report_of_snapshot,
        report_pdf,
    )
    from civicspace.publishing.selectors import snapshot_get

    fmt = args.format or ("pdf" if args.output.suffix.lower() == ".pdf" else "html")
    try:
        cycle = cycle_get(country=country_get(query=args.country), year=args.year)
    except (CountryNotFound, CycleNotFound) as exc:
        return _fail(str(exc))
    iso2 = cycle.country.iso2
    snapshot = None
    if not args.draft:
        try:
            snapshot = snapshot_get(iso2=iso2, year=args.year, revision=args.revision)
        except Http404:
            if args.revision is not None:
                return _fail(f"{cycle} has no published revision {args.revision}")
    if snapshot is not None:
        html = report_html(report_of_snapshot(snapshot))
        what = f"published revision {snapshot.revision}"
    else:
        html = report_html(report_of_draft(cycle), state=cycle.get_state_display())
        what = "DRAFT (watermarked; not published)"
    content = report_pdf(html) if fmt == "pdf" else html.encode("utf-8")
    try:
        args.output.write_bytes(content)
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror}")
    print(f"{cycle.country.name} {cycle.year}, {what}: {fmt.upper()} written to {args.output}")
    return EXIT_OK


def _export_report(args: argparse.Namespace) -> int:
    from django.http import Http404

    from civicspace.assessments.selectors import CycleNotFound, cycle_get
    from civicspace.countries.selectors import CountryNotFound, country_get
    from civicspace.publishing.docx_export import report_docx
    from civicspace.publishing.rendering import report_of_draft, report_of_snapshot
    from civicspace.publishing.selectors import snapshot_get

    try:
        cycle = cycle_get(country=country_get(query=args.country), year=args.year)
    except (CountryNotFound, CycleNotFound) as exc:
        return _fail(str(exc))
    snapshot = None
    if not args.draft:
        try:
            snapshot = snapshot_get(iso2=cycle.country.iso2, year=args.year, revision=args.revision)
        except Http404:
            if args.revision is not None:
                return _fail(f"{cycle} has no published revision {args.revision}")
    if snapshot is not None:
        content = report_docx(report_of_snapshot(snapshot))
        what = f"published revision {snapshot.revision}"
    else:
        content = report_docx(report_of_draft(cycle), state=cycle.get_state_display())
        what = "DRAFT (marked; not published)"
    try:
        args.output.write_bytes(content)
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror}")
    print(f"{cycle.country.name} {cycle.year}, {what}: DOCX written to {args.output}")
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from civicspace.countries.selectors import CountryNotFound, country_get
    from civicspace.publishing.verification import snapshots_to_verify, verify_snapshot

    if args.all == (args.country is not None) or (args.country is None) != (args.year is None):
        return _fail("give COUNTRY and YEAR, or --all", EXIT_USAGE)
    iso2 = None
    if args.country is not None:
        try:
            iso2 = country_get(query=args.country).iso2
        except CountryNotFound as exc:
            return _fail(str(exc))
    snapshots = snapshots_to_verify(iso2=iso2, year=args.year)
    if not snapshots:
        return _fail("no published revision to verify")
    failed = 0
    for snapshot in snapshots:
        name = f"{snapshot.cycle.country.iso2} {snapshot.cycle.year} revision {snapshot.revision}"
        result = verify_snapshot(snapshot)
        version = snapshot.data.get("schema_version", 1)
        print(f"{name}: {'ok' if result.ok else 'FAILED'} (schema version {version})")
        if not result.checksum_ok:
            print("  checksum: the stored data no longer has the SHA-256 it was published with")
        for mismatch in result.mismatches:
            print(f"  {mismatch}")
        for note in result.notes:
            print(f"  note: {note}")
        failed += not result.ok
    print(f"{len(snapshots) - failed} of {len(snapshots)} published revisions verified")
    return EXIT_REFUSED if failed else EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from civicspace.assessments.services import scores_import
    from civicspace.imports.problems import ImportRefused, ImportReport
    from civicspace.indicators.services import civicus_import, indicators_import
    from civicspace.monitoring.import_services import events_import

    if args.kind == "report":
        return _import_report(args)
    if args.kind == "reports":
        return _import_reports(args)
    importers: dict[str, Callable[..., ImportReport]] = {
        "scores": scores_import,
        "civicus": civicus_import,
        "indicators": indicators_import,
        "events": events_import,
    }
    run = importers[args.kind]
    try:
        report = run(path=args.file)
    except ImportRefused as exc:
        count = len(exc.problems)
        print(
            f"{args.file}: refused, nothing was imported ({count} problem{'s' * (count != 1)}):",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_REFUSED
    for notice in report.notices:
        print(f"  note: {notice}")
    print(f"{args.file}: imported ({report.summary()})")
    return EXIT_OK


def _import_report(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model

    from civicspace.assessments.panel_services import EditConflict
    from civicspace.assessments.selectors import CycleNotFound, cycle_get
    from civicspace.assessments.services import CycleError
    from civicspace.core.framework import load_edition
    from civicspace.countries.selectors import CountryNotFound, country_get
    from civicspace.editorial.import_preview import outcome_lines, preview_lines
    from civicspace.editorial.import_services import report_import
    from civicspace.imports.problems import ImportRefused
    from civicspace.imports.report_document import report_document_read
    from civicspace.monitoring.evidence_selectors import period_event_tallies

    try:
        cycle = cycle_get(country=country_get(query=args.country), year=args.year)
        data = args.file.read_bytes()
    except (CountryNotFound, CycleNotFound) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{args.file}: {exc.strerror}")
    by = None
    if args.by:
        by = get_user_model().objects.filter(username=args.by).first()
        if by is None:
            return _fail(f"--by {args.by}: no such user")
    try:
        document = report_document_read(
            data=data, name=args.file.name, edition=load_edition(cycle.edition)
        )
        outcome = report_import(
            cycle=cycle,
            document=document,
            by=by,
            accept_suggestions=args.accept_suggestions,
            dry_run=args.dry_run,
            period_events=period_event_tallies(cycle=cycle),
        )
    except ImportRefused as exc:
        print(f"{args.file}: refused, nothing was imported:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_REFUSED
    except (CycleError, EditConflict) as exc:
        return _fail(f"{args.file}: refused, nothing was imported: {exc}")
    print(f"{args.file} → {cycle}")
    print("\n".join(preview_lines(cycle=cycle, document=document, outcome=outcome)))
    print("\n".join(outcome_lines(outcome)))
    written = len(outcome.changes)
    if args.dry_run:
        print(f"Dry run: nothing was written ({written} section(s) would change).")
    else:
        print(
            f"Imported: {written} section(s) written, {len(outcome.unchanged)} unchanged,"
            f" {len(outcome.scores)} dimension score(s) recorded."
        )
    return EXIT_OK


def _import_reports(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model

    from civicspace.countries.selectors import programme_resolver
    from civicspace.editorial.archive_services import ArchiveOptions, reports_import
    from civicspace.imports.report_archive import ARCHIVE_SUFFIXES
    from civicspace.monitoring.evidence_selectors import period_event_tallies

    if not args.folder.is_dir():
        return _fail(f"{args.folder}: not a folder")
    if (args.published_on or args.add_revision) and not args.publish_as_archive:
        return _fail("--published-on and --add-revision go with --publish-as-archive")
    paths = sorted(
        p for p in args.folder.iterdir() if p.is_file() and p.suffix.lower() in ARCHIVE_SUFFIXES
    )
    if not paths:
        return _fail(f"{args.folder}: no .docx, .md or .txt files")
    by = None
    if args.by:
        by = get_user_model().objects.filter(username=args.by).first()
        if by is None:
            return _fail(f"--by {args.by}: no such user")
    options = ArchiveOptions(
        year=args.year,
        by=by,
        dry_run=args.dry_run,
        publish=args.publish_as_archive,
        published_on=args.published_on,
        add_revision=args.add_revision,
        period_events=lambda cycle: period_event_tallies(cycle=cycle),
    )
    files = ((p.name, p.read_bytes()) for p in paths)
    results = reports_import(files=files, options=options, resolver=programme_resolver())
    print("\n".join(_reports_table(results)))
    failed = sum(r.failed for r in results)
    done = "would be imported" if args.dry_run else "imported"
    print(f"{len(results) - failed} of {len(results)} file(s) {done}, {failed} failed.")
    if args.dry_run:
        print("Dry run: nothing was written.")
    return EXIT_REFUSED if failed else EXIT_OK


def _reports_table(results: Sequence[Any]) -> list[str]:
    width = max(len("file"), *(len(r.file) for r in results))
    head = (
        f"{'file':{width}}  country     sections  found  suggested  missing  sources  problems"
        "  result"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        country = f"{r.country} ({r.country_from})" if r.country else "?"
        lines.append(
            f"{r.file:{width}}  {country:10}  {r.sections:8}  {r.found:5}  {r.suggested:9}"
            f"  {r.missing:7}  {r.sources:7}  {len(r.problems):8}  {r.result}"
        )
    for r in results:
        if r.problems:
            lines.append(f"{r.file}:")
            lines += [f"  {'error' if r.failed else 'note'}: {p}" for p in r.problems]
    return lines


def _cycle_create(args: argparse.Namespace) -> int:
    from civicspace.assessments.services import CycleError, cycle_create
    from civicspace.countries.selectors import CountryNotFound, country_get

    if args.action == "schedule":
        return _cycle_schedule(args)
    if args.all == (args.country is not None):
        return _fail("give COUNTRY YEAR, or --all YEAR", EXIT_USAGE)
    if args.all:
        return _cycles_open_year(args)
    try:
        cycle = cycle_create(
            country=country_get(query=args.country),
            year=args.year,
            period_start=args.period[0],
            period_end=args.period[1],
            panel_date=args.panel_date,
            edition=args.edition,
        )
    except (CountryNotFound, CycleError) as exc:
        return _fail(str(exc))
    print(f"created the {cycle.year} cycle of {cycle.country.name} ({cycle.edition})")
    return EXIT_OK


def _cycles_open_year(args: argparse.Namespace) -> int:
    from civicspace.assessments.services import CycleError, cycles_open_year

    try:
        created, skipped = cycles_open_year(
            year=args.year,
            period_start=args.period[0],
            period_end=args.period[1],
            panel_date=args.panel_date,
            edition=args.edition,
        )
    except CycleError as exc:
        return _fail(f"{exc} (no cycle was created)")
    for country in skipped:
        print(f"  {country.name} already has a {args.year} cycle: left as it is")
    print(f"created the {args.year} cycle of {len(created)} programme countries", end="")
    print(f" ({len(skipped)} already had one)" if skipped else "")
    return EXIT_OK


def _cycle_schedule(args: argparse.Namespace) -> int:
    from civicspace.assessments.schedule_services import cycle_schedule_set, year_schedule_set
    from civicspace.assessments.selectors import CycleNotFound, cycle_get, year_schedule_get
    from civicspace.assessments.services import CycleError
    from civicspace.core.deadlines import STAGES, DueDates
    from civicspace.countries.selectors import CountryNotFound, country_get

    given = DueDates(args.submission, args.review, args.publication)
    if args.clear and (args.country is None or given != DueDates()):
        return _fail("--clear goes with --country and no dates", EXIT_USAGE)
    try:
        cycle = None
        if args.country is not None:
            cycle = cycle_get(country=country_get(query=args.country), year=args.year)
        own = cycle.own_due_dates if cycle else year_schedule_get(year=args.year)
        wanted = DueDates() if args.clear else own.overridden_by(given)
        if args.clear or given != DueDates():
            dates = {f"{s.value}_due": wanted.of(s) for s in STAGES}
            if cycle is None:
                year_schedule_set(year=args.year, by=None, **dates)
            else:
                cycle = cycle_schedule_set(cycle=cycle, by=None, **dates)
    except (CountryNotFound, CycleNotFound, CycleError) as exc:
        return _fail(f"{exc} (nothing was changed)")
    year_dates = year_schedule_get(year=args.year)
    applying = year_dates.overridden_by(cycle.own_due_dates) if cycle else year_dates
    print(f"due dates of {cycle or args.year}:")
    for stage in STAGES:
        due, own_date = applying.of(stage), cycle.own_due_dates.of(stage) if cycle else None
        note = " (this country's own)" if own_date else ""
        print(f"  {stage.value:<12} {due.isoformat() if due else 'not set'}{note}")
    return EXIT_OK


def _demo_load(args: argparse.Namespace) -> int:
    from civicspace.demo.loader import demo_load
    from civicspace.demo.synthetic import synthetic_load

    if (args.countries is None) != (args.years is None):
        return _fail("give --countries and --years together", EXIT_USAGE)
    try:
        summary = (
            demo_load()
            if args.countries is None
            else synthetic_load(countries=args.countries, years=args.years)
        )
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    print(
        f"DEMO data loaded: {summary.countries} countries, {summary.cycles} cycles,"
        f" {summary.scores} dimension scores, {summary.ratings} CIVICUS ratings;"
        f" {summary.published} reports published"
    )
    for path, reset in (
        (args.admin_password_file, _admin_reset),
        (args.member_password_file, _member_reset),
    ):
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(reset() + "\n")
            path.chmod(0o600)
    if args.admin_password_file and args.admin_recovery_codes_file:
        _admin_second_factor(args.admin_recovery_codes_file)
    return EXIT_OK


def _admin_second_factor(path: Path) -> None:
    """The demo admin's authenticator device and one-time recovery codes, written to `path`."""
    from django.contrib.auth import get_user_model

    from civicspace.accounts.two_factor import second_factor_enrol_unattended

    uri, codes = second_factor_enrol_unattended(user=get_user_model().objects.get(username="admin"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# civicspace demo admin: each recovery code works once as the second factor;\n"
        f"# or add this address to an authenticator app: {uri}\n" + "\n".join(codes) + "\n"
    )
    path.chmod(0o600)


def _backup(args: argparse.Namespace) -> int:
    from civicspace.operations.backup import BackupError, backup_create

    try:
        manifest = backup_create(path=args.file)
    except (BackupError, OSError) as exc:
        return _fail(str(exc))
    counts = ", ".join(f"{n} {what}" for what, n in manifest["counts"].items())
    print(f"{args.file}: {manifest['database']} backup written ({counts})")
    fingerprint = manifest["field_key"]["fingerprint"]
    print(
        f"It holds no key: the sealed names need the field key {fingerprint}"
        " (`civicspace keys export FILE`; keep it apart from this archive)."
    )
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from civicspace.operations.backup import BackupError, backup_restore

    try:
        restored = backup_restore(path=args.file, force=args.force)
    except (BackupError, OSError) as exc:
        return _fail(str(exc))
    manifest = restored.manifest
    print(f"{args.file}: {manifest['database']} backup of {manifest['created_at']} restored")
    for line in restored.check.lines():
        print(line)
    for name in restored.snapshots_missing:
        print(
            f"  MISSING: {name}, listed in the backup's manifest, is not in the restored database"
        )
    for name in restored.attachments_missing:
        print(f"  MISSING: the file of {name} is in neither the data folder nor the backup")
    if manifest["field_key"]["fingerprint"] != restored.check.names.key_fingerprint:
        print(f"  The backup was made with field key {manifest['field_key']['fingerprint']}.")
    if not restored.ok:
        return _fail("the restored database does not pass its check (above)")
    return EXIT_OK


def _keys(args: argparse.Namespace) -> int:
    from civicspace.operations.checks import sealed_names_check
    from civicspace.operations.keys import FieldKeyError, field_key_export, field_key_rotate

    if args.action == "check":
        names = sealed_names_check()
        for line in names.lines():
            print(line)
        return EXIT_OK if names.ok else _fail("some sealed names do not open (above)")
    try:
        if args.action == "export":
            fingerprint = field_key_export(path=args.file)
            print(f"field key {fingerprint} written to {args.file} (mode 0600): keep it offline,")
            print("apart from the backups; restoring one needs the key that was in use then.")
            return EXIT_OK
        rotation = field_key_rotate()
    except (FieldKeyError, OSError) as exc:
        return _fail(str(exc))
    if rotation.new_key:
        print(f"New field key: {rotation.new_key}")
        print("The key in use comes from CIVICSPACE_FIELD_KEY, so nothing was changed yet. In the")
        print("environment of every civicspace process set CIVICSPACE_FIELD_KEY to the new key and")
        print("CIVICSPACE_FIELD_KEYS_OLD to the old one, restart them, then run")
        print("`civicspace keys rotate` again to seal every name with the new key.")
        return EXIT_OK
    print(f"{rotation.resealed} sealed name(s) now sealed with field key {rotation.fingerprint}.")
    if os.environ.get("CIVICSPACE_FIELD_KEYS_OLD"):
        print("No name needs the old key(s) any more: remove CIVICSPACE_FIELD_KEYS_OLD.")
    print("Export the new key (`civicspace keys export FILE`) and keep it with your backups;")
    print("backups made before now still need the old key.")
    return EXIT_OK


def _admin_reset() -> str:
    """A fresh random password for the local demo user 'admin' (never a fixed default)."""
    from django.contrib.auth import get_user_model

    user_model: Any = get_user_model()
    password = secrets.token_urlsafe(12)
    user = user_model.objects.filter(username="admin").first() or user_model(username="admin")
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return password


def _member_reset() -> str:
    """A demo Network Member for Kazakhstan, to try the workspace; a fresh random password."""
    from django.contrib.auth import get_user_model

    from civicspace.accounts.models import Role
    from civicspace.countries.models import Country

    user_model: Any = get_user_model()
    password = secrets.token_urlsafe(12)
    user = user_model.objects.filter(username="kz-member").first() or user_model(
        username="kz-member"
    )
    user.set_password(password)
    user.save()
    Role.objects.get_or_create(
        user=user, kind=Role.Kind.MEMBER, country=Country.objects.get(iso2="KZ")
    )
    return password


def _notify_digest(args: argparse.Namespace) -> int:
    from civicspace.notifications.alert_mail import alerts_digest_send
    from civicspace.notifications.mail import digest_send
    from civicspace.notifications.services import deadlines_notify

    reminders = deadlines_notify()
    print(f"{reminders} deadline reminder(s) made")
    report = digest_send()
    print(f"sent {report.people} digest(s) with {report.notifications} notification(s)")
    alerts = alerts_digest_send()
    print(f"sent {alerts.addresses} alert digest(s) with {alerts.alerts} alert(s)")
    failed = report.failed + alerts.failed
    if failed:
        return _fail(f"{failed} digest(s) could not be sent; they stay pending (see log)")
    return EXIT_OK


def _pdf_render(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.utils import translation

    from civicspace.publishing.pdfs import snapshots_pdf_store_parallel, snapshots_published

    started = time.perf_counter()
    rendered = stored = 0
    # Every language the site serves a report's PDF in, as the job after a publication does.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            snapshots = snapshots_published(year=args.year)
            for done in snapshots_pdf_store_parallel(snapshots, jobs=args.jobs):
                snapshot = done.snapshot
                name = (
                    f"{snapshot.cycle.country.iso2} {snapshot.cycle.year}"
                    f" revision {snapshot.revision} ({code})"
                )
                if done.seconds is None:
                    stored += 1
                else:
                    rendered += 1
                    print(f"{name}: rendered in {done.seconds:.1f} s ({done.size // 1024} KB)")
    total = time.perf_counter() - started
    print(
        f"{rendered} PDFs rendered and stored in {total:.1f} s with {args.jobs} process(es);"
        f" {stored} were stored already"
    )
    return EXIT_OK


def _countries_load(args: argparse.Namespace) -> int:
    from civicspace.countries.services import ProgrammeFileError, programme_load

    try:
        loaded = programme_load(path=args.file)
    except ProgrammeFileError as exc:
        return _fail(f"{exc} (nothing was changed)")
    print(f"{loaded.in_programme} countries in the programme")
    if loaded.not_listed:
        print(
            f"  still in the programme though {args.file} does not list them: "
            f"{', '.join(loaded.not_listed)} (untick 'in the programme' in the admin if they left)"
        )
    return EXIT_OK


def _token(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model

    from civicspace.accounts.tokens import (
        TokenError,
        token_find,
        token_issue,
        token_revoke,
        tokens_of,
    )

    user_model: Any = get_user_model()
    try:
        if args.action == "list":
            user = None
            if args.username:
                user = user_model.objects.filter(username=args.username).first()
                if user is None:
                    return _fail(f"no user {args.username!r}")
            for t in tokens_of(user):
                state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "live"
                used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
                print(
                    f"{t.pk}\t{t.prefix}…\t{t.user.get_username()}\t{t.country.iso2}\t"
                    f"{t.name or '-'}\tissued {t.created_at:%Y-%m-%d}\tlast used {used}\t{state}"
                )
            return EXIT_OK
        if args.action == "issue":
            user = user_model.objects.filter(username=args.username).first()
            if user is None:
                return _fail(f"no user {args.username!r}")
            issued = token_issue(user=user, name=args.name, by=None)
            print(issued.secret)
            print(
                f"token {issued.token.pk} for {args.username} ({issued.token.country.iso2}):"
                " shown this once; give it to the member by a safe channel",
                file=sys.stderr,
            )
            return EXIT_OK
        revoked = token_revoke(token=token_find(prefix_or_id=args.token), by=None)
    except TokenError as exc:
        return _fail(str(exc))
    print(f"token {revoked.pk} ({revoked.prefix}…) of {revoked.user.get_username()} revoked")
    return EXIT_OK


def _alerts(args: argparse.Namespace) -> int:
    from civicspace.monitoring.alert_services import alerts_refresh_all

    changed = alerts_refresh_all()
    for alert in changed:
        print(
            f"alert {alert.pk}\t{alert.country.iso2}\t{alert.rule}\t{alert.subject}\t{alert.state}"
        )
    print(f"{len(changed)} alert(s) proposed or grown", file=sys.stderr)
    return EXIT_OK


def _site(args: argparse.Namespace) -> int:
    from django.conf import settings

    from civicspace.site.bake import BakeError, site_build
    from civicspace.site.bake_nginx import nginx_config

    directory = args.directory.resolve()
    if args.action == "nginx-config":
        print(nginx_config(root=directory, upstream=args.upstream), end="")
        return EXIT_OK
    base_url = args.base_url or settings.CIVICSPACE_SITE_URL
    jobs = args.jobs or settings.CIVICSPACE_BAKE_JOBS
    try:
        done = site_build(directory=directory, base_url=base_url, pdfs=not args.no_pdfs, jobs=jobs)
    except (BakeError, OSError) as exc:
        return _fail(f"{exc} (files already baked are kept)")
    print(
        f"{directory}: {done.files} files for {base_url} in {done.seconds:.1f} s"
        f" with {jobs} process(es)"
        f" ({done.written} written, {done.unchanged} unchanged, {done.removed} removed)"
    )
    print(f"Serve it with the configuration of `civicspace site nginx-config {args.directory}`.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
