"""Benchmark: the API's full scores list against Datasette serving the same rows. Prints figures.

On the synthetic DEMO dataset at the programme's scale (86 countries x 10 years; the scale and
the server helpers are bench_site.py's, CIVICSPACE_BENCH_SCALE changes it). The published score
rows, the open-data scores table (`published_rows()`, one row per country, year and principle
or dimension, the codebook's columns), are written into a SQLite file that Datasette serves
(immutable, as a published file would be). civicspace runs under gunicorn as in production.

A client fetches every row from each, the way it would: the API's pages of the biggest size
allowed, following `next`; Datasette's JSON (`_shape=array`) with the same page size
(`_size=max`, max_returned_rows set to it), following the `Link: rel="next"` header. Both row
counts are checked against the table. Printed: the first fetch, then the median of several,
and the ratio datasette / civicspace (>= 1: civicspace at least as fast). civicspace keeps each
built answer per process, so it is measured twice: answers built for each run (a fresh address
per run, as a new filter would be) and answers served again (the same address). Then the
open-data CSV of every row against the 1 s aim, with Datasette's streamed CSV beside it.
Needs the `bench` extra (`pip install -e '.[bench]'`; `make bench` installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench_site import (
    BIN,
    COUNTRIES,
    WORKER_THREADS,
    WORKERS,
    YEARS,
    _civicspace,
    _every_page,
    _fetch,
    _free_port,
    _listening_sockets,
    _start,
    _start_gunicorn,
    _stop,
    _wait_until_answers,
)

DATASETTE = BIN / "datasette"
REPEATS = int(os.environ.get("CIVICSPACE_BENCH_REPEATS", "5"))  # timed runs after the first
READY = 300  # seconds a server may take to answer first: a worker booting on a busy machine
PAGE = 5000  # the API's biggest page (publishing/api.py MAX_PAGE_SIZE); Datasette's is set to it

# Run in the benchmark's data folder: the published score rows into a SQLite file, one column
# per codebook column, typed from the codebook. Prints the row count.
EXPORT = """
import sqlite3, sys
import django
django.setup()
from civicspace.publishing.open_data import CODEBOOK, published_rows

types = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "date": "TEXT",
         "boolean": "INTEGER"}
rows = published_rows()
columns = ", ".join(f'"{c.name}" {types[c.kind]}' for c in CODEBOOK)
with sqlite3.connect(sys.argv[1]) as db:
    db.execute(f"CREATE TABLE scores ({columns})")
    db.executemany(
        f"INSERT INTO scores VALUES ({', '.join('?' * len(CODEBOOK))})",
        [tuple(row[c.name] for c in CODEBOOK) for row in rows],
    )
db.close()
print(len(rows))
"""


def _next_link(header: str) -> str:
    """The address of `rel="next"` in a Link header, or ''."""
    for part in header.split(","):
        address, _, params = part.partition(";")
        if 'rel="next"' in params.replace(" ", ""):
            return address.strip().strip("<>")
    return ""


def _datasette_every_page(url: str) -> tuple[int, int]:
    """Follow Datasette's `Link: rel="next"` from `url` (a `_shape=array` page): (rows, pages)."""
    rows = pages = 0
    while url:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
            if response.status != 200:
                sys.exit(f"{url} answered {response.status}")
            body, link = response.read(), response.headers.get("Link", "")
        rows, pages, url = rows + len(json.loads(body)), pages + 1, _next_link(link)
    return rows, pages


def _runs(fetch: Callable[[int], object]) -> tuple[float, float]:
    """Seconds of the first fetch and the median of REPEATS more; `fetch` gets the run's number."""
    times = []
    for run in range(REPEATS + 1):
        started = time.perf_counter()
        fetch(run)
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times[1:])


def _row(label: str, first: float, median: float, note: str = "") -> None:
    print(f"    {label:<44} {first:>7.3f} s {median:>9.3f} s  {note}")


def main() -> int:
    if not os.access(DATASETTE, os.X_OK):
        sys.exit(f"{DATASETTE} is missing: pip install -e '.[bench]' (make bench does)")
    folder = Path(tempfile.mkdtemp(prefix="civicspace-bench-api-peer-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            CIVICSPACE_DATA_DIR=str(folder / "data"),
            CIVICSPACE_ALLOWED_HOSTS="127.0.0.1",
            CIVICSPACE_API_ANON_RATE="1000000/s",  # the benchmark measures answers, not 429s
            DJANGO_SETTINGS_MODULE="civicspace.settings",
        )
        for key in ("CIVICSPACE_DEBUG", "CIVICSPACE_SECURE", "CIVICSPACE_STATIC_FINDERS"):
            env.pop(key, None)
        _civicspace("manage", "migrate", "--noinput", env=env)
        started = time.perf_counter()
        _civicspace("demo", "load", "--countries", str(COUNTRIES), "--years", str(YEARS), env=env)
        loaded = time.perf_counter() - started
        _civicspace("manage", "collectstatic", "--noinput", env=env)

        table = folder / "scores.db"
        exported = subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-c", EXPORT, str(table)],
            env=env,
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        if exported.returncode != 0:
            sys.exit(f"the export to SQLite failed:\n{exported.stdout}{exported.stderr}")
        with sqlite3.connect(table) as db:
            (in_table,) = db.execute("SELECT count(*) FROM scores").fetchone()
        db.close()

        app_port, peer_port = _free_port(), _free_port()
        gunicorn_log, datasette_log = folder / "gunicorn.log", folder / "datasette.log"
        gunicorn = _start_gunicorn(app_port, gunicorn_log, env, folder)
        processes.append(gunicorn)
        datasette = _start(
            [
                str(DATASETTE),
                "serve",
                "--immutable",
                str(table),
                "--host=127.0.0.1",
                f"--port={peer_port}",
                "--setting",
                "max_returned_rows",
                str(PAGE),
            ],
            datasette_log,
            env,
            folder,
        )
        processes.append(datasette)
        app, peer = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{peer_port}"
        _wait_until_answers(f"{app}/", gunicorn, gunicorn_log, limit=READY)
        _wait_until_answers(f"{peer}/", datasette, datasette_log, limit=READY)
        deadline = time.monotonic() + 30  # every worker listens: the kernel spreads connections
        while _listening_sockets(app_port) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)

        api = f"{app}/api/v1/scores?page_size={PAGE}"
        peer_json = f"{peer}/scores/scores.json?_shape=array&_size=max"
        counts = {"civicspace API": _every_page(api), "Datasette": _datasette_every_page(peer_json)}
        for server, (rows, _pages) in counts.items():
            if rows != in_table:
                sys.exit(f"{server} gave {rows} rows; the table has {in_table}")

        cores = os.cpu_count() or 1
        print(
            f"civicspace API vs Datasette: synthetic DEMO data, {COUNTRIES} countries x {YEARS}"
            f" years (loaded in {loaded:.0f} s), {in_table} score rows, Python"
            f" {sys.version.split()[0]}, {cores} cores (load average {os.getloadavg()[0]:.1f})"
        )
        print(
            f"  civicspace: gunicorn {WORKERS} gthread workers x {WORKER_THREADS} threads, SQLite;"
            f" Datasette {_datasette_version()}: the same rows in one table, --immutable"
        )
        print(
            f"  every row, fetched page by page ({PAGE} rows a page, {counts['Datasette'][1]}"
            f" pages) by one client; first fetch, then the median of {REPEATS} more:"
        )
        print(f"    {'':<44} {'first':>9} {'median':>11}")
        # The first fetch of a fresh address builds its answers; `run` makes each address new.
        built = _runs(lambda run: _every_page(f"{api}&run={run}"))
        cached = _runs(lambda _run: _every_page(api))
        peer_times = _runs(lambda _run: _datasette_every_page(peer_json))
        _row("civicspace API, answers built each run", *built)
        _row("civicspace API, answers served again", *cached)
        _row("Datasette JSON (_shape=array, _size=max)", *peer_times)
        print(
            f"  ratio datasette / civicspace (median; >= 1: civicspace at least as fast):"
            f" {peer_times[1] / built[1]:.2f} with answers built each run,"
            f" {peer_times[1] / cached[1]:.2f} served again"
        )

        status, _type, body = _fetch(f"{app}/data/scores.csv")
        csv_rows = body.count(b"\n") - 1
        if status != 200 or csv_rows != in_table:
            sys.exit(f"/data/scores.csv answered {status} with {csv_rows} rows, not {in_table}")
        csv = _runs(lambda _run: _fetch(f"{app}/data/scores.csv"))
        peer_csv = _runs(lambda _run: _fetch(f"{peer}/scores/scores.csv?_stream=on"))
        verdict = "under" if csv[1] < 1 else "OVER"
        print(f"  open-data CSV of every row ({csv_rows} rows, {len(body) / 1e6:.1f} MB):")
        _row("civicspace /data/scores.csv", *csv, f"({verdict} the 1 s aim)")
        _row("Datasette scores.csv?_stream=on", *peer_csv)
        print(f"  ratio datasette / civicspace (median): {peer_csv[1] / csv[1]:.2f}")
    finally:
        for process in reversed(processes):
            _stop(process)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _datasette_version() -> str:
    result = subprocess.run(  # noqa: S603 - our own command line
        [str(DATASETTE), "--version"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip().rsplit(" ", 1)[-1]


if __name__ == "__main__":
    sys.exit(main())
