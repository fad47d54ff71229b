"""Writes for the panel workspace: the panel, its panelists, and a principle's scores, safely."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from civicspace.assessments.models import (
    Cycle,
    DimensionScore,
    Panel,
    Panelist,
    PanelistScore,
    PanelStatistics,
)
from civicspace.assessments.sealing import seal
from civicspace.assessments.selectors import panel_inputs_get
from civicspace.assessments.services import (
    CycleError,
    SourceInput,
    cycle_ensure_editable,
    score_record,
)
from civicspace.audit.services import audit_record
from civicspace.core.framework import PrincipleSource, load_edition
from civicspace.core.messages import MessageError, _, _n
from civicspace.core.recompute import panel_statistics_of
from civicspace.core.statistics import DEFAULT_LEVEL, panel_statistics_to_json


class EditConflict(MessageError):
    """Someone saved the same thing since this form was loaded; nothing was written."""

    def __init__(self, conflicts: Mapping[str, tuple[dict[str, Any], dict[str, Any]]]) -> None:
        self.conflicts = dict(conflicts)  # dimension -> (stored version, submitted version)
        super().__init__(
            _(
                "Someone else changed this meanwhile (%(changed)s); nothing was saved.",
                changed=", ".join(self.conflicts),
            )
        )


@dataclass(frozen=True)
class DimensionEntry:
    """What the workspace submits for one dimension; `version` is what the form was loaded with."""

    agreed: Decimal | None
    justification: str
    version: int  # 0 when the form saw no stored score
    sources: Sequence[SourceInput] = ()
    panelist_scores: Mapping[str, Decimal | None] = field(default_factory=dict)


def panel_get_or_create(*, cycle: Cycle) -> Panel:
    panel, _created = Panel.objects.get_or_create(
        cycle=cycle, defaults={"met_on": cycle.panel_date}
    )
    return panel


@transaction.atomic
def panel_save(
    *,
    cycle: Cycle,
    met_on: date | None,
    format: str,
    participants: int | None,
    version: int,
    by: AbstractBaseUser | None = None,
) -> Panel:
    cycle_ensure_editable(cycle)
    panel = Panel.objects.select_for_update().get(pk=panel_get_or_create(cycle=cycle).pk)
    if panel.version != version:
        stored = {
            "met_on": panel.met_on,
            "format": panel.format,
            "participants": panel.participants,
        }
        mine = {"met_on": met_on, "format": format, "participants": participants}
        raise EditConflict({"panel": (stored, mine)})
    before = {"met_on": panel.met_on, "format": panel.format, "participants": panel.participants}
    panel.met_on, panel.format, panel.participants = met_on, format, participants
    panel.version += 1
    panel.save()
    after = {"met_on": met_on, "format": format, "participants": participants}
    audit_record(cycle=cycle, by=by, action="panel", target="panel", before=before, after=after)
    if met_on != cycle.panel_date:
        cycle.panel_date = met_on
        cycle.save(update_fields=["panel_date", "updated_at"])
    return panel


def panelist_add(
    *,
    panel: Panel,
    code: str,
    sector: str = "",
    gender: str = "",
    age_band: str = "",
    region: str = "",
    name: str = "",
    by: AbstractBaseUser | None = None,
) -> Panelist:
    cycle_ensure_editable(panel.cycle)
    code = code.strip().upper()
    if not code:
        raise CycleError(_("A panelist needs a pseudonymous code, e.g. P01."))
    try:
        # The unique constraint decides, so two people adding the same code at once are refused
        # alike; the savepoint keeps a caller's transaction usable after the refusal.
        with transaction.atomic():
            panelist = Panelist.objects.create(
                panel=panel,
                code=code,
                sector=sector,
                gender=gender,
                age_band=age_band,
                region=region,
                sealed_name=seal(name) if name.strip() else None,
            )
    except IntegrityError:
        raise CycleError(_("The panel already has a panelist %(code)s.", code=code)) from None
    # The trail records the pseudonym and profile, never a name.
    profile = {"sector": sector, "gender": gender, "age_band": age_band, "region": region}
    audit_record(cycle=panel.cycle, by=by, action="panelist", target=code, after=profile)
    return panelist


def _as_dict(score: DimensionScore | None) -> dict[str, Any]:
    if score is None:
        return {"agreed": None, "justification": "", "version": 0}
    return {"agreed": score.value, "justification": score.justification, "version": score.version}


@transaction.atomic
def principle_save(
    *,
    cycle: Cycle,
    principle: str,
    entries: Mapping[str, DimensionEntry],
    shown_keys: Sequence[str] = (),
    by: AbstractBaseUser | None = None,
) -> PanelStatistics | None:
    """Save a principle's dimensions at once, or nothing if any was changed meanwhile.

    Rows are locked while versions are compared, so two saves cannot both pass the check.
    A `[^n]` in a justification cites the n-th of `shown_keys`, the source list the page showed.
    """
    cycle_ensure_editable(cycle)
    edition = load_edition(cycle.edition)
    target = edition.principle(principle)
    if target.source is not PrincipleSource.PANEL:
        raise CycleError(_("%(principle)s is not scored by the panel.", principle=principle))
    codes = {d.code for d in target.dimensions}
    if extra := sorted(set(entries) - codes):
        raise CycleError(
            _n(
                "%(codes)s is not a dimension of %(principle)s.",
                "%(codes)s are not dimensions of %(principle)s.",
                len(extra),
                codes=", ".join(extra),
                principle=principle,
            )
        )
    stored = {
        s.dimension: s
        for s in DimensionScore.objects.select_for_update().filter(cycle=cycle, dimension__in=codes)
    }
    conflicts = {}
    for code, entry in entries.items():
        current = stored.get(code)
        if (current.version if current else 0) != entry.version:
            mine = {"agreed": entry.agreed, "justification": entry.justification}
            conflicts[code] = (_as_dict(current), mine)
    if conflicts:
        raise EditConflict(conflicts)
    panel = panel_get_or_create(cycle=cycle)
    panelists = {p.code: p for p in panel.panelists.all()}
    for code, entry in entries.items():
        if entry.agreed is not None:
            score_record(
                cycle=cycle,
                dimension=code,
                value=entry.agreed,
                justification=entry.justification.strip(),
                sources=entry.sources,
                shown_keys=shown_keys,
                by=by,
            )
        _panelist_scores_set(cycle, panelists, code, entry.panelist_scores, by)
    return panel_statistics_refresh(cycle=cycle)


def _panelist_scores_set(
    cycle: Cycle,
    panelists: Mapping[str, Panelist],
    dimension: str,
    values: Mapping[str, Decimal | None],
    by: AbstractBaseUser | None,
) -> None:
    unknown = set(values) - set(panelists)
    if unknown:
        raise CycleError(
            _n(
                "There is no panelist %(codes)s.",
                "There are no panelists %(codes)s.",
                len(unknown),
                codes=", ".join(sorted(unknown)),
            )
        )
    stored = dict(
        PanelistScore.objects.filter(
            panelist__in=[panelists[c] for c in values], dimension=dimension
        ).values_list("panelist__code", "value")
    )
    before = {code: str(v) for code, v in stored.items()}
    after = {code: str(v) for code, v in values.items() if v is not None}
    if before == after:
        return
    for code, value in values.items():
        if value is None:
            PanelistScore.objects.filter(panelist=panelists[code], dimension=dimension).delete()
        else:
            PanelistScore.objects.update_or_create(
                panelist=panelists[code], dimension=dimension, defaults={"value": value}
            )
    audit_record(
        cycle=cycle, by=by, action="panelist-scores", target=dimension, before=before, after=after
    )


def panel_statistics_refresh(*, cycle: Cycle) -> PanelStatistics | None:
    """Recompute and store the panel's figures from its panelists' scores (None: no scores)."""
    edition = load_edition(cycle.edition)
    panel = panel_inputs_get(cycle=cycle, edition=edition)
    if panel is None:
        PanelStatistics.objects.filter(cycle=cycle).delete()
        return None
    result = panel_statistics_of(panel, edition)
    figures = panel_statistics_to_json(result)
    stats, _created = PanelStatistics.objects.update_or_create(
        cycle=cycle,
        defaults={
            "resamples": result.resamples,
            "level": DEFAULT_LEVEL,
            "agreement": result.agreement,
            "figures": figures,
        },
    )
    return stats
