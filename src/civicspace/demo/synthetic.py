"""A synthetic DEMO dataset at the programme's scale (86 countries x 10 years), loaded in bulk.

Country names are real ISO 3166 countries; every score, rating, panel and text is invented,
flagged as demo in the database (so every page, file and report says DEMO) and worded as DEMO.
Rows are written with bulk_create, not one service call each, to load in under a minute; the
published snapshots are still made by the publication path's own record builder
(`editorial.snapshots.snapshot_data`), so `civicspace verify --all` recomputes every number.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import transaction

from civicspace.assessments.models import (
    CitationKey,
    Cycle,
    DimensionScore,
    Panel,
    Panelist,
    PanelistScore,
    Source,
)
from civicspace.core.framework import Edition, load_edition
from civicspace.core.record import checksum
from civicspace.core.scoring import civicus_category
from civicspace.core.workflow import State
from civicspace.countries.models import Country, NetworkMember
from civicspace.countries.services import countries_sync, programme_definition
from civicspace.demo.loader import DemoSummary, demo_clear
from civicspace.demo.reports import demo_editor
from civicspace.editorial.models import ReportText, Snapshot
from civicspace.editorial.selectors import text_keys
from civicspace.editorial.snapshots import snapshot_data
from civicspace.indicators.models import CivicusRating

Scores = npt.NDArray[np.float64]
LAST_YEAR = 2025
PANEL_SIZE = 5
# Real countries by the programme's regions, in an order that spreads any first N over all
# regions (taken round-robin). The selection is the demo's own, not the programme's membership.
COUNTRIES = {
    "ECA": "KZ KG GE RS AM AZ UZ TJ MD UA BA MK AL ME LT BY TM TR MN HU PL RO BG HR",
    "AFR": "KE TZ UG RW ET NG GH SN ZA ZW ZM MW MZ CM CD CI ML BF NE BJ TG SL LR SD",
    "MENA": "TN MA DZ EG JO LB IQ PS LY YE SA KW BH OM QA",
    "ASP": "IN PK BD LK NP MM TH KH LA VN PH ID MY KR MV FJ",
    "AMC": "MX GT HN SV NI CR PA CO VE EC PE BO BR PY AR CL CU HT DO JM",
}
# Where the invented sources point: real public indices of the kind panels consult, so that
# the editorial checks (which refuse example.org and other placeholders) pass, and an editor
# can correct and republish any synthetic cycle. Titles still say the citation is invented.
SOURCE_SITES = (
    ("V-Dem dataset", "https://www.v-dem.net/"),
    ("Freedom House, Freedom in the World", "https://freedomhouse.org/"),
    ("Bertelsmann Transformation Index", "https://bti-project.org/"),
    ("ICNL Civic Freedom Monitor", "https://www.icnl.org/"),
    ("Global Right to Information Rating", "https://www.rti-rating.org/"),
    ("RSF World Press Freedom Index", "https://rsf.org/"),
)
SENTENCES = (
    "DEMO text, generated for testing at scale: {country} {year}, {topic}.",
    "This DEMO sentence describes no real event in {country}; it stands where the panel's"
    " analysis of {topic} would be.",
    "DEMO: invented for the synthetic dataset; {topic} in {year} is not assessed here.",
)


def countries_pick(count: int) -> list[tuple[str, str]]:
    """`count` (ISO alpha-2, region) pairs, round-robin over the regions."""
    queues = [[(iso2, region) for iso2 in codes.split()] for region, codes in COUNTRIES.items()]
    picked: list[tuple[str, str]] = []
    while len(picked) < count and any(queues):
        for queue in queues:
            if queue and len(picked) < count:
                picked.append(queue.pop(0))
    if len(picked) < count:
        raise ValueError(f"the synthetic demo has at most {len(picked)} countries")
    return picked


def _sentence(rng: np.random.Generator, country: str, year: int, topic: str) -> str:
    template = SENTENCES[int(rng.integers(len(SENTENCES)))]
    return template.format(country=country, year=year, topic=topic)


def _scores(rng: np.random.Generator, codes: list[str], years: int) -> Scores:
    """Agreed scores (years x dimensions), a random walk on the 1-5 scale, one decimal."""
    start = rng.uniform(1.5, 4.5, size=len(codes))
    steps = rng.normal(0, 0.25, size=(years, len(codes)))
    steps[0] = 0
    walk: Scores = np.round(np.clip(start + steps.cumsum(axis=0), 1.0, 5.0), 1)
    return walk


def _panel_values(rng: np.random.Generator, agreed: Scores) -> Scores:
    """Half-point panelist scores (panelists x dimensions) near the agreed ones: the first two
    panelists give the half points either side of the agreed score, so that, as in a real
    panel, someone gave a score at or below the agreed one and someone at or above it. The
    others give the half point nearest the agreed score moved by -0.5, 0 or +0.5, so the
    panelists' mean stays within 0.45 of the agreed score, inside the editorial checks'
    tolerance: no justification has to explain a divergence."""
    offsets = rng.choice([-0.5, 0.0, 0.0, 0.5], size=(PANEL_SIZE, agreed.size))
    values: Scores = np.clip(np.round((agreed + offsets) * 2) / 2, 1.0, 5.0)
    values[0] = np.floor(np.round(agreed * 2, 6)) / 2
    values[1] = np.ceil(np.round(agreed * 2, 6)) / 2
    return values


def _source_key(code: str, year: int) -> str:
    """The citation key of a dimension's one invented source, unique within its cycle."""
    return f"demo-{code.replace('.', '-')}-{year}"


@transaction.atomic
def synthetic_load(*, countries: int, years: int, seed: int = 17) -> DemoSummary:
    """Replace the demo data with `countries` x `years` synthetic DEMO cycles, all published."""
    if countries < 1 or not 1 <= years <= 30:
        raise ValueError("give at least one country and between 1 and 30 years")
    rng = np.random.default_rng(seed)
    edition = load_edition(settings.CIVICSPACE_DEFAULT_EDITION)
    picked = countries_pick(countries)
    demo_clear()
    programme = programme_definition()
    countries_sync(regions=programme["regions"], programme=dict(picked))
    by_iso = {c.iso2: c for c in Country.objects.filter(iso2__in=[iso for iso, _ in picked])}
    # A country's real Network Member, if it has one, is kept (demo_clear removed demo ones).
    NetworkMember.objects.bulk_create(
        (
            NetworkMember(country=c, name=f"DEMO Network Member of {c.name}", is_demo=True)
            for c in by_iso.values()
        ),
        ignore_conflicts=True,
    )
    first = LAST_YEAR - years + 1
    ratings = _ratings(rng, list(by_iso.values()), first, edition)
    # SQLite and PostgreSQL both return the new ids, which the rows below refer to.
    cycles = Cycle.objects.bulk_create(
        Cycle(
            country=country,
            year=year,
            edition=edition.code,
            period_start=date(year - 1, 8, 1),
            period_end=date(year, 7, 31),
            panel_date=date(year, 9, 15),
            state=State.PUBLISHED,
            is_demo=True,
        )
        for country in by_iso.values()
        for year in range(first, LAST_YEAR + 1)
    )
    scores = _cycle_contents(rng, cycles, edition, years)
    editor = demo_editor()
    Snapshot.objects.bulk_create(
        _snapshot(cycle, editor.pk)
        for cycle in Cycle.objects.filter(is_demo=True).select_related("country")
    )
    return DemoSummary(
        countries=len(by_iso),
        cycles=len(cycles),
        scores=scores,
        ratings=ratings,
        published=len(cycles),
    )


def _snapshot(cycle: Cycle, editor_id: int) -> Snapshot:
    data = snapshot_data(cycle=cycle)
    return Snapshot(
        cycle=cycle, revision=1, published_by_id=editor_id, data=data, checksum=checksum(data)
    )


def _ratings(
    rng: np.random.Generator, countries: list[Country], first: int, edition: Edition
) -> int:
    """One DEMO CIVICUS rating a year per country, published each December before the cycle's
    reporting period ends."""
    rows = []
    for country in countries:
        score = float(rng.uniform(20, 80))
        for year in range(first - 1, LAST_YEAR):
            score = float(np.clip(score + rng.normal(0, 3), 0, 100))
            rows.append(
                CivicusRating(
                    country=country,
                    published_on=date(year, 12, 5),
                    score=Decimal(f"{score:.1f}"),
                    category=civicus_category(round(score, 1), edition.civicus),
                    source_url="https://monitor.civicus.org/",
                    is_demo=True,
                )
            )
    CivicusRating.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _cycle_contents(
    rng: np.random.Generator, cycles: list[Cycle], edition: Edition, years: int
) -> int:
    """Each cycle's agreed scores with one source each, its panel's scores and its texts."""
    codes = sorted(edition.panel_dimensions)
    keys = text_keys(cycle=cycles[0], language="en")
    walks: dict[int, Scores] = {}
    scores, sources, texts = [], [], []
    panels = Panel.objects.bulk_create(
        Panel(cycle=c, met_on=c.panel_date, format="hybrid", participants=PANEL_SIZE)
        for c in cycles
    )
    panelists = Panelist.objects.bulk_create(
        Panelist(panel=panel, code=f"P{n:02d}", sector="DEMO")
        for panel in panels
        for n in range(1, PANEL_SIZE + 1)
    )
    panel_scores = []
    for index, cycle in enumerate(cycles):
        if cycle.country_id not in walks:
            walks[cycle.country_id] = _scores(rng, codes, years)
        agreed = walks[cycle.country_id][cycle.year - (LAST_YEAR - years + 1)]
        name = cycle.country.name
        values = _panel_values(rng, agreed)
        for code, value in zip(codes, agreed, strict=True):
            scores.append(
                DimensionScore(
                    cycle=cycle,
                    dimension=code,
                    value=Decimal(f"{value:.1f}"),
                    justification=_sentence(rng, name, cycle.year, f"dimension {code}"),
                )
            )
        mine = panelists[index * PANEL_SIZE : (index + 1) * PANEL_SIZE]
        panel_scores += [
            PanelistScore(panelist=panelist, dimension=code, value=Decimal(f"{value:.1f}"))
            for panelist, row in zip(mine, values, strict=True)
            for code, value in zip(codes, row, strict=True)
        ]
        for key, heading in keys.items():
            # A dimension's analysis cites its own source, by the key the source was issued.
            cite = f"[^{_source_key(key, cycle.year)}]" if key in codes else ""
            texts.append(
                ReportText(
                    cycle=cycle, key=key, text=_sentence(rng, name, cycle.year, heading) + cite
                )
            )
    scores = DimensionScore.objects.bulk_create(scores, batch_size=2000)
    keys_issued = []
    for score in scores:
        site, url = SOURCE_SITES[int(rng.integers(len(SOURCE_SITES)))]
        title = f"DEMO source on dimension {score.dimension}: {site} (invented citation)"
        key = _source_key(score.dimension, score.cycle.year)
        sources.append(
            Source(
                score=score,
                title=title,
                url=url,
                published_on=date(score.cycle.year, 3, 1),
                kind=Source.Kind.INDEX,
                key=key,
            )
        )
        # As score_record does: every key the cycle issued, so that none is ever reused.
        keys_issued.append(
            CitationKey(cycle=score.cycle, key=key, title=title, dimension=score.dimension)
        )
    Source.objects.bulk_create(sources, batch_size=2000)
    CitationKey.objects.bulk_create(keys_issued, batch_size=2000)
    PanelistScore.objects.bulk_create(panel_scores, batch_size=5000)
    ReportText.objects.bulk_create(texts, batch_size=2000)
    return len(scores)
