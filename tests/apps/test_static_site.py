"""The baked public site: the live site's bytes, written only when changed, rebuilt after a
publication, served by nginx with the right types and headers, and free of drafts."""

import io
import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from openpyxl import load_workbook

from civicspace.assessments.models import Cycle
from civicspace.demo.reports import demo_editor, demo_member
from civicspace.editorial.services import cycle_transition
from civicspace.publishing.api import IN_PROCESS
from civicspace.publishing.models import ReportPdf
from civicspace.site.bake import MANIFEST, NOT_FOUND, NOT_FOUND_PROBE, baked_name, site_build
from civicspace.site.bake_nginx import nginx_config
from civicspace.site.bake_paths import LIVE_ONLY, bake_paths
from tests.apps.crawl import PRIVATE
from tests.apps.helpers import publish
from tests.apps.test_public_site import SECRET, _drafts_with_secrets

pytestmark = pytest.mark.django_db
HOST = "civicspace.test"
BASE_URL = f"https://{HOST}"
NGINX = Path("/usr/sbin/nginx")


@pytest.fixture
def baking(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]


def _live(client, path):
    client.cookies.clear()
    return client.get(path, secure=True, headers={"host": HOST}, **{IN_PROCESS: "1"})


def _cells(content):
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def _compared(client, root):
    """Every baked address against the live site's answer to it; returns how many."""
    compared = 0
    for each in bake_paths():
        if each.pdf:
            continue
        path: str | None = each.path
        while path:
            live = _live(client, path)
            assert live.status_code == 200, path
            baked = (root / baked_name(path, live["Content-Type"])).read_bytes()
            assert baked == live.content, path
            compared += 1
            following = json.loads(baked).get("next") if each.paginated else None
            path = following.removeprefix(BASE_URL) if following else None
    not_found = _live(client, NOT_FOUND_PROBE)
    assert (root / NOT_FOUND).read_bytes() == not_found.content
    return compared


def test_every_baked_page_file_and_answer_is_the_live_sites_bytes(demo, baking, client, tmp_path):
    root = tmp_path / "site"
    report = site_build(directory=root, base_url=BASE_URL, pdfs=False)
    assert report.written == report.files > 0
    compared = _compared(client, root)
    assert compared > 40
    for must in ("index.html", "countries/GE/index.html", "api/v1/index.json", "404.html"):
        assert (root / must).is_file(), must
    assert (root / "api/v1/cycles/GE/2025/index.json").is_file()
    assert b"https://civicspace.test/api/v1/countries" in (root / "api/v1/index.json").read_bytes()
    # The spreadsheet is the same workbook, and the same bytes, whenever it is made.
    xlsx = _live(client, reverse("open_data:scores", args=["xlsx"])).content
    assert (root / "data/scores.xlsx").read_bytes() == xlsx
    assert _cells(xlsx)["scores"][1][0] is not None
    # Static files as collectstatic makes them, with a hashed copy for caching for good.
    css = root / "static/site/site.css"
    assert css.read_bytes() == Path(str(finders.find("site/site.css"))).read_bytes()
    assert list((root / "static/site").glob("site.????????????.css"))
    assert oct((root / "countries/GE/index.html").stat().st_mode & 0o777) == "0o644"


def test_a_second_build_rewrites_nothing_unchanged(demo, baking, tmp_path):
    root = tmp_path / "site"
    site_build(directory=root, base_url=BASE_URL, pdfs=False)
    page = root / "countries/GE/index.html"
    before = page.stat().st_mtime_ns
    time.sleep(0.01)
    again = site_build(directory=root, base_url=BASE_URL, pdfs=False)
    assert again.written == 0
    assert again.unchanged > 40
    assert page.stat().st_mtime_ns == before
    manifest = json.loads((root / MANIFEST).read_text())
    assert "countries/GE/index.html" in manifest


def test_publication_rebuilds_its_country_pages_as_a_background_job(
    demo, baking, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    """A correction of GE 2025 is published: the job rewrites GE's pages, PDFs and answers and
    the lists, and leaves other countries' pages alone."""
    root = tmp_path / "site"
    site_build(directory=root, base_url=BASE_URL, pdfs=False)
    settings.CIVICSPACE_STATIC_SITE_DIR = str(root)
    settings.CIVICSPACE_SITE_URL = BASE_URL
    other = root / "countries/KZ/index.html"
    other_time = other.stat().st_mtime_ns if other.exists() else None
    ge_api = root / "api/v1/countries/GE/index.json"
    revisions_before = json.loads(ge_api.read_text())["cycles"][-1]["revision"]
    cycle = Cycle.objects.get(country__iso2="GE", year=2025)
    editor = demo_editor()
    cycle_transition(cycle=cycle, action="reopen", by=editor, note="A correction.")
    with django_capture_on_commit_callbacks(execute=True):
        publish(demo_member(cycle), editor, cycle)
    newest = json.loads(ge_api.read_text())["cycles"][-1]["revision"]
    assert newest == revisions_before + 1
    assert (root / f"reports/GE/2025/revisions/{newest}/index.html").is_file()
    assert (root / f"reports/GE/2025/revisions/{newest}/report.pdf").read_bytes()[:5] == b"%PDF-"
    # The report's pages are rewritten, the kept report bodies notwithstanding: the report shows
    # the new revision, and the revision before points to it, as the live site does.
    for path in ("/reports/GE/2025/", f"/ru/reports/GE/2025/revisions/{newest - 1}/"):
        baked = (root / baked_name(path, "text/html")).read_bytes()
        assert baked == _live(client, path).content, path
    report = (root / "reports/GE/2025/index.html").read_bytes().decode()
    assert f"Revision {newest}, published" in report
    before = (root / f"reports/GE/2025/revisions/{newest - 1}/index.html").read_bytes().decode()
    assert f"This is revision {newest - 1}; read the current one" in before
    if other_time is not None:
        assert other.stat().st_mtime_ns == other_time


def _stamps(root):
    return {f: f.stat().st_mtime_ns for f in root.rglob("*") if f.is_file()}


def test_a_rebuild_after_one_publication_rewrites_its_country_lists_and_files_only(
    demo, baking, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    """A correction of GE 2025: its pages, the data files and the lists that show it are
    rewritten; another country's report and the API's pages of other countries' scores are
    left as they were (not even asked for again), and every API list page is the live one."""
    root = tmp_path / "site"
    site_build(directory=root, base_url=BASE_URL, pdfs=False)
    settings.CIVICSPACE_STATIC_SITE_DIR = str(root)
    settings.CIVICSPACE_SITE_URL = BASE_URL
    before = _stamps(root)
    time.sleep(0.01)
    cycle = Cycle.objects.get(country__iso2="GE", year=2025)
    editor = demo_editor()
    cycle_transition(cycle=cycle, action="reopen", by=editor, note="A correction.")
    with django_capture_on_commit_callbacks(execute=True):
        publish(demo_member(cycle), editor, cycle)
    after = _stamps(root)
    rewritten = {f.relative_to(root).as_posix() for f in before if after[f] != before[f]}
    for must in (
        "reports/GE/2025/index.html",
        "api/v1/cycles/GE/2025/index.json",
        "api/v1/countries/GE/index.json",
        "api/v1/reports/index.json",
        "data/scores.csv",
        "data/scores.xlsx",
        "data/scores.json",
    ):
        assert must in rewritten, must
    others = [p for p in before if p.match("reports/KZ/*/index.html")]
    assert others
    for page in others:
        assert after[page] == before[page], page
    score_pages = sorted(p for p in before if p.match("api/v1/scores/index*.json"))
    assert len(score_pages) > 1
    kept = [p for p in score_pages if after[p] == before[p]]
    assert kept, "the score pages without GE's rows are kept"
    # Kept or asked for again, every API list page is the live answer.
    for name in ("scores", "cycles", "reports"):
        for page in sorted(root.glob(f"api/v1/{name}/index*.json")):
            number = page.stem.removeprefix("index")
            path = f"/api/v1/{name}" + (f"?page={number}" if number else "")
            assert page.read_bytes() == _live(client, path).content, path


def test_no_baked_file_holds_unpublished_text(demo, baking, tmp_path):
    _drafts_with_secrets(demo)
    root = tmp_path / "site"
    site_build(directory=root, base_url=BASE_URL, pdfs=False)
    files = [f for f in root.rglob("*") if f.is_file()]
    assert len(files) > 40
    for file in files:
        content = file.read_bytes()
        if file.suffix == ".xlsx":
            content = json.dumps(_cells(content), default=str).encode()
        assert SECRET.encode() not in content, file
    assert not (root / "reports/KZ/2025").exists()


def test_every_link_of_a_baked_page_reaches_a_baked_file(demo, baking, client, tmp_path):
    """Each link on a baked page names a baked file, a document (PDF, Word) the build bakes when
    asked for them, or an address only the live site serves (early warning), which answers."""
    root = tmp_path / "site"
    site_build(directory=root, base_url=BASE_URL, pdfs=False)
    baked = {each.path for each in bake_paths()}
    documents = {each.path for each in bake_paths() if each.pdf}
    assert {p for p in documents if p.endswith(".docx") and p.startswith(("/ru/", "/ar/"))}
    broken, live = set(), set()
    for page in root.rglob("*.html"):
        for link in re.findall(r'href="(/[^"#?]*)', page.read_text("utf-8")):
            if link.startswith(PRIVATE) or link in documents:
                continue
            if LIVE_ONLY.match(link):
                assert link not in baked, link
                live.add(link)
                continue
            target = root / link.lstrip("/")
            if not any(t.is_file() for t in (target, target / "index.html", target / "index.json")):
                broken.add((link, str(page.relative_to(root))))
    assert not broken, sorted(broken)[:20]
    assert {"/alerts/", "/ru/alerts/", "/data/events.csv"} <= live
    assert all(_live(client, link).status_code == 200 for link in sorted(live))


def _fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.skipif(not NGINX.exists(), reason="needs Debian's nginx (make bench-deps)")
def test_nginx_serves_the_baked_site_with_types_and_cache_headers(demo, baking, tmp_path):
    root = tmp_path / "site"
    site_build(directory=root, base_url=BASE_URL, pdfs=False)
    snapshot_pdf = root / "reports/GE/2025/report.pdf"
    snapshot_pdf.write_bytes(b"%PDF-1.7 stand-in for a stored report")
    feed = root / "alerts/feed.atom"
    feed.parent.mkdir()
    feed.write_text("<feed xmlns='http://www.w3.org/2005/Atom'/>")
    with _nginx(root, tmp_path) as base:
        for path, kind in [
            ("/", "text/html"),
            ("/countries/GE/", "text/html"),
            ("/countries/GE", "text/html"),  # redirected to the folder, then served
            ("/api/v1/", "application/json"),
            ("/api/v1/countries/GE", "application/json"),
            ("/api/v1/scores?page=2", "application/json"),
            ("/data/scores.csv", "text/csv"),
            ("/data/scores.xlsx", "application/vnd.openxmlformats"),
            ("/reports/GE/2025/report.pdf", "application/pdf"),
            ("/alerts/feed.atom", "application/atom+xml"),
            ("/static/site/favicon.svg", "image/svg+xml"),
            ("/static/site/fonts/NotoSans-Regular.woff2", "font/woff2"),
        ]:
            status, headers, _body = _fetch(base + path)
            assert status == 200, path
            assert headers["Content-Type"].startswith(kind), (path, headers["Content-Type"])
            assert headers["ETag"], path
            assert "max-age" in headers["Cache-Control"], path
        _status, headers, body = _fetch(base + "/countries/GE/")
        assert body == (root / "countries/GE/index.html").read_bytes()
        assert "must-revalidate" in headers["Cache-Control"]
        assert "charset=utf-8" in headers["Content-Type"]
        hashed = next((root / "static/site").glob("site.????????????.css")).name
        _status, headers, _body = _fetch(f"{base}/static/site/{hashed}")
        assert "immutable" in headers["Cache-Control"]
        _status, headers, _body = _fetch(base + "/data/scores.csv")
        assert headers["Access-Control-Allow-Origin"] == "*"
        assert "attachment" in headers["Content-Disposition"]
        status, _headers, body = _fetch(base + "/no/such/page/")
        assert status == 404
        assert body == (root / NOT_FOUND).read_bytes()
        # Filtered files and API answers are not baked: refused, never answered unfiltered.
        assert _fetch(base + "/data/scores.csv?country=GE")[0] == 404
        assert _fetch(base + "/api/v1/scores?country=GE")[0] == 404
        assert _fetch(base + "/" + MANIFEST)[0] == 404
        assert json.loads(_fetch(base + "/api/v1/scores?page=2")[2])["page"] == 2
        assert _fetch(base + "/api/v1/scores?page=999")[0] == 404
        assert _fetch(base + "/api/v1/cycles")[0] == 200


class _nginx:
    """nginx on a free loopback port serving `root` with the generated configuration."""

    def __init__(self, root, folder):
        self.root, self.folder = root, folder

    def __enter__(self):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        conf = self.folder / "nginx.conf"
        # As root, nginx's workers would run as nobody, who may not enter pytest's folders.
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf.write_text(
            f"{user}daemon off;\npid {self.folder}/nginx.pid;\nerror_log {self.folder}/error.log;\n"
            "events {}\nhttp {\n"
            f"  access_log off;\n  client_body_temp_path {self.folder}/body;\n"
            f"  proxy_temp_path {self.folder}/proxy;\n  fastcgi_temp_path {self.folder}/fcgi;\n"
            f"  uwsgi_temp_path {self.folder}/uwsgi;\n  scgi_temp_path {self.folder}/scgi;\n"
            f"  server {{\n    listen 127.0.0.1:{port};\n"
            + nginx_config(root=self.root)
            + "  }\n}\n"
        )
        self.process = subprocess.Popen(  # our own configuration
            [str(NGINX), "-c", str(conf), "-p", str(self.folder)],
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                if self.process.poll() is not None:
                    raise AssertionError(self.process.stderr.read().decode()) from None
                time.sleep(0.05)
        return base

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.folder / "body", ignore_errors=True)


def test_a_correction_rebakes_its_report_and_leaves_the_countrys_other_reports_unread(
    demo, baking, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    """GE's documents baked as a build with PDFs bakes them, then a correction of GE 2025: its
    pages and documents are rebaked in every language, as the live site serves them; GE's other
    years' pages and documents are kept without being asked for (their stored PDFs, removed
    here, are not made again)."""
    root = tmp_path / "site"
    settings.CIVICSPACE_STATIC_SITE_DIR = str(root)
    settings.CIVICSPACE_SITE_URL = BASE_URL  # the pages' hreflang links name it
    site_build(directory=root, base_url=BASE_URL, pdfs=False)
    site_build(directory=root, base_url=BASE_URL, country="GE")
    before = _stamps(root)
    other_years = re.compile(r"^([a-z]{2}/)?reports/GE/(?!2025/)")
    earlier = [f for f in before if other_years.match(f.relative_to(root).as_posix())]
    assert any(f.suffix == ".pdf" for f in earlier)
    assert any(f.suffix == ".docx" for f in earlier)
    stored = ReportPdf.objects.filter(snapshot__cycle__country__iso2="GE")
    stored.exclude(snapshot__cycle__year=2025).delete()
    time.sleep(0.01)
    cycle = Cycle.objects.get(country__iso2="GE", year=2025)
    editor = demo_editor()
    cycle_transition(cycle=cycle, action="reopen", by=editor, note="A correction.")
    with django_capture_on_commit_callbacks(execute=True):
        publish(demo_member(cycle), editor, cycle)
    after = _stamps(root)
    assert [f for f in earlier if after[f] != before[f]] == []
    assert not stored.exclude(snapshot__cycle__year=2025).exists()
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        for path in (
            f"{prefix}/reports/GE/2025/",
            f"{prefix}/reports/GE/2025/report.pdf",
            f"{prefix}/reports/GE/2025/report.docx",
        ):
            live = _live(client, path)
            baked = root / baked_name(path, live["Content-Type"])
            assert _unzipped(baked.read_bytes()) == _unzipped(live.content), path
            assert after[baked] != before.get(baked), path


def _unzipped(content):
    """A Word file's parts (its zip names each part's time of making), other files as they are."""
    if not content.startswith(b"PK"):
        return content
    with zipfile.ZipFile(io.BytesIO(content)) as parts:
        return {name: parts.read(name) for name in parts.namelist()}
