"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from civicspace.assessments.selectors import demo_loaded
from civicspace.site.branding import Branding, branding


def demo_mode(request: HttpRequest) -> dict[str, bool]:
    """Pages say DEMO whenever demo data is loaded, so nobody mistakes it for findings."""
    return {"demo_mode": demo_loaded()}


def site_branding(request: HttpRequest) -> dict[str, Branding]:
    return {"branding": branding()}
