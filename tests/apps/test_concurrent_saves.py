"""Simultaneous saves of one page on the production server over a SQLite file: one wins, every
other sees the conflict page (never "database is locked"), and no saved update is lost."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.apps.helpers import page_form_data

BIN = Path(sys.executable).parent
SAVERS = 8
CONFLICT = "Someone else saved this principle while you were editing."
SETUP = """
import django
django.setup()
from datetime import date
from django.contrib.auth import get_user_model
from civicspace.accounts.models import Role
from civicspace.assessments.services import cycle_create
from civicspace.countries.models import Country
from civicspace.countries.services import countries_sync
countries_sync(regions={"ECA": "Europe and Central Asia"}, programme={"KZ": "ECA"})
kz = Country.objects.get(iso2="KZ")
cycle_create(country=kz, year=2025, period_start=date(2024, 8, 1), period_end=date(2025, 8, 31))
user = get_user_model().objects.create_user("aigul", password="a-long-test-password")
Role.objects.create(user=user, kind="member", country=kz)
"""
REPORT = """
import django
django.setup()
from civicspace.assessments.models import DimensionScore
from civicspace.audit.models import AuditEvent
for s in DimensionScore.objects.order_by("dimension"):
    print(s.dimension, s.value, s.version, s.justification)
print("score events", AuditEvent.objects.filter(action="score").count())
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """One signed-in person: their own cookies and CSRF token, redirects not followed."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as answer:
            return answer.status, answer.read().decode()

    def post(self, path, data):
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        headers = {"Referer": self.base + path}
        request = urllib.request.Request(self.base + path, body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self):
        self.get("/accounts/login/")
        status, _ = self.post(
            "/accounts/login/", {"username": "aigul", "password": "a-long-test-password"}
        )
        assert status == 302


@pytest.fixture
def production_server(tmp_path):
    """gunicorn (2 processes x 4 threads) over a fresh SQLite file, as `docs/deploy.md` runs it."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CIVICSPACE_", "DATABASE_"))},
        "CIVICSPACE_DATA_DIR": str(tmp_path),
        "CIVICSPACE_STATIC_FINDERS": "1",  # no collectstatic: the pages' files are not asked for
        "DJANGO_SETTINGS_MODULE": "civicspace.settings",
    }
    run = {"env": env, "cwd": tmp_path, "check": True, "capture_output": True}
    subprocess.run([BIN / "civicspace", "manage", "migrate", "--noinput"], **run)
    subprocess.run([BIN / "python", "-c", SETUP], **run)
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "civicspace.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--worker-class=gthread",
            "--workers=2",
            "--threads=4",
            "--no-control-socket",
        ],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=5).close()  # noqa: S310
            break
        except OSError:
            assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.2)
    yield base, (lambda: subprocess.run([BIN / "python", "-c", REPORT], **run).stdout.decode())
    server.terminate()
    server.wait(timeout=30)
    log.close()


def test_simultaneous_saves_give_one_success_and_conflict_pages_never_a_500(production_server):
    base, stored = production_server
    people = [Browser(base) for _ in range(SAVERS)]
    for person in people:
        person.sign_in()
        status, page = person.get("/workspace/KZ/2025/P2/")
        assert status == 200
    loaded = page_form_data(page, "principle-form")
    start = threading.Barrier(SAVERS)
    answers: list[tuple[int, str]] = [(0, "")] * SAVERS

    def save(i):
        data = dict(loaded)
        for code in ("2.1", "2.2", "2.3"):
            data |= {
                f"{code}-agreed": f"{1 + i * 0.5:.1f}",
                f"{code}-justification": f"Saver {i}'s reasons for {code}.",
            }
        start.wait()
        answers[i] = people[i].post("/workspace/KZ/2025/P2/", data)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(SAVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = [status for status, _ in answers]
    assert all(status < 500 for status in statuses), statuses
    winners = [i for i, (status, _) in enumerate(answers) if status == 302]
    assert len(winners) == 1, statuses
    losers = [body for status, body in answers if status != 302]
    assert all(CONFLICT in body for body in losers), [s for s in statuses if s != 302]
    (winner,) = winners
    report = stored()
    for code in ("2.1", "2.2", "2.3"):
        assert re.search(rf"^{code} \S+ 1 Saver {winner}'s reasons for {code}\.$", report, re.M)
    assert "score events 3" in report
