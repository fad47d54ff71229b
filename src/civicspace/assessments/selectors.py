"""Reads for assessment cycles: a cycle's scores and its computed six-principle profile."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from civicspace.accounts.permissions import User, is_editor, member_country_ids
from civicspace.assessments.models import Cycle, DimensionScore, Panel, PanelistScore
from civicspace.core.framework import Edition, load_edition
from civicspace.core.profile import CivicusInput, PrincipleResult, cycle_profile
from civicspace.core.recompute import panel_inputs
from civicspace.core.record import PanelInputs
from civicspace.countries.models import Country
from civicspace.indicators.models import CivicusRating


class CycleNotFound(LookupError):
    pass


@dataclass(frozen=True)
class CycleProfile:
    cycle: Cycle
    edition: Edition
    principles: tuple[PrincipleResult, ...]
    civicus_rating: CivicusRating | None

    @property
    def is_demo(self) -> bool:
        rating_demo = self.civicus_rating is not None and self.civicus_rating.is_demo
        return self.cycle.is_demo or rating_demo


def demo_loaded() -> bool:
    """Whether any demo data is loaded (pages then say DEMO)."""
    return Cycle.objects.filter(is_demo=True).exists()


def cycle_get(*, country: Country, year: int) -> Cycle:
    try:
        return Cycle.objects.select_related("country").get(country=country, year=year)
    except Cycle.DoesNotExist:
        years = list(country.cycles.order_by("year").values_list("year", flat=True))
        known = ", ".join(map(str, years)) or "none yet"
        raise CycleNotFound(f"{country.name} has no {year} cycle (cycles: {known})") from None


def cycle_profile_get(*, cycle: Cycle) -> CycleProfile:
    """Compute a cycle's principle scores from its stored dimension scores and CIVICUS rating."""
    return cycle_profiles_get(cycles=[cycle])[0]


def cycle_profiles_get(*, cycles: Sequence[Cycle]) -> list[CycleProfile]:
    """Profiles of many cycles with one query for their ratings (prefetch `scores` to save more).

    Each cycle uses the newest CIVICUS rating published on or before the end of its reporting
    period.
    """
    ratings: dict[int, list[CivicusRating]] = defaultdict(list)
    countries = {c.country_id for c in cycles}
    for each in CivicusRating.objects.filter(country__in=countries).order_by("-published_on"):
        ratings[each.country_id].append(each)
    profiles = []
    for cycle in cycles:
        edition = load_edition(cycle.edition)
        scores = {s.dimension: float(s.value) for s in cycle.scores.all()}
        rating = next(
            (r for r in ratings[cycle.country_id] if r.published_on <= cycle.period_end), None
        )
        civicus = (
            None
            if rating is None
            else CivicusInput(float(rating.score), rating.category, rating.published_on)
        )
        profiles.append(
            CycleProfile(
                cycle=cycle,
                edition=edition,
                principles=cycle_profile(edition, scores, civicus),
                civicus_rating=rating,
            )
        )
    return profiles


def dimension_scores_get(*, cycle: Cycle, codes: Collection[str]) -> dict[str, DimensionScore]:
    """The cycle's agreed scores of these dimensions, with their sources, by dimension code."""
    found = DimensionScore.objects.filter(cycle=cycle, dimension__in=codes)
    return {s.dimension: s for s in found.prefetch_related("sources")}


def panelist_scores_get(*, panel: Panel, codes: Collection[str]) -> dict[tuple[str, str], Decimal]:
    """Each panelist's score of these dimensions, by (pseudonym, dimension code)."""
    rows = PanelistScore.objects.filter(panelist__panel=panel, dimension__in=codes)
    return {
        (code, dimension): value
        for code, dimension, value in rows.values_list("panelist__code", "dimension", "value")
    }


def panel_inputs_get(*, cycle: Cycle, edition: Edition) -> PanelInputs | None:
    """The panelists' scores of the cycle as anonymous rows (None: nobody scored yet)."""
    by_panelist: dict[int, dict[str, float]] = defaultdict(dict)
    rows = PanelistScore.objects.filter(panelist__panel__cycle=cycle)
    for panelist, dimension, value in rows.values_list("panelist_id", "dimension", "value"):
        by_panelist[panelist][dimension] = float(value)
    return panel_inputs(list(by_panelist.values()), list(edition.panel_dimensions))


# --- Cycles a user may see: the roles of accounts.permissions applied to cycles -----------


def cycles_workable(user: User) -> QuerySet[Cycle]:
    """Cycles whose drafts `user` may read: their own countries', or all for editors."""
    cycles = Cycle.objects.select_related("country")
    if is_editor(user):
        return cycles
    return cycles.filter(country_id__in=member_country_ids(user))


def cycle_for_member(user: User, *, iso2: str, year: int) -> Cycle:
    """The cycle a Network Member may edit, else 404: others' drafts are not confirmed to exist."""
    try:
        return Cycle.objects.select_related("country").get(
            country__iso2=iso2.upper(), year=year, country_id__in=member_country_ids(user)
        )
    except Cycle.DoesNotExist:
        raise Http404 from None


def cycle_for_reader(user: User, *, iso2: str, year: int) -> Cycle:
    try:
        return cycles_workable(user).get(country__iso2=iso2.upper(), year=year)
    except Cycle.DoesNotExist:
        raise Http404 from None
