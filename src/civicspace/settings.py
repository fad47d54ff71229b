"""Django settings: SQLite in ./var by default, PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF, UNSAFE_INLINE

django_stubs_ext.monkeypatch()  # generic admin classes (ModelAdmin[Country]) at run time

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CIVICSPACE_DATA_DIR", Path.cwd() / "var"))

# The data folder holds the database, keys and caches: only this account may read it. Files
# this process creates (there and anywhere) are 0600, folders 0700.
os.umask(0o077)
DATA_DIR.mkdir(parents=True, exist_ok=True)
if DATA_DIR.stat().st_uid == os.getuid() and DATA_DIR.stat().st_mode & 0o077:
    DATA_DIR.chmod(0o700)


def _secret_key() -> str:
    """From the environment in production; otherwise a random key kept in the data folder."""
    if key := os.environ.get("CIVICSPACE_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CIVICSPACE_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("CIVICSPACE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "civicspace.site",  # first, so its admin/base_site.html (the DEMO banner) takes precedence
    "civicspace.accounts.admin_site.SecondFactorAdminConfig",  # the admin, with two factors
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # /sitemap.xml: every public page in every language
    "civicspace.audit",
    "civicspace.countries",
    "civicspace.indicators",
    "civicspace.assessments",
    "civicspace.accounts",
    "civicspace.editorial",
    "civicspace.monitoring",
    "civicspace.publishing",
    "civicspace.workspace",
    "civicspace.notifications",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # serves the API docs' Swagger UI from its own static files, never a CDN
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "civicspace.site.middleware.RequestIdMiddleware",  # first: every log line names its request
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "civicspace.site.languages.LanguageMiddleware",  # Django's, plus per-language public URLs
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "civicspace.accounts.middleware.RolesPerRequestMiddleware",  # roles read once a request
    "django_otp.middleware.OTPMiddleware",
    "civicspace.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "civicspace.urls"
WSGI_APPLICATION = "civicspace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "civicspace.site.context_processors.demo_mode",
                "civicspace.site.context_processors.site_branding",
                "civicspace.site.languages.language_links",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'civicspace.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server threads and processes write one file. WAL lets pages be read during a
    # write; IMMEDIATE takes the write lock when a transaction begins, so two saves queue for
    # it (up to `timeout` seconds) instead of both reading and then one failing with "database
    # is locked"; the one that waited then sees the new version and gets the conflict page.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("ar", "العربية")]
# The public site is read in every language above, each at its own address (/ru/..., /ar/...);
# the workspace (editors, reviewers) is translated into these only: docs/translation.md.
CIVICSPACE_WORKSPACE_LANGUAGES = ["en", "ru"]
CIVICSPACE_PUBLIC_URLCONF = "civicspace.public_urls"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
# WhiteNoise serves static files from the production server too; in development (and tests)
# it finds them in the apps, so `collectstatic` is only needed for deployment (and wsgi.py
# refuses to start without it: docs/deploy.md).
WHITENOISE_USE_FINDERS = DEBUG or os.environ.get("CIVICSPACE_STATIC_FINDERS") == "1"

# Behind a reverse proxy (nginx): how many proxies of ours add to X-Forwarded-For (anything
# further left is the client's own claim), and whether the proxy's X-Forwarded-Proto says the
# request came over TLS. Sign-in lock-out, reset limits and the API count requests by the
# address this gives (site.middleware.client_address).
CIVICSPACE_TRUSTED_PROXIES = int(os.environ.get("CIVICSPACE_TRUSTED_PROXIES", "0"))
if os.environ.get("CIVICSPACE_PROXY_SSL_HEADER") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CIVICSPACE_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

# The public API: anonymous clients get this many requests per address (ninja's rate syntax).
CIVICSPACE_API_ANON_RATE = os.environ.get("CIVICSPACE_API_ANON_RATE", "120/min")
# The write API: this many requests per member's token (publishing/api_monitoring.py).
CIVICSPACE_API_TOKEN_RATE = os.environ.get("CIVICSPACE_API_TOKEN_RATE", "60/min")
NINJA_NUM_PROXIES = CIVICSPACE_TRUSTED_PROXIES

# Rendered PDFs of published reports (immutable, keyed by their HTML's hash), shared by every
# worker process of the production server.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # Built API answers by ETag (publishing/api.py): in memory, since reading them back must
    # cost far less than building them; 200 of at most 256 KB each (publishing/api.py).
    "api-answers": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api-answers",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
    # Rendered pages of published reports (site/report_cache.py), shared by the server's workers
    # and the static build: about 35 KB each, one per revision, language and surrounding (86
    # countries x 10 years x 3 languages, with corrections, is about 3000).
    "report-pages": {
        "BACKEND": "civicspace.site.report_cache.ReportPagesCache",  # counted now and then
        "LOCATION": str(DATA_DIR / "report-pages"),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}

# Background jobs (PDFs rendered at publication): queued in the database, run by `civicspace
# worker` (docs/deploy.md). Tests run them at once (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Hardened defaults; a TLS deployment also sets CIVICSPACE_SECURE=1.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if os.environ.get("CIVICSPACE_SECURE") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000

# Content-Security-Policy: nothing from other sites, and no inline script or event handler, so
# text that slipped past the sanitiser still could not run. Styles may be inline: the site's
# base page and the report document (one HTML for page and PDF) carry their CSS in <style>,
# the SVG charts and the admin's DEMO banner use style attributes, and so does the API docs'
# Swagger UI. Inline CSS cannot run code, and nh3 strips style from every text people write.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sign-in hardening: repeated failures lock the account (from everywhere) and, separately, the
# address (for every account), so one address cannot try a password against every account;
# axes checks before any password is compared. Idle sessions expire.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "civicspace.site.middleware.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Password-reset requests: at most this many an hour from one address, and this many mails an
# hour to one e-mail address (further requests look the same but send nothing).
CIVICSPACE_RESET_PER_ADDRESS = 5
CIVICSPACE_RESET_PER_EMAIL = 2
# Alert subscriptions without an account, per hour: asked from one client address, and
# confirmation e-mails to one mailbox.
CIVICSPACE_ALERT_SUBSCRIBE_PER_ADDRESS = 10
CIVICSPACE_ALERT_SUBSCRIBE_PER_EMAIL = 3

# E-mail (password resets): SMTP from the environment; printed to the console in development.
EMAIL_HOST = os.environ.get("CIVICSPACE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CIVICSPACE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CIVICSPACE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CIVICSPACE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CIVICSPACE_EMAIL_USE_TLS") == "1"  # STARTTLS, usually port 587
EMAIL_USE_SSL = os.environ.get("CIVICSPACE_EMAIL_USE_SSL") == "1"  # TLS from the start, 465
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("CIVICSPACE_DEFAULT_FROM_EMAIL", "civicspace@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = os.environ.get(
    "CIVICSPACE_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)

# Notifications (docs/notifications.md): links in e-mails start with this address, since an
# e-mail is sent after the request that caused it (or from `civicspace notify digest`).
CIVICSPACE_SITE_URL = os.environ.get("CIVICSPACE_SITE_URL", "http://127.0.0.1:8000")

# Logs: in production, JSON lines on stderr (one object a line, with the request's id) for the
# process manager to keep; in development, Django's readable console output.
if not DEBUG:
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "civicspace.site.logs.JsonLines"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
        "root": {"handlers": ["stderr"], "level": os.environ.get("CIVICSPACE_LOG_LEVEL", "INFO")},
        "loggers": {
            "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            # Lock-outs (warnings), not a line for each start and each failed sign-in.
            "axes": {"level": "WARNING"},
            # A line for each page of each PDF the worker lays out is noise, not a log.
            "weasyprint": {"level": "WARNING"},
        },
    }

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:home"
LOGOUT_REDIRECT_URL = "site:home"

# Two-factor sign-in (django-otp): authenticator apps name the site by this.
OTP_TOTP_ISSUER = os.environ.get("CIVICSPACE_OTP_ISSUER", "civicspace")
# The admin neither shows nor edits a second factor's key or backup codes once it exists.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The framework edition new cycles use unless told otherwise.
CIVICSPACE_DEFAULT_EDITION = os.environ.get("CIVICSPACE_DEFAULT_EDITION", "eusee-2025")

# Branding (site/branding.py): the programme's name and logo, a funder's emblem and the footer
# statement belong to the deployment, not to civicspace. Logos are paths to SVG files (inlined
# in pages and PDFs); without one, civicspace's own neutral mark is used.
CIVICSPACE_PROGRAMME_NAME = os.environ.get("CIVICSPACE_PROGRAMME_NAME", "civicspace")
CIVICSPACE_PROGRAMME_LOGO = os.environ.get("CIVICSPACE_PROGRAMME_LOGO", "")
CIVICSPACE_FUNDER_EMBLEM = os.environ.get("CIVICSPACE_FUNDER_EMBLEM", "")
CIVICSPACE_FUNDER_NAME = os.environ.get("CIVICSPACE_FUNDER_NAME", "")
CIVICSPACE_FOOTER_STATEMENT = os.environ.get("CIVICSPACE_FOOTER_STATEMENT", "")

# Event attachments (issue 15): private files, served only by an authorised view. MEDIA_URL is
# never routed, and the attachments folder sits in the data folder (0700), outside STATIC_ROOT.
MEDIA_ROOT = Path(os.environ.get("CIVICSPACE_MEDIA_ROOT", DATA_DIR / "media"))
CIVICSPACE_ATTACHMENT_ROOT = MEDIA_ROOT / "private" / "event-attachments"
CIVICSPACE_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("CIVICSPACE_ATTACHMENT_MAX_BYTES", 10 * 1024**2)
)  # one file
CIVICSPACE_ATTACHMENT_MAX_EVENT_BYTES = int(
    os.environ.get("CIVICSPACE_ATTACHMENT_MAX_EVENT_BYTES", 40 * 1024**2)
)  # all of one event's files together
CIVICSPACE_ATTACHMENT_MAX_COUNT = int(os.environ.get("CIVICSPACE_ATTACHMENT_MAX_COUNT", 10))
# A bulk import of events (workspace) is a table: far smaller than this.
CIVICSPACE_EVENT_IMPORT_MAX_BYTES = 5 * 1024**2
# The baked public site (docs/deploy.md): when set, each publication and correction rebuilds
# the pages, files and API answers it changes in this folder, as a background job.
CIVICSPACE_STATIC_SITE_DIR = os.environ.get("CIVICSPACE_STATIC_SITE_DIR", "")
# Processes that bake a full build of the public site at once (`civicspace site build --jobs`).
CIVICSPACE_BAKE_JOBS = int(os.environ.get("CIVICSPACE_BAKE_JOBS", min(os.cpu_count() or 1, 4)))
