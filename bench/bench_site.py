"""Benchmark: the public site under load. Prints figures.

On the synthetic DEMO dataset at the programme's scale (86 countries x 10 years, loaded by
`civicspace demo load --countries 86 --years 10`, its load time printed; CIVICSPACE_BENCH_SCALE
changes it, e.g. 12x3). A country page and a 5000-row API page, served by the production server
(gunicorn) on loopback, against the same answers pre-rendered and served statically by nginx; wrk
makes the load. Throughput and p99 latency are reported as ratios (static over gunicorn for
requests per second, gunicorn over static for p99). Then the API's full scores list (every page)
and the open-data CSV of every row, each timed as one client would fetch it. Needs Debian's wrk
and nginx (`make bench-deps`).

Then the baked site (`civicspace site build`, without PDFs, timed): its country page served by
nginx with the generated configuration, against gunicorn and against nginx serving a plain file
of the same bytes (the aim: within 2x of the plain file); and the rebuild after one published
correction, as the background job runs it (the aim: under 5 s).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WRK = "/usr/bin/wrk"
NGINX = "/usr/sbin/nginx"
BIN = Path(sys.executable).parent
DURATION = int(os.environ.get("CIVICSPACE_BENCH_DURATION", "10"))  # seconds per measured run
WARM_UP = 2  # seconds of load before each gunicorn run: every worker thread imports and compiles
THREADS, CONNECTIONS = 2, 16  # wrk's
# The production setting for a small machine: one process per core, threads so that a slow
# request (a report PDF, a database wait) does not hold up the others, and the gthread worker,
# which keeps connections alive like nginx does (the sync worker closes each one). With
# --reuse-port each worker listens on its own socket and the kernel spreads new connections
# over them; on one shared socket a gthread worker may accept all 16 of wrk's connections and
# keep them, leaving the other worker idle (half the throughput, at random from run to run).
WORKERS, WORKER_THREADS = os.cpu_count() or 1, 4
COUNTRIES, YEARS = (int(n) for n in os.environ.get("CIVICSPACE_BENCH_SCALE", "86x10").split("x"))
# (label, address on the site, file name under nginx's root: its extension sets Content-Type)
TARGETS = [
    ("country page", "/countries/GE/", "country-GE.html"),
    ("API, 5000 scores", "/api/v1/scores?page_size=5000", "scores.json"),
]


@dataclass
class Run:
    requests_per_second: float
    p99_ms: float


def _civicspace(*args: str, env: dict[str, str]) -> str:
    command = BIN / "civicspace"
    result = subprocess.run(  # noqa: S603 - our own command line
        [str(command), *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"civicspace {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def _start(
    command: list[str], log: Path, env: dict[str, str], cwd: Path
) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own command line
            command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _start_gunicorn(
    port: int, log: Path, env: dict[str, str], cwd: Path
) -> subprocess.Popen[bytes]:
    """civicspace as production runs it: gunicorn, threaded workers, on a loopback port."""
    return _start(
        [
            str(BIN / "gunicorn"),
            "civicspace.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--worker-class=gthread",
            f"--workers={WORKERS}",
            f"--threads={WORKER_THREADS}",
            "--reuse-port",
            "--no-control-socket",  # else it would make ~/.gunicorn/gunicorn.ctl
        ],
        log,
        env,
        cwd,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """The whole process group (gunicorn's or nginx's master and its workers)."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_until_answers(
    url: str, process: subprocess.Popen[bytes], log: Path, *, limit: float = 30
) -> None:
    """Wait for a first answer from a server just started, for at most `limit` seconds (a
    worker booting on a busy machine may take minutes: give it a longer limit there)."""
    deadline = time.monotonic() + limit
    while (left := deadline - time.monotonic()) > 0:
        if process.poll() is not None:
            sys.exit(f"{process.args!r} exited:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=max(left, 1)):  # noqa: S310 - loopback
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    sys.exit(f"no answer from {url} after {limit:.0f} s:\n{log.read_text(errors='replace')}")


def _listening_sockets(port: int) -> int:
    """How many sockets listen on this loopback port (Linux: one per gunicorn worker)."""
    local = f"0100007F:{port:04X}"
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for line in lines if line.split()[1] == local and line.split()[3] == "0A")


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _wrk(url: str, seconds: int) -> Run:
    result = subprocess.run(  # noqa: S603 - our own command line
        [
            WRK,
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "30s",  # a slow answer is measured, not dropped as a timeout
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    out = result.stdout
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.MULTILINE)
    if result.returncode != 0 or not (rps and p99):
        sys.exit(f"wrk {url} failed:\n{out}{result.stderr}")
    problems = []
    if not_ok := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        problems.append(f"{not_ok.group(1)} answers were not 2xx/3xx")
    if errors := re.search(r"Socket errors:\s+(.*)", out):
        problems.append(f"socket errors: {errors.group(1)}")
    if problems:
        sys.exit(f"wrk {url}: {'; '.join(problems)} - the figures would not be of 200s:\n{out}")
    return Run(float(rps.group(1)), float(p99.group(1)) * _UNIT_MS[p99.group(2)])


def _every_page(url: str) -> tuple[int, int]:
    """Follow the API's `next` links from `url`: (rows, pages)."""
    rows = pages = 0
    while url:
        status, _type, body = _fetch(url)
        if status != 200:
            sys.exit(f"{url} answered {status}")
        answer = json.loads(body)
        rows, pages, url = rows + len(answer["items"]), pages + 1, answer.get("next") or ""
    return rows, pages


def _timed(fetch: Callable[[], object], repeats: int = 3) -> tuple[float, float]:
    """Seconds of the first fetch and the median of `repeats` more."""
    started = time.perf_counter()
    fetch()
    first = time.perf_counter() - started
    again = []
    for _ in range(repeats):
        started = time.perf_counter()
        fetch()
        again.append(time.perf_counter() - started)
    return first, statistics.median(again)


def _whole_data(app: str) -> None:
    """The API's full scores list and the open-data CSV of every row, as one client gets them."""
    rows, pages = _every_page(f"{app}/api/v1/scores?page_size=5000")
    api_first, api_median = _timed(lambda: _every_page(f"{app}/api/v1/scores?page_size=5000"))
    status, _type, body = _fetch(f"{app}/data/scores.csv")
    csv_rows = body.count(b"\n") - 1
    if status != 200:
        sys.exit(f"/data/scores.csv answered {status}")
    csv_first, csv_median = _timed(lambda: _fetch(f"{app}/data/scores.csv"))
    verdict = "under" if csv_median < 1 else "OVER"
    print(f"  whole data at {COUNTRIES} x {YEARS} (first fetch, then the median of 3 more):")
    print(
        f"    API scores list, {rows} rows in {pages} pages of 5000:"
        f" {api_first:.2f} s, then {api_median:.2f} s"
    )
    print(
        f"    open-data CSV of every row, {csv_rows} rows, {len(body) / 1e6:.1f} MB:"
        f" {csv_first:.2f} s, then {csv_median:.2f} s ({verdict} the 1 s aim)"
    )


def _times(ratio: float) -> str:
    return f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.1f}x"


def _nginx_conf(folder: Path, root: Path, port: int, baked_port: int, baked: str) -> str:
    temp = folder / "nginx-temp"
    return f"""daemon off;
master_process on;
worker_processes auto;
pid {folder / "nginx.pid"};
error_log {folder / "nginx-error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; application/json json; }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types application/json;
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
    server {{
        listen 127.0.0.1:{baked_port};
{baked}
    }}
}}
"""


# Run inside the benchmark's data folder. First GE's documents as a real site holds them before
# a correction, timed apart: every published revision's PDF in every language stored (the PDF
# jobs of their publications did it; here in parallel, one process a core) and baked with the
# country's pages (a full build with PDFs did it; the benchmark's full build leaves them out).
# Then a correction of GE's latest report published, its PDF job run (it stores the new
# revision's PDFs), and the baked site's rebuild job, timed as the worker runs them. The
# correction gives a real address to any source that points to a placeholder (example.org) and
# binds numbered citations ([^1]) to the sources, as the synthetic countries' texts may need:
# the editorial checks refuse to approve either.
CORRECTION = """
import json, os, sys, time
from pathlib import Path
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.settings")
django.setup()
from django.conf import settings
from django.utils import translation
from civicspace.assessments.models import Cycle, DimensionScore
from civicspace.assessments.services import SourceInput, score_record
from civicspace.demo.reports import demo_editor, demo_member
from civicspace.editorial.models import ReportText, Snapshot
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.publishing.jobs import report_pdfs_render
from civicspace.publishing.pdfs import snapshots_pdf_store_parallel
from civicspace.site.bake import site_build
from civicspace.site.bake_jobs import static_site_rebuild

iso2 = sys.argv[1]
figures = {}
started, cpu = time.perf_counter(), time.process_time()
held = Snapshot.objects.filter(cycle__country__iso2=iso2).select_related("cycle__country")
for code, _name in settings.LANGUAGES:
    with translation.override(code):
        for stored in snapshots_pdf_store_parallel(held, jobs=os.cpu_count() or 1):
            figures["held_cpu_children"] = figures.get("held_cpu_children", 0) + (
                stored.cpu_seconds or 0
            )
baked = site_build(
    directory=Path(settings.CIVICSPACE_STATIC_SITE_DIR), base_url=settings.CIVICSPACE_SITE_URL,
    country=iso2,
)
figures.update(
    held=time.perf_counter() - started, held_cpu=time.process_time() - cpu,
    held_revisions=held.count(), languages=len(settings.LANGUAGES), held_written=baked.written,
)

cycle = Cycle.objects.filter(country__iso2=iso2).latest("year")
editor, member = demo_editor(), demo_member(cycle)
cycle = cycle_transition(cycle=cycle, action="reopen", by=editor, note="DEMO correction.")
for score in DimensionScore.objects.filter(cycle=cycle).prefetch_related("sources"):
    shown = list(score.sources.all())
    sources = [
        SourceInput(
            title=s.title,
            url=s.url.replace("example.org", "civicspace-demo.test"),
            published_on=s.published_on,
            kind=s.kind,
            key=s.key,
        )
        for s in shown
    ]
    score_record(
        cycle=cycle,
        dimension=score.dimension,
        value=score.value,
        justification=score.justification,
        sources=sources,
        shown_keys=[s.key for s in shown],
        by=member,
    )
every_source = [
    s.key
    for score in DimensionScore.objects.filter(cycle=cycle).order_by("dimension")
    for s in score.sources.all()
]
texts = {t.key: TextEntry(t.text, t.version) for t in ReportText.objects.filter(cycle=cycle)}
texts_save(cycle=cycle, entries=texts, shown_keys=every_source, by=member)
cycle = cycle_transition(cycle=cycle, action="submit", by=member)
for action in ("start_review", "approve", "publish"):
    cycle = cycle_transition(cycle=cycle, action=action, by=editor)
snapshot = Snapshot.objects.filter(cycle=cycle).latest("revision")
started, cpu = time.perf_counter(), time.process_time()
figures["pdf_documents"] = len(report_pdfs_render.call(snapshot.pk))
figures.update(pdf=time.perf_counter() - started, pdf_cpu=time.process_time() - cpu)
started, cpu = time.perf_counter(), time.process_time()
figures["done"] = static_site_rebuild.call(snapshot.pk)
figures.update(rebuild=time.perf_counter() - started, rebuild_cpu=time.process_time() - cpu)
print(json.dumps(figures))
"""


def _children_cpu() -> float:
    """CPU seconds (user and system) of the child processes that have ended."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


@dataclass
class Built:
    """The full build: wall and CPU seconds (its processes' together; on a shared machine the
    CPU seconds say what the build costs, the wall seconds what the machine's load made of it),
    and the processes it baked in (the command's default, CIVICSPACE_BAKE_JOBS)."""

    seconds: float
    cpu: float
    jobs: str


def _baked_site(folder: Path, env: dict[str, str], port: int) -> tuple[Path, Built]:
    """The whole public site baked without PDFs, as the baked nginx will serve it."""
    baked = folder / "baked-site"
    started, cpu = time.perf_counter(), _children_cpu()
    said = _civicspace(
        "site", "build", str(baked), "--base-url", f"http://127.0.0.1:{port}", "--no-pdfs", env=env
    )
    jobs = re.search(r"with ([0-9]+) process", said)
    built = Built(
        time.perf_counter() - started, _children_cpu() - cpu, jobs.group(1) if jobs else "?"
    )
    return baked, built


def _nginx_config(baked: Path, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own command line
        [str(BIN / "civicspace"), "site", "nginx-config", str(baked)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def _correction_rebuilt(folder: Path, env: dict[str, str], iso2: str, port: int) -> dict[str, Any]:
    """The correction's figures; its rebuild bakes for the address the full build baked for."""
    result = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-c", CORRECTION, iso2],
        env={
            **env,
            "CIVICSPACE_STATIC_SITE_DIR": str(folder / "baked-site"),
            "CIVICSPACE_SITE_URL": f"http://127.0.0.1:{port}",
        },
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"the correction and its rebuild failed:\n{result.stdout}{result.stderr}")
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def _correction_figures(rebuilt: dict[str, Any]) -> None:
    held_cpu = rebuilt["held_cpu"] + rebuilt.get("held_cpu_children", 0)
    print(
        f"  before the correction, GE's documents as a site holds them ({rebuilt['held_revisions']}"
        f" revisions' PDFs stored in {rebuilt['languages']} languages, in parallel, and baked with"
        f" its pages, {rebuilt['held_written']} files written):"
        f" {rebuilt['held']:.1f} s, {held_cpu:.1f} s of CPU"
    )
    verdict = "under" if rebuilt["rebuild"] < 5 else "OVER"
    print(
        f"  one correction published (GE): its PDF job ({rebuilt['pdf_documents']} PDFs)"
        f" {rebuilt['pdf']:.1f} s, {rebuilt['pdf_cpu']:.1f} s of CPU; then the baked site"
        f" rebuilt in {rebuilt['rebuild']:.1f} s, {rebuilt['rebuild_cpu']:.1f} s of CPU"
        f" ({verdict} the 5 s aim): {rebuilt['done']}"
    )


def _baked_figures(app: str, plain: str, baked: str, built: Built) -> None:
    """The country page from gunicorn, from the baked site and from a plain file."""
    path, name = TARGETS[0][1], TARGETS[0][2]
    runs = {
        "gunicorn": _wrk(app + path, DURATION),
        "nginx baked": _wrk(baked + path, DURATION),
        "nginx plain": _wrk(f"{plain}/{name}", DURATION),
    }
    verdict = "under" if built.seconds < 120 else "OVER"
    print(
        f"  baked site: full build without PDFs in {built.jobs} processes in"
        f" {built.seconds:.1f} s, {built.cpu:.1f} s of CPU in all"
        f" ({verdict} the 2 min aim; load average {os.getloadavg()[0]:.1f} after)"
    )
    print(f"  {'country page':<19} {'server':<13} {'req/s':>9} {'p99 ms':>8}")
    for server, run in runs.items():
        print(f"  {'':<19} {server:<13} {run.requests_per_second:>9.1f} {run.p99_ms:>8.2f}")
    plain_rps, baked_rps = runs["nginx plain"], runs["nginx baked"]
    ratio = plain_rps.requests_per_second / baked_rps.requests_per_second
    verdict = "within" if ratio <= 2 else "NOT within"
    over_gunicorn = baked_rps.requests_per_second / runs["gunicorn"].requests_per_second
    print(
        f"  baked over gunicorn: {_times(over_gunicorn)} the req/s;"
        f" plain file over baked: {ratio:.2f}x ({verdict} the 2x aim)"
    )


def main() -> int:
    for tool in (WRK, NGINX):
        if not os.access(tool, os.X_OK):
            sys.exit(f"{tool} is missing: run `make bench-deps` (Debian's wrk and nginx)")
    folder = Path(tempfile.mkdtemp(prefix="civicspace-bench-site-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            CIVICSPACE_DATA_DIR=str(folder / "data"),
            CIVICSPACE_ALLOWED_HOSTS="127.0.0.1",
            CIVICSPACE_API_ANON_RATE="1000000/s",  # the benchmark measures answers, not 429s
        )
        for key in ("CIVICSPACE_DEBUG", "CIVICSPACE_SECURE", "CIVICSPACE_STATIC_FINDERS"):
            env.pop(key, None)
        _civicspace("manage", "migrate", "--noinput", env=env)
        started = time.perf_counter()
        _civicspace("demo", "load", "--countries", str(COUNTRIES), "--years", str(YEARS), env=env)
        loaded = time.perf_counter() - started
        _civicspace("manage", "collectstatic", "--noinput", env=env)

        app_port, static_port, baked_port = _free_port(), _free_port(), _free_port()
        baked, built = _baked_site(folder, env, baked_port)
        gunicorn_log = folder / "gunicorn.log"
        gunicorn = _start_gunicorn(app_port, gunicorn_log, env, folder)
        processes.append(gunicorn)
        app = f"http://127.0.0.1:{app_port}"
        _wait_until_answers(f"{app}/", gunicorn, gunicorn_log)
        deadline = time.monotonic() + 30  # every worker listens: the kernel spreads connections
        while _listening_sockets(app_port) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)

        root = folder / "static-site"
        root.mkdir()
        sizes = {}
        for label, path, name in TARGETS:
            status, content_type, body = _fetch(app + path)
            if status != 200:
                sys.exit(f"{label}: {path} answered {status}, not 200:\n{body[:500]!r}")
            (root / name).write_bytes(body)
            sizes[name] = (len(body), content_type)
        if os.geteuid() == 0:  # nginx's workers run as nobody: let them read the pages
            folder.chmod(0o711)
            root.chmod(0o755)
            for file in root.iterdir():
                file.chmod(0o644)

        (folder / "nginx-temp").mkdir()
        (folder / "nginx.conf").write_text(
            _nginx_conf(folder, root, static_port, baked_port, _nginx_config(baked, env))
        )
        nginx_log = folder / "nginx.log"
        nginx = _start(
            [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", "nginx-error.log"],
            nginx_log,
            env,
            folder,
        )
        processes.append(nginx)
        static = f"http://127.0.0.1:{static_port}"
        _wait_until_answers(f"{static}/{TARGETS[0][2]}", nginx, nginx_log)
        for _label, _path, name in TARGETS:
            status, content_type, body = _fetch(f"{static}/{name}")
            if status != 200 or body != (root / name).read_bytes():
                sys.exit(f"nginx: /{name} answered {status} with a different body")
            if content_type.split(";")[0] != sizes[name][1].split(";")[0]:
                print(f"  note: /{name} is {content_type} from nginx, {sizes[name][1]} from Django")

        cores = os.cpu_count() or 1
        print(
            f"civicspace site benchmark: synthetic DEMO data, {COUNTRIES} countries x {YEARS} years"
            f" (loaded in {loaded:.0f} s), Python {sys.version.split()[0]}, {cores} cores"
            f" (shared by the servers and wrk; load average {os.getloadavg()[0]:.1f} before)"
        )
        print(
            f"  gunicorn {WORKERS} gthread workers x {WORKER_THREADS} threads, --reuse-port,"
            " keep-alive, no access log, SQLite"
        )
        print("  nginx: the same answers pre-rendered as files, worker_processes auto, keep-alive")
        print(
            f"  wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s --latency on loopback"
            f" (after {WARM_UP} s of warm-up load on gunicorn)"
        )
        print(f"  {'target':<19} {'size':>6}  {'server':<13} {'req/s':>9} {'p99 ms':>8}")
        for label, path, name in TARGETS:
            _wrk(app + path, WARM_UP)
            dynamic = _wrk(app + path, DURATION)
            pre_rendered = _wrk(f"{static}/{name}", DURATION)
            size = f"{sizes[name][0] / 1024:.0f} KB"
            rows = [
                ("gunicorn", f"{dynamic.requests_per_second:.1f}", f"{dynamic.p99_ms:.1f}"),
                (
                    "nginx static",
                    f"{pre_rendered.requests_per_second:.1f}",
                    f"{pre_rendered.p99_ms:.2f}",
                ),
                (
                    "ratio",
                    _times(pre_rendered.requests_per_second / dynamic.requests_per_second),
                    _times(dynamic.p99_ms / pre_rendered.p99_ms),
                ),
            ]
            for i, (server, rps, p99) in enumerate(rows):
                first = (label, size) if i == 0 else ("", "")
                print(f"  {first[0]:<19} {first[1]:>6}  {server:<13} {rps:>9} {p99:>8}")
        print("  (ratio: req/s static over gunicorn, p99 gunicorn over static)")
        _whole_data(app)
        _baked_figures(app, static, f"http://127.0.0.1:{baked_port}", built)
        _correction_figures(_correction_rebuilt(folder, env, "GE", baked_port))
        print(
            f"  measured: GET {' and GET '.join(path for _label, path, _name in TARGETS)}"
            f" from gunicorn ({WORKERS}x{WORKER_THREADS} gthread) vs the same bytes from nginx,"
            f" wrk {CONNECTIONS} keep-alive connections x {DURATION} s, loopback, {cores} cores"
        )
    finally:
        for process in reversed(processes):
            _stop(process)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
