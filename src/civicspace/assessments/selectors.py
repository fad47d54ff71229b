"""Reads for assessment cycles: a cycle's scores and its computed six-principle profile."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from civicspace.accounts.permissions import User, is_editor, member_country_ids
from civicspace.assessments.models import (
    Cycle,
    DimensionScore,
    Panel,
    PanelistScore,
    YearSchedule,
)
from civicspace.audit.models import AuditEvent
from civicspace.core.deadlines import DueDates, Stage, due_within
from civicspace.core.framework import Edition, load_edition
from civicspace.core.profile import CivicusInput, PrincipleResult, cycle_profile
from civicspace.core.ratings import rating_chosen, rating_cutoff
from civicspace.core.recompute import panel_inputs
from civicspace.core.record import PanelInputs
from civicspace.core.workflow import State
from civicspace.countries.models import Country, Region
from civicspace.indicators.models import CivicusRating


class CycleNotFound(LookupError):
    pass


@dataclass(frozen=True)
class CycleProfile:
    cycle: Cycle
    edition: Edition
    principles: tuple[PrincipleResult, ...]
    civicus_rating: CivicusRating | None
    rating_cutoff: date | None = None  # the last day the edition's rule let a rating count

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


def cycle_profile_get(*, cycle: Cycle, published_on: date | None = None) -> CycleProfile:
    """Compute a cycle's principle scores from its stored dimension scores and CIVICUS rating
    (`published_on`: the day the report is, or would be, published; default today)."""
    return cycle_profiles_get(cycles=[cycle], published_on=published_on)[0]


def cycle_profiles_get(
    *, cycles: Sequence[Cycle], published_on: date | None = None
) -> list[CycleProfile]:
    """Profiles of many cycles with one query for their ratings (prefetch `scores` to save more).

    Each cycle uses the CIVICUS rating its edition's rule picks (core.ratings): the latest
    published on or before the end of the reporting period, or on or before the report's
    publication (`published_on`, default today).
    """
    ratings: dict[int, list[CivicusRating]] = defaultdict(list)
    countries = {c.country_id for c in cycles}
    for each in CivicusRating.objects.filter(country__in=countries).order_by("-published_on"):
        ratings[each.country_id].append(each)
    today = published_on or timezone.localdate()
    profiles = []
    for cycle in cycles:
        edition = load_edition(cycle.edition)
        scores = {s.dimension: float(s.value) for s in cycle.scores.all()}
        cutoff = rating_cutoff(
            edition.civicus.rating_rule, period_end=cycle.period_end, published_on=today
        )
        rating = rating_chosen(ratings[cycle.country_id], cutoff)
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
                rating_cutoff=cutoff,
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


# --- The consortium's desk: due dates, reviewers, a year's cycles at a glance --------------


def year_schedule_get(*, year: int) -> DueDates:
    """The year's due dates (all None if none are set)."""
    schedule = YearSchedule.objects.filter(year=year).first()
    return schedule.due_dates if schedule else DueDates()


def due_dates_of(cycles: Iterable[Cycle]) -> dict[int, DueDates]:
    """The dates that apply to each cycle (its own, else its year's), by cycle id: one query."""
    cycles = list(cycles)
    years = {
        s.year: s.due_dates for s in YearSchedule.objects.filter(year__in={c.year for c in cycles})
    }
    return {c.pk: years.get(c.year, DueDates()).overridden_by(c.own_due_dates) for c in cycles}


@dataclass(frozen=True)
class DueSoon:
    """A stage of a cycle due soon and not yet done (for deadline reminders)."""

    cycle: Cycle
    stage: Stage
    due: date


def cycles_due_within(*, days: int, today: date | None = None) -> list[DueSoon]:
    """Every stage due today or in the next `days` days that its cycle has not yet done, soonest
    first. The cycles come with their country, reviewers and members' roles' countries loaded."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    years = YearSchedule.objects.filter(
        Q(submission_due__range=(today, horizon))
        | Q(review_due__range=(today, horizon))
        | Q(publication_due__range=(today, horizon))
    ).values("year")
    own = (
        Q(submission_due__range=(today, horizon))
        | Q(review_due__range=(today, horizon))
        | Q(publication_due__range=(today, horizon))
    )
    cycles = list(
        Cycle.objects.filter(Q(year__in=years) | own)
        .exclude(state=State.PUBLISHED)
        .select_related("country")
        .prefetch_related("reviewers")
    )
    dues = due_dates_of(cycles)
    found = [
        DueSoon(cycle, item.stage, item.due)
        for cycle in cycles
        for item in due_within(dues[cycle.pk], State(cycle.state), today, days)
    ]
    return sorted(found, key=lambda d: (d.due, d.cycle.country.name, d.stage.value))


def desk_cycles(
    *,
    year: int,
    region: str | None = None,
    state: str | None = None,
    reviewer: int | None = None,
) -> QuerySet[Cycle]:
    """A year's cycles for the consortium's dashboard, by country, with what each row shows:
    region, reviewers, open review comments, newest audit event (when and who), and what the
    stored check count is keyed by. A fixed number of queries however many cycles there are."""
    newest = AuditEvent.objects.filter(cycle=OuterRef("pk")).order_by("-at", "-pk")
    rating = CivicusRating.objects.filter(country=OuterRef("country_id")).order_by("-updated_at")
    cycles = (
        Cycle.objects.filter(year=year)
        .select_related("country__region", "panel_statistics")
        .prefetch_related(Prefetch("reviewers", queryset=_by_name(get_user_model().objects)))
        .annotate(
            # Review comments belong to editorial, above this app: counted through their
            # relation's name, without importing that app.
            open_comments=Count(
                "comments",
                filter=Q(comments__parent=None, comments__resolved_at=None),
                distinct=True,
            ),
            last_event_id=Subquery(newest.values("pk")[:1]),
            last_event_at=Subquery(newest.values("at")[:1]),
            last_event_by=Subquery(newest.values("actor__username")[:1]),
            rating_changed=Subquery(rating.values("updated_at")[:1]),
        )
        .order_by("country__name")
    )
    if region:
        cycles = cycles.filter(country__region__code=region)
    if state:
        cycles = cycles.filter(state=state)
    if reviewer is not None:
        cycles = cycles.filter(reviewers__pk=reviewer)
    return cycles


def user_get(*, pk: int) -> Any:
    """Any account by id (a reviewer to be; the service says if they may review), else 404."""
    try:
        return get_user_model().objects.get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _by_name(users: Any) -> QuerySet[Any]:
    ordered: QuerySet[Any] = users.order_by(get_user_model().USERNAME_FIELD)
    return ordered


def cycle_years() -> list[int]:
    """Every year with a cycle, newest first."""
    return list(Cycle.objects.order_by("-year").values_list("year", flat=True).distinct())


def programme_regions() -> list[Region]:
    """The regions programme countries are in, by name."""
    return list(Region.objects.filter(countries__in_programme=True).distinct().order_by("name"))
