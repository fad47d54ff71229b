"""Public country pages and comparisons of countries, with their figures.

Everything here reads published records through `publishing`; drafts never.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from civicspace.core.changes import Scored, describe_changes
from civicspace.core.charts import Bar, Panel, Series, bar_chart, trend_chart
from civicspace.core.framework import load_edition
from civicspace.core.record import Interval, Principle, PublishedRecord
from civicspace.countries.names import country_name
from civicspace.editorial.models import Snapshot
from civicspace.i18n import wording
from civicspace.monitoring.public_selectors import public_alerts, public_events
from civicspace.publishing.open_data import published_record
from civicspace.publishing.report import (
    change_since,
    interval_pair,
    principle_interval,
    profile_chart,
)
from civicspace.publishing.selectors import snapshots_latest
from civicspace.site.alert_pages import alert_view, event_view
from civicspace.site.figures import (
    Figure,
    citation,
    score_text,
    scores_csv_url,
)
from civicspace.site.listing import by_region, filters_from, grouped

LEVELS = ("principle", "dimension")
COMPARE_MIN, COMPARE_MAX = 2, 5
TIMELINE_EVENTS = 12  # the newest; the rest are on the alerts list filtered to the country


def _country_snapshots(iso2: str) -> list[Snapshot]:
    """The newest revision of each of a country's published reports, oldest year first."""
    found = snapshots_latest(iso2=iso2)
    if not found:
        raise Http404
    return sorted(found, key=lambda s: s.cycle.year)


def _scored(record: PublishedRecord) -> list[Scored]:
    return [Scored(p.number, p.name, p.score, p.label) for p in record.principles]


def _principle_name(p: Principle) -> str:
    return f"P{p.number} {p.name}"


def _interval_text(interval: Interval | None) -> str:
    if interval is None:
        return _("n/a")
    return f"{score_text(interval.low)}–{score_text(interval.high)}"


def _profile_figure(request: HttpRequest, snapshot: Snapshot, *, key: str, title: str) -> Figure:
    record = snapshot.record
    return Figure(
        key=key,
        title=title,
        chart=profile_chart(
            record, key=key, title=title, missing=_("not scored"), wording=wording()
        ),
        columns=[_("Principle"), _("Score"), _("Label"), _("Panel interval (90%)")],
        rows=[
            [
                _principle_name(p),
                score_text(p.score),
                p.label or "",
                _interval_text(principle_interval(p)),
            ]
            for p in record.principles
        ],
        csv_url=scores_csv_url(
            countries=[record.country.iso2], years=[record.year], level="principle"
        ),
        citation=citation(request, title, [snapshot.published_at.date().isoformat()]),
        note=_(
            "Scores on the 1-5 scale, with the interval of the panel's individual scores"
            " (90%). There is no overall index."
        ),
    )


def _trend_figure(
    request: HttpRequest,
    by_country: dict[str, list[Snapshot]],
    *,
    key: str,
    title: str,
) -> Figure:
    """Each principle over every published year, one line per country."""
    years = sorted({s.cycle.year for snapshots in by_country.values() for s in snapshots})
    first = next(iter(by_country.values()))[-1].record
    scores: dict[tuple[str, int, str], float | None] = {
        (iso2, s.cycle.year, p.code): p.score
        for iso2, snapshots in by_country.items()
        for s in snapshots
        for p in s.record.principles
    }
    names = {
        iso2: country_name(snapshots[-1].record.country.name)
        for iso2, snapshots in by_country.items()
    }
    panels = [
        Panel(
            _principle_name(p),
            [
                Series(names[iso2], [scores.get((iso2, y, p.code)) for y in years])
                for iso2 in by_country
            ],
        )
        for p in first.principles
    ]
    several = len(by_country) > 1
    rows = [
        [
            _principle_name(p) + (f" · {names[iso2]}" if several else ""),
            *[score_text(scores.get((iso2, y, p.code))) for y in years],
        ]
        for p in first.principles
        for iso2 in by_country
    ]
    return Figure(
        key=key,
        title=title,
        chart=trend_chart(
            panels,
            years,
            load_edition(first.edition).scale,
            key=key,
            title=title,
            missing=_("no published score"),
            wording=wording(),
        ),
        columns=[_("Principle"), *[str(y) for y in years]],
        rows=rows,
        csv_url=scores_csv_url(countries=list(by_country), level="principle"),
        citation=citation(
            request,
            title,
            [s.published_at.date().isoformat() for ss in by_country.values() for s in ss],
        ),
        note=_("A gap means no report was published for that year."),
    )


def country_list(request: HttpRequest) -> HttpResponse:
    record = published_record()
    filters, regions = filters_from(request, record)
    groups = grouped(record, filters, regions, latest_only=True)
    return render(
        request,
        "site_pages/country_list.html",
        {
            "groups": groups,
            "filters": filters,
            "count": sum(len(g.entries) for g in groups),
            "total": len({c.iso2 for c in record.cycles}),
        },
    )


def country(request: HttpRequest, iso2: str) -> HttpResponse:
    snapshots = _country_snapshots(iso2)
    latest = snapshots[-1]
    record = latest.record
    name = country_name(record.country.name)
    previous = snapshots[-2] if len(snapshots) > 1 else None
    change = changes = None
    if previous is not None:
        before, after = previous.record, record
        title = _("%(country)s: change from %(before)s to %(after)s") % {
            "country": name,
            "before": before.year,
            "after": after.year,
        }
        earlier = {p.code: p.score for p in before.principles}
        change = Figure(
            key="country-change",
            title=title,
            chart=change_since(
                before,
                after,
                key="country-change",
                title=title,
                missing=_("not scored in both years"),
                unchanged=_("no change"),
                wording=wording(),
            ),
            columns=[_("Principle"), str(before.year), str(after.year)],
            rows=[
                [_principle_name(p), score_text(earlier.get(p.code)), score_text(p.score)]
                for p in after.principles
            ],
            csv_url=scores_csv_url(
                countries=[latest.cycle.country.iso2],
                years=[before.year, after.year],
                level="principle",
            ),
            citation=citation(
                request,
                title,
                [s.published_at.date().isoformat() for s in (previous, latest)],
            ),
        )
        changes = describe_changes(_scored(before), _scored(after), wording())
    years = [s.cycle.year for s in snapshots]
    return render(
        request,
        "site_pages/country.html",
        {
            "latest": latest,
            "record": record,
            "profile": _profile_figure(
                request,
                latest,
                key="country-profile",
                title=_("%(country)s %(year)s: the six principles")
                % {"country": name, "year": record.year},
            ),
            "change": change,
            "changes": changes,
            "previous": previous,
            "history": _trend_figure(
                request,
                {latest.cycle.country.iso2: snapshots},
                key="country-history",
                title=_("%(country)s: the six principles, %(first)s-%(last)s")
                % {"country": name, "first": years[0], "last": years[-1]},
            ),
            "civicus": record.civicus,
            "snapshots": list(reversed(snapshots)),
            "csv_url": scores_csv_url(countries=[latest.cycle.country.iso2]),
            **_early_warning(latest.cycle.country.iso2),
        },
    )


def _early_warning(iso2: str) -> dict[str, Any]:
    """The country's public alerts and newest public verified events, beside its scores."""
    events = public_events(iso2=iso2)
    return {
        "alerts": [alert_view(a) for a in public_alerts(iso2=iso2)],
        "events": [event_view(e) for e in events[:TIMELINE_EVENTS]],
        "more_events": max(0, len(events) - TIMELINE_EVENTS),
    }


def _profiles_figure(
    request: HttpRequest,
    in_year: dict[str, Snapshot | None],
    names: dict[str, str],
    year: int,
) -> Figure:
    """The chosen countries' six principles in one year, grouped by principle."""
    published = [s for s in in_year.values() if s is not None]
    frame = published[0].record.principles if published else ()
    by_code = {
        (iso2, p.code): p
        for iso2, s in in_year.items()
        if s is not None
        for p in s.record.principles
    }
    bars, rows = [], []
    for principle in frame:
        for iso2 in in_year:
            p = by_code.get((iso2, principle.code))
            interval = principle_interval(p) if p else None
            score = p.score if p else None
            bars.append(Bar(f"P{principle.number} · {names[iso2]}", score, interval_pair(interval)))
            rows.append(
                [
                    f"{_principle_name(principle)} · {names[iso2]}",
                    score_text(score),
                    (p.label or "") if p else "",
                    _interval_text(interval),
                ]
            )
    title = _("The six principles in %(year)s: %(countries)s") % {
        "year": year,
        "countries": ", ".join(names[c] for c in in_year),
    }
    return Figure(
        key="compare-profiles",
        title=title,
        chart=bar_chart(
            bars,
            load_edition(published[0].record.edition).scale,
            key="compare-profiles",
            title=title,
            missing=_("no published report for this year"),
            wording=wording(),
        ),
        columns=[_("Principle"), _("Score"), _("Label"), _("Panel interval (90%)")],
        rows=rows,
        csv_url=scores_csv_url(countries=list(in_year), years=[year], level="principle"),
        citation=citation(request, title, [s.published_at.date().isoformat() for s in published]),
        note=_(
            "Bars grouped by principle, one per country, with the panel's interval (90%)."
            " Not added up, not ranked."
        ),
    )


def _compare_choice(request: HttpRequest, available: dict[str, str]) -> tuple[list[str], str]:
    """The countries asked for (as ?country=GE&country=KZ or ?country=GE,KZ), in the order
    given, and what is wrong with the choice, if anything."""
    asked = [c.strip().upper() for v in request.GET.getlist("country") for c in v.split(",")]
    chosen = list(dict.fromkeys(c for c in asked if c))
    unknown = [c for c in chosen if c not in available]
    if unknown:
        return [], _("No published report for: %(codes)s.") % {"codes": ", ".join(unknown)}
    if len(chosen) > COMPARE_MAX:
        return [], _("Choose between %(min)s and %(max)s countries.") % {
            "min": COMPARE_MIN,
            "max": COMPARE_MAX,
        }
    return chosen, ""


def compare(request: HttpRequest) -> HttpResponse:
    """Two to five countries side by side: their profiles in one year, and every principle
    over the years. Deliberately no index and no league table."""
    record = published_record()
    available = {c.iso2: country_name(c.country) for c in record.cycles}
    chosen, problem = _compare_choice(request, available)
    context: dict[str, Any] = {
        "available": by_region(available),
        "chosen": chosen,
        "problem": problem,
        "min": COMPARE_MIN,
        "max": COMPARE_MAX,
    }
    if len(chosen) >= COMPARE_MIN:
        by_country = {iso2: _country_snapshots(iso2) for iso2 in chosen}
        years = sorted({s.cycle.year for ss in by_country.values() for s in ss}, reverse=True)
        shared = [
            y
            for y in years
            if all(any(s.cycle.year == y for s in ss) for ss in by_country.values())
        ]
        year_text = request.GET.get("year") or ""
        asked = int(year_text) if year_text.isdigit() and int(year_text) in years else None
        # Without a choice, open on the newest year every chosen country has a report for.
        year = asked if asked is not None else (shared[0] if shared else years[0])
        in_year = {
            iso2: next((s for s in snapshots if s.cycle.year == year), None)
            for iso2, snapshots in by_country.items()
        }
        missing = [available[c] for c, s in in_year.items() if s is None]
        names = ", ".join(available[c] for c in chosen)
        context.update(
            year=year,
            years=years,
            shared_default=asked is None and bool(shared),
            latest_year=years[0],
            profiles=_profiles_figure(request, in_year, available, year),
            missing=missing,
            chosen_names=[(c, available[c]) for c in chosen],
            trend=_trend_figure(
                request,
                by_country,
                key="compare-trend",
                title=_("The six principles over the years: %(countries)s") % {"countries": names},
            ),
            csv_url=scores_csv_url(countries=chosen),
        )
    return render(request, "site_pages/compare.html", context, status=400 if problem else 200)
