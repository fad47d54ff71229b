"""WSGI entry point for production servers."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.settings")
application = get_wsgi_application()

# Without collected static files every page would load without its styles and scripts (404s
# nobody notices): refuse to start instead.
if not settings.WHITENOISE_USE_FINDERS and not any(settings.STATIC_ROOT.iterdir()):
    raise ImproperlyConfigured(
        f"No static files in {settings.STATIC_ROOT}: run `civicspace manage collectstatic "
        "--noinput` before starting the server (docs/deploy.md)."
    )
