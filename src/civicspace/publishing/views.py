"""Public report pages, served from published snapshots."""

from __future__ import annotations

import nh3
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from civicspace.publishing.selectors import snapshot_get, snapshot_revisions, snapshots_latest


def report_list(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/list.html", {"snapshots": snapshots_latest()})


def report(request: HttpRequest, iso2: str, year: int, revision: int | None = None) -> HttpResponse:
    snapshot = snapshot_get(iso2=iso2, year=year, revision=revision)
    sections = [
        # Stored already sanitised at publication; cleaned again here as defence in depth.
        {**s, "html": mark_safe(nh3.clean(s["html"], link_rel="noopener noreferrer"))}  # noqa: S308
        for s in snapshot.data["sections"]
        if s["markdown"]
    ]
    revisions = snapshot_revisions(iso2=iso2, year=year)
    return render(
        request,
        "publishing/report.html",
        {
            "snapshot": snapshot,
            "data": snapshot.data,
            "sections": sections,
            "revisions": revisions,
            "latest": revisions.order_by("-revision").first(),
        },
    )
