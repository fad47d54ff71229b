"""The baked public site made by several processes: the same files and manifest as one process
makes, each country's addresses in one share, and a failing process fails the build."""

import fcntl
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connections

from civicspace.site.bake import LOCK, MANIFEST, MOST_JOBS, BakeError, _shares, site_build
from civicspace.site.bake_paths import bake_paths

# Marked so that the PostgreSQL pass (`-m django_db`) runs them too: the builds read a database
# of their own (a SQLite file, or a fresh PostgreSQL database beside the tests' one), which the
# command's processes reach by its settings, as a deployment's do.
pytestmark = pytest.mark.django_db
BIN = Path(sys.executable).parent
BASE_URL = "https://civicspace.test"


@pytest.fixture(scope="module")
def committed_site_data(tmp_path_factory):
    """The demo loaded, committed, by the command line into a database of its own; yields the
    environment a `civicspace` command reads it with."""
    folder = tmp_path_factory.mktemp("baked-by-processes")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CIVICSPACE_", "DATABASE_"))}
    env.update(CIVICSPACE_DATA_DIR=str(folder / "data"), CIVICSPACE_ALLOWED_HOSTS="civicspace.test")
    server = os.environ.get("DATABASE_URL")
    name = f"bake_jobs_{uuid.uuid4().hex[:12]}"
    if server:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{name}"
    for command in (["manage", "migrate", "--noinput"], ["demo", "load"]):
        subprocess.run([BIN / "civicspace", *command], env=env, check=True, capture_output=True)
    yield env, folder
    if server:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _build(env, root, jobs):
    command = ["site", "build", root, "--no-pdfs", "--jobs", str(jobs), "--base-url", BASE_URL]
    return subprocess.run(
        [BIN / "civicspace", *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _files(root):
    return {
        file.relative_to(root).as_posix(): file.read_bytes()
        for file in root.rglob("*")
        if file.is_file()
    }


def test_two_processes_bake_the_same_files_and_manifest_as_one(committed_site_data):
    env, folder = committed_site_data
    one, two = folder / "one", folder / "two"
    by_one, by_two = _build(env, one, 1), _build(env, two, 2)
    assert by_one.returncode == 0, by_one.stderr
    assert by_two.returncode == 0, by_two.stderr
    assert "with 2 process(es)" in by_two.stdout
    baked_by_one, baked_by_two = _files(one), _files(two)
    assert MANIFEST in baked_by_two
    assert "countries/GE/index.html" in baked_by_two
    assert sorted(baked_by_two) == sorted(baked_by_one)
    different = [name for name in baked_by_one if baked_by_one[name] != baked_by_two[name]]
    assert different == []


def test_a_failing_process_fails_the_build_with_its_message(committed_site_data):
    env, folder = committed_site_data
    root = folder / "broken"
    root.mkdir()
    (root / "countries").write_text("a file where the countries' folder goes")
    failed = _build(env, root, 2)
    assert failed.returncode == 1
    assert "a baking process failed: /countries/: FileExistsError" in failed.stderr
    assert str(root / "countries") in failed.stderr
    assert not (root / MANIFEST).exists()  # no manifest of a partial site


def test_shares_are_dealt_by_country_with_copies_beside_their_originals(demo):
    paths = bake_paths()
    shares = _shares(paths, 2)
    assert len(shares) == 2
    assert sorted(each.path for share in shares for each in share) == sorted(e.path for e in paths)
    share_of = {each.path: n for n, share in enumerate(shares) for each in share}
    countries: dict[str, set[int]] = {}
    for each in paths:
        if each.country:
            countries.setdefault(each.country, set()).add(share_of[each.path])
        if each.same_as:
            assert share_of[each.path] == share_of[each.same_as], each.path
    assert all(len(held) == 1 for held in countries.values())
    # Round-robin by country: both processes hold countries, the same number give or take one.
    held = [sum(n in shares for shares in countries.values()) for n in (0, 1)]
    assert abs(held[0] - held[1]) <= 1


@pytest.mark.parametrize("jobs", [0, MOST_JOBS + 1])
def test_a_build_is_refused_more_processes_than_it_can_use(tmp_path, jobs):
    with pytest.raises(BakeError, match=f"1 to {MOST_JOBS}"):
        site_build(directory=tmp_path / "site", base_url="http://testserver", jobs=jobs)
    assert not (tmp_path / "site").exists()


@pytest.mark.django_db(transaction=True)
def test_a_build_waits_for_the_one_under_way_in_its_directory(tmp_path):
    # A rebuild job queued while a full build runs must not write back the manifest it read
    # before the full build finished: it waits for the directory's lock.
    root = tmp_path / "site"
    root.mkdir()
    done: list[object] = []

    def rebuild() -> None:
        try:
            done.append(site_build(directory=root, base_url="http://testserver", country="KZ"))
        finally:
            connections.close_all()

    with open(root / LOCK, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = threading.Thread(target=rebuild)
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive()
        assert not done
        assert not (root / MANIFEST).exists()
    waiting.join(timeout=120)
    assert done
    assert (root / MANIFEST).is_file()
