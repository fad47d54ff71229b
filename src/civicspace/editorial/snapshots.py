"""What a published report freezes: scores, texts, sources, panel figures, edition, checksum."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from civicspace.assessments.models import Cycle, PanelStatistics
from civicspace.assessments.presenters import profile_as_dict
from civicspace.assessments.selectors import cycle_profile_get
from civicspace.core.framework import load_edition
from civicspace.editorial.models import ReportText
from civicspace.editorial.rendering import markdown_to_html
from civicspace.editorial.research import research_process
from civicspace.editorial.selectors import cycle_sources, text_keys


def snapshot_data(*, cycle: Cycle) -> dict[str, Any]:
    """Everything a public report shows, computed now from stored data.

    Panel figures are aggregates only (means, intervals, agreement); no panelist appears.
    """
    profile = profile_as_dict(cycle_profile_get(cycle=cycle))
    sources = cycle_sources(cycle=cycle)
    texts = dict(ReportText.objects.filter(cycle=cycle).values_list("key", "text"))
    stats = PanelStatistics.objects.filter(cycle=cycle).first()
    data = {
        **profile,
        "network_member": getattr(getattr(cycle.country, "network_member", None), "name", ""),
        "panel_date": cycle.panel_date.isoformat() if cycle.panel_date else None,
        "sections": [
            {
                "key": key,
                "heading": heading,
                "markdown": texts.get(key, ""),
                "html": markdown_to_html(texts.get(key, ""), source_count=len(sources)),
            }
            # Headings in the report's language (English), whatever the publisher's UI shows.
            for key, heading in text_keys(cycle=cycle, language="en").items()
        ],
        "sources": [
            {
                "number": n,
                "title": s.title,
                "url": s.url,
                "date": s.published_on.isoformat() if s.published_on else None,
                "kind": s.kind,
            }
            for n, s in enumerate(sources, start=1)
        ],
        "panel_figures": None
        if stats is None
        else {
            "panelists": stats.figures["panelists"],
            "agreement": stats.agreement,
            "level": stats.level,
            "principles": stats.figures["principles"],
            "dimensions": {
                code: {k: v for k, v in d.items() if k in ("mean", "median", "interval", "dissent")}
                for code, d in stats.figures["dimensions"].items()
            },
        },
    }
    research = research_process(data, load_edition(cycle.edition))
    data["sections"].append(
        {
            "key": "research",
            "heading": "Research process",
            "markdown": research,
            "html": markdown_to_html(research, source_count=len(sources)),
        }
    )
    return data


def checksum(data: dict[str, Any]) -> str:
    canonical = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
