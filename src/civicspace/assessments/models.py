"""Yearly assessment cycles and their dimension scores, justifications and sources."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicspace.core.deadlines import DueDates
from civicspace.core.framework import FrameworkError, load_edition
from civicspace.core.scoring import off_scale
from civicspace.core.statistics import PanelStatistics as CoreStatistics
from civicspace.core.statistics import panel_statistics_from_json
from civicspace.core.workflow import EDITABLE, State
from civicspace.countries.models import Country
from civicspace.i18n import localise


def _default_edition() -> str:
    return str(settings.CIVICSPACE_DEFAULT_EDITION)


# What a review state is called on its own ("Review state: in review"); the workflow's
# STATE_WORDS say how a state reads inside a sentence.
STATE_LABELS = {
    State.DRAFT: pgettext_lazy("review state", "draft"),
    State.SUBMITTED: pgettext_lazy("review state", "submitted"),
    State.IN_REVIEW: pgettext_lazy("review state", "in review"),
    State.CHANGES_REQUESTED: pgettext_lazy("review state", "changes requested"),
    State.APPROVED: pgettext_lazy("review state", "approved"),
    State.PUBLISHED: pgettext_lazy("review state", "published"),
}


class Cycle(models.Model):
    """A country's assessment for one year, tied to the framework edition it was made with."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    edition = models.CharField(_("framework edition"), max_length=40, default=_default_edition)
    period_start = models.DateField(_("reporting period from"))
    period_end = models.DateField(_("reporting period to"))
    panel_date = models.DateField(_("panel date"), null=True, blank=True)
    state = models.CharField(
        _("review state"),
        max_length=20,
        choices=[(s.value, STATE_LABELS[s]) for s in State],
        default=State.DRAFT.value,
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # This country's own due dates; empty: the year's (YearSchedule) apply.
    submission_due = models.DateField(_("submission due (this country)"), null=True, blank=True)
    review_due = models.DateField(_("review due (this country)"), null=True, blank=True)
    publication_due = models.DateField(_("publication due (this country)"), null=True, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="cycles_to_review",
        verbose_name=_("reviewers"),
        help_text=_("Consortium editors who review this cycle."),
    )

    class Meta:
        ordering = ["country__name", "-year"]
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="cycle_one_per_country_year"),
            models.CheckConstraint(
                condition=models.Q(period_start__lt=models.F("period_end")),
                name="cycle_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.year}"

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE

    @property
    def own_due_dates(self) -> DueDates:
        """The dates set for this cycle alone (None where the year's apply)."""
        return DueDates(self.submission_due, self.review_due, self.publication_due)

    def clean(self) -> None:
        try:
            load_edition(self.edition)
        except FrameworkError as exc:
            raise ValidationError({"edition": localise(exc)}) from None
        if self.period_start and self.period_end and self.period_start >= self.period_end:
            raise ValidationError({"period_end": _("The period must end after it starts.")})


class CycleDesk(Cycle):
    """A cycle as the desk's admin page edits it: its own due dates and reviewers only."""

    class Meta:
        proxy = True
        verbose_name = _("cycle's due dates and reviewers")
        verbose_name_plural = _("cycles' due dates and reviewers")


class YearSchedule(models.Model):
    """The due dates of every cycle of a year, unless a cycle sets its own."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    submission_due = models.DateField(_("submission due"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    publication_due = models.DateField(_("publication due"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("due dates of a year")
        verbose_name_plural = _("due dates of the years")

    def __str__(self) -> str:
        return _("Due dates %(year)s") % {"year": self.year}

    @property
    def due_dates(self) -> DueDates:
        return DueDates(self.submission_due, self.review_due, self.publication_due)


class DimensionScore(models.Model):
    """The panel's agreed score for one dimension of a cycle, with its written justification."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment cycle")
    )
    dimension = models.CharField(_("dimension code"), max_length=10)
    value = models.DecimalField(_("score"), max_digits=3, decimal_places=2)
    justification = models.TextField(_("justification"), blank=True)
    # Bumped on every save; later edits compare it to refuse silent overwrites.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["cycle", "dimension"]
        verbose_name = _("dimension score")
        verbose_name_plural = _("dimension scores")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "dimension"], name="score_one_per_cycle_dimension"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="score_on_scale_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.dimension}: {self.value}"

    def clean(self) -> None:
        """The same rules as imports: a panel dimension of the cycle's edition, on its scale."""
        if self.cycle_id is None:
            return
        edition = load_edition(self.cycle.edition)
        if self.dimension not in edition.panel_dimensions:
            raise ValidationError(
                {
                    "dimension": _("%(code)s is not a panel-scored dimension of %(edition)s.")
                    % {"code": self.dimension, "edition": edition.code}
                }
            )
        problem = None if self.value is None else off_scale(self.value, edition.scale)
        if problem is not None:
            raise ValidationError(
                {
                    "value": localise(problem),
                }
            )


class Source(models.Model):
    """Evidence cited for a dimension score."""

    class Kind(models.TextChoices):
        LAW = "law", _("law or regulation")
        INDEX = "index", _("index or dataset")
        REPORT = "report", _("report")
        NEWS = "news", _("news article")
        OTHER = "other", _("other")

    score = models.ForeignKey(
        DimensionScore,
        on_delete=models.CASCADE,
        related_name="sources",
        verbose_name=_("dimension score"),
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), blank=True, max_length=500)
    published_on = models.DateField(_("date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["score", "published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class Panel(models.Model):
    """The national expert panel that scored a cycle."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    cycle = models.OneToOneField(
        Cycle, on_delete=models.CASCADE, related_name="panel", verbose_name=_("assessment cycle")
    )
    met_on = models.DateField(_("date the panel met"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, blank=True)
    participants = models.PositiveSmallIntegerField(
        _("number of participants"), null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")

    def __str__(self) -> str:
        return _("%(cycle)s panel") % {"cycle": self.cycle}


class Panelist(models.Model):
    """A panel member, known by a pseudonymous code. A name is optional and only kept sealed."""

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="panelists", verbose_name=_("panel")
    )
    code = models.CharField(_("pseudonym"), max_length=12)
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    gender = models.CharField(_("gender"), max_length=30, blank=True)
    age_band = models.CharField(_("age band"), max_length=20, blank=True)
    region = models.CharField(_("region"), max_length=60, blank=True)
    sealed_name = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["panel", "code"]
        verbose_name = _("panelist")
        verbose_name_plural = _("panelists")
        constraints = [
            models.UniqueConstraint(fields=["panel", "code"], name="panelist_code_once_per_panel"),
        ]

    def __str__(self) -> str:
        return self.code


class PanelistScore(models.Model):
    """One panelist's individual score for a dimension (optional; feeds the panel statistics)."""

    panelist = models.ForeignKey(
        Panelist, on_delete=models.CASCADE, related_name="scores", verbose_name=_("panelist")
    )
    dimension = models.CharField(_("dimension code"), max_length=10)
    value = models.DecimalField(_("score"), max_digits=3, decimal_places=2)

    class Meta:
        verbose_name = _("panelist score")
        verbose_name_plural = _("panelist scores")
        constraints = [
            models.UniqueConstraint(
                fields=["panelist", "dimension"], name="panelist_score_once_per_dimension"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="panelist_score_on_scale_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.panelist} {self.dimension}: {self.value}"


class PanelStatistics(models.Model):
    """The panel's consolidated figures as last computed, stored with the cycle."""

    cycle = models.OneToOneField(
        Cycle,
        on_delete=models.CASCADE,
        related_name="panel_statistics",
        verbose_name=_("assessment cycle"),
    )
    computed_at = models.DateTimeField(_("computed"), auto_now=True)
    resamples = models.PositiveIntegerField(_("bootstrap resamples"))
    level = models.FloatField(_("interval level"))
    agreement = models.FloatField(_("agreement (Krippendorff's alpha)"), null=True)
    # Per dimension and per principle: mean, median, range, interval.
    figures = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("panel statistics")
        verbose_name_plural = _("panel statistics")

    def __str__(self) -> str:
        return _("%(cycle)s panel statistics") % {"cycle": self.cycle}

    @property
    def summary(self) -> CoreStatistics:
        """The stored figures, typed (means, medians, ranges and intervals by code)."""
        return panel_statistics_from_json(
            self.figures, resamples=self.resamples, level=self.level, agreement=self.agreement
        )
