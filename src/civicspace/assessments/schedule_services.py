"""Writes for the consortium's desk: due dates per year and per cycle, and a cycle's reviewers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from civicspace.accounts.permissions import is_editor
from civicspace.assessments.models import Cycle, YearSchedule
from civicspace.assessments.selectors import year_schedule_get
from civicspace.assessments.services import CycleError
from civicspace.audit.actions import AuditAction
from civicspace.audit.services import audit_record
from civicspace.core.deadlines import DueDateError, DueDates, due_dates_check
from civicspace.core.messages import Message, _


def _ensure_editor(by: AbstractBaseUser | None) -> None:
    """The desk is the consortium's: editors on the web, anyone with the command line (None)."""
    if by is not None and not is_editor(by):
        raise CycleError(_("Only a consortium editor can change due dates or reviewers."))


def _as_json(dates: DueDates) -> dict[str, str | None]:
    return {
        "submission": dates.submission.isoformat() if dates.submission else None,
        "review": dates.review.isoformat() if dates.review else None,
        "publication": dates.publication.isoformat() if dates.publication else None,
    }


def _order_problem(dates: DueDates, cycle: Cycle | None = None) -> Message | None:
    try:
        due_dates_check(dates)
    except DueDateError as exc:
        if cycle is None:
            return exc.message
        return _("%(cycle)s: %(problem)s", cycle=str(cycle), problem=exc.message)
    return None


def year_schedule_refusal(*, year: int, dates: DueDates) -> Message | None:
    """Why `year_schedule_set` would refuse these dates (None: it would not), for forms.

    The trail belongs to cycles, so the change is audited on each cycle of the year: a year
    with no cycle yet is refused (open it first with `civicspace cycle create --all`).
    """
    if (problem := _order_problem(dates)) is not None:
        return problem
    cycles = Cycle.objects.filter(year=year).select_related("country")
    if not cycles.exists():
        return _(
            "No cycle is open for %(year)s yet: open the year first (`civicspace cycle"
            " create --all %(year)s --period START:END`), then set its due dates.",
            year=year,
        )
    for cycle in cycles:  # each country's own dates must still fit around the new ones
        if (problem := _order_problem(dates.overridden_by(cycle.own_due_dates), cycle)) is not None:
            return problem
    return None


def cycle_schedule_refusal(*, cycle: Cycle, dates: DueDates) -> Message | None:
    """Why `cycle_schedule_set` would refuse these own dates of `cycle` (None: it would not)."""
    return _order_problem(year_schedule_get(year=cycle.year).overridden_by(dates), cycle)


def reviewers_refusal(reviewers: Iterable[AbstractBaseUser]) -> Message | None:
    """Why these users cannot review (only active consortium editors can), or None."""
    for user in reviewers:
        if not user.is_active or not is_editor(user):
            return _(
                "%(user)s is not a consortium editor: only editors review cycles.",
                user=user.get_username(),
            )
    return None


@transaction.atomic
def year_schedule_set(
    *,
    year: int,
    submission_due: date | None,
    review_due: date | None,
    publication_due: date | None,
    by: AbstractBaseUser | None,
) -> YearSchedule:
    """Set the due dates of every cycle of `year` (a cycle's own dates still win over them).
    Audited on each cycle of the year; `year_schedule_refusal` says what is refused."""
    _ensure_editor(by)
    dates = DueDates(submission_due, review_due, publication_due)
    if (problem := year_schedule_refusal(year=year, dates=dates)) is not None:
        raise CycleError(problem)
    cycles = list(Cycle.objects.filter(year=year))
    schedule = YearSchedule.objects.select_for_update().filter(year=year).first()
    before = _as_json(schedule.due_dates) if schedule else None
    schedule = schedule or YearSchedule(year=year)
    schedule.submission_due, schedule.review_due, schedule.publication_due = (
        submission_due,
        review_due,
        publication_due,
    )
    schedule.save()
    after = _as_json(dates)
    if after != before:
        for cycle in cycles:
            audit_record(
                cycle=cycle,
                by=by,
                action=AuditAction.SCHEDULE,
                target="year",
                before=before,
                after=after,
            )
    return schedule


@transaction.atomic
def cycle_schedule_set(
    *,
    cycle: Cycle,
    submission_due: date | None,
    review_due: date | None,
    publication_due: date | None,
    by: AbstractBaseUser | None,
) -> Cycle:
    """Set this cycle's own due dates; None leaves a stage to the year's date. Audited."""
    _ensure_editor(by)
    locked = Cycle.objects.select_for_update().select_related("country").get(pk=cycle.pk)
    own = DueDates(submission_due, review_due, publication_due)
    if (problem := cycle_schedule_refusal(cycle=locked, dates=own)) is not None:
        raise CycleError(problem)
    before, after = _as_json(locked.own_due_dates), _as_json(own)
    if after != before:
        locked.submission_due, locked.review_due, locked.publication_due = (
            submission_due,
            review_due,
            publication_due,
        )
        locked.save(update_fields=["submission_due", "review_due", "publication_due"])
        audit_record(
            cycle=locked,
            by=by,
            action=AuditAction.SCHEDULE,
            target="cycle",
            before=before,
            after=after,
        )
    return locked


@transaction.atomic
def cycle_reviewers_set(
    *, cycle: Cycle, reviewers: Iterable[AbstractBaseUser], by: AbstractBaseUser | None
) -> Cycle:
    """Make `reviewers` (consortium editors, nobody else) the cycle's reviewers. Audited."""
    _ensure_editor(by)
    chosen = {user.pk: user for user in reviewers}
    if (problem := reviewers_refusal(chosen.values())) is not None:
        raise CycleError(problem)
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    current = {user.pk: user for user in locked.reviewers.all()}
    if set(current) != set(chosen):
        locked.reviewers.set(list(chosen))
        audit_record(
            cycle=locked,
            by=by,
            action=AuditAction.REVIEWERS,
            target="reviewers",
            before=sorted(u.get_username() for u in current.values()),
            after=sorted(u.get_username() for u in chosen.values()),
        )
    return locked
