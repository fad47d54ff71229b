"""Production defaults, as a fresh process reads them from its environment: private data files,
JSON log lines with request ids, e-mail and proxy settings, no start without static files."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path, code, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CIVICSPACE_", "DATABASE_"))}
    environment = clean | {
        "CIVICSPACE_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "civicspace.settings",
        "PYTHONPATH": str(ROOT),
        **env,
    }
    return subprocess.run(
        [BIN / "python", "-c", code], env=environment, cwd=tmp_path, capture_output=True, text=True
    )


def _settings(tmp_path, *names, **env):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    answer = _run(tmp_path, code, **env)
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_folder_its_database_and_keys_are_readable_by_this_account_only(tmp_path):
    (tmp_path / "data").mkdir(mode=0o755)
    (tmp_path / "data").chmod(0o755)  # as an older version (or a careless umask) left it
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); "
        "from civicspace.assessments.sealing import seal; seal('a name')"
    )
    answer = _run(tmp_path, code)
    assert answer.returncode == 0, answer.stderr
    data = tmp_path / "data"
    assert _mode(data) == 0o700
    for name in ("civicspace.sqlite3", "secret_key", "field_key"):
        assert _mode(data / name) == 0o600, name
    assert _mode(data / "static") == 0o700


def test_a_server_error_in_production_is_one_json_line_on_stderr_with_its_request_id(tmp_path):
    code = """
import sys, types, django
django.setup()
from django.test import Client
from django.test.utils import override_settings, setup_test_environment
from django.urls import path

def broken(request):
    raise RuntimeError("the disk is on fire")

urls = types.ModuleType("broken_urls")
urls.urlpatterns = [path("broken/", broken)]
sys.modules["broken_urls"] = urls
setup_test_environment()
with override_settings(ROOT_URLCONF="broken_urls"):
    answer = Client(raise_request_exception=False).get(
        "/broken/", headers={"X-Request-ID": "nginx-req-0042"}
    )
print(answer.status_code, answer["X-Request-ID"])
"""
    answer = _run(tmp_path, code, CIVICSPACE_DEBUG="0")
    assert answer.stdout.split() == ["500", "nginx-req-0042"], answer.stderr
    lines = [json.loads(line) for line in answer.stderr.splitlines()]
    (error,) = [line for line in lines if line["level"] == "ERROR"]
    assert error["logger"] == "django.request"
    assert error["request_id"] == "nginx-req-0042"
    assert error["path"] == "/broken/"
    assert error["status"] == 500
    assert "RuntimeError: the disk is on fire" in error["exception"]
    assert error["time"].endswith("+00:00")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "kept"),
    [("nginx-req-0042", True), ("a b", False), ("x" * 65, False), ("id\r\nSet-Cookie: a", False)],
)
def test_a_sane_request_id_is_kept_and_any_other_replaced(client, sent, kept):
    answer = client.get("/accounts/login/", headers={"X-Request-ID": sent})
    echoed = answer["X-Request-ID"]
    assert (echoed == sent) is kept
    assert kept or (len(echoed) == 32 and echoed.isalnum())


def test_e_mail_is_configured_from_the_environment(tmp_path):
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER"]
    names += ["EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL"]
    configured = _settings(
        tmp_path,
        *names,
        CIVICSPACE_EMAIL_HOST="smtp.example.org",
        CIVICSPACE_EMAIL_PORT="587",
        CIVICSPACE_EMAIL_USER="civicspace",
        CIVICSPACE_EMAIL_PASSWORD="s3cret",
        CIVICSPACE_EMAIL_USE_TLS="1",
        CIVICSPACE_DEFAULT_FROM_EMAIL="civicspace@example.org",
    )
    assert configured == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "civicspace",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "civicspace@example.org",
        "SERVER_EMAIL": "civicspace@example.org",
    }
    development = _settings(tmp_path, "EMAIL_BACKEND", CIVICSPACE_DEBUG="1")
    assert development["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_behind_a_proxy_its_tls_header_and_address_are_believed_only_when_configured(tmp_path):
    names = ("SECURE_PROXY_SSL_HEADER", "CIVICSPACE_TRUSTED_PROXIES", "CSRF_TRUSTED_ORIGINS")
    assert _settings(tmp_path, *names) == {
        "SECURE_PROXY_SSL_HEADER": None,
        "CIVICSPACE_TRUSTED_PROXIES": 0,
        "CSRF_TRUSTED_ORIGINS": [],
    }
    behind = _settings(
        tmp_path,
        *names,
        CIVICSPACE_PROXY_SSL_HEADER="1",
        CIVICSPACE_TRUSTED_PROXIES="1",
        CIVICSPACE_CSRF_TRUSTED_ORIGINS="https://civicspace.example.org",
    )
    assert behind == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "CIVICSPACE_TRUSTED_PROXIES": 1,
        "CSRF_TRUSTED_ORIGINS": ["https://civicspace.example.org"],
    }


def test_the_production_server_will_not_start_without_collected_static_files(tmp_path):
    refused = _run(tmp_path, "import civicspace.wsgi")
    assert refused.returncode != 0
    assert "collectstatic" in refused.stderr
    collected = _run(
        tmp_path,
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0); import civicspace.wsgi",
    )
    assert collected.returncode == 0, collected.stderr
