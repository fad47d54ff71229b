"""Public pages. Until publication lands, only counts are shown: drafts never reach the public."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicspace.assessments.models import Cycle
from civicspace.core.framework import load_edition
from civicspace.countries.models import Country


def home(request: HttpRequest) -> HttpResponse:
    edition = load_edition(settings.CIVICSPACE_DEFAULT_EDITION)
    context = {
        "edition": edition,
        "programme_countries": Country.objects.filter(in_programme=True).count(),
        "cycles": Cycle.objects.count(),
    }
    return render(request, "site/home.html", context)
