"""The offline workbook for a cycle: what goes into it, what an upload would change, applying it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from civicspace.assessments.models import Cycle, DimensionScore, PanelistScore
from civicspace.assessments.panel_services import (
    DimensionEntry,
    EditConflict,
    panel_get_or_create,
    panelist_add,
    principle_save,
)
from civicspace.assessments.services import SourceInput
from civicspace.core.framework import PrincipleSource, load_edition
from civicspace.core.messages import Message, _
from civicspace.imports.workbook import (
    DimensionRow,
    PanelistRow,
    SourceRow,
    WorkbookContent,
    workbook_build,
)
from civicspace.imports.workbook_upload import workbook_parse


@dataclass(frozen=True)
class Change:
    """One line of the upload preview. Shown on a page: `where` (and the word "new") are Messages
    for `localise`; the values themselves are the people's own text and numbers."""

    where: Message  # "4.1 agreed score", "panelist P03", ...
    before: str | Message
    after: str | Message


def workbook_content(*, cycle: Cycle) -> WorkbookContent:
    panel = panel_get_or_create(cycle=cycle)
    scores = DimensionScore.objects.filter(cycle=cycle).prefetch_related("sources")
    individual: dict[str, dict[str, Decimal | None]] = {}
    for code, dimension, value in PanelistScore.objects.filter(panelist__panel=panel).values_list(
        "panelist__code", "dimension", "value"
    ):
        individual.setdefault(dimension, {})[code] = value
    return WorkbookContent(
        iso2=cycle.country.iso2,
        country=cycle.country.name,
        year=cycle.year,
        edition=cycle.edition,
        versions={s.dimension: s.version for s in scores},
        panelists=[
            PanelistRow(p.code, p.sector, p.gender, p.age_band, p.region)
            for p in panel.panelists.all()
        ],
        dimensions={
            s.dimension: DimensionRow(
                agreed=s.value,
                justification=s.justification,
                sources=tuple(
                    SourceRow(x.title, x.url, x.published_on, x.kind) for x in s.sources.all()
                ),
                panelist_scores=individual.get(s.dimension, {}),
            )
            for s in scores
        },
        demo=cycle.is_demo,
    )


def workbook_download(*, cycle: Cycle) -> bytes:
    return workbook_build(workbook_content(cycle=cycle), load_edition(cycle.edition))


def workbook_read(*, cycle: Cycle, data: bytes) -> WorkbookContent:
    """Parse an upload made for this cycle; ImportRefused says what is wrong, cell by cell."""
    return workbook_parse(
        data, iso2=cycle.country.iso2, year=cycle.year, edition=load_edition(cycle.edition)
    )


def _show(value: object) -> str:
    return "—" if value in (None, "", ()) else str(value)


def workbook_changes(*, cycle: Cycle, upload: WorkbookContent) -> list[Change]:
    """What applying `upload` would change, field by field, against what is stored now."""
    stored = workbook_content(cycle=cycle)
    changes = []
    known = {p.code for p in stored.panelists}
    for row in upload.panelists:
        if row.code not in known:
            changes.append(Change(_("panelist %(code)s", code=row.code), "—", _("new")))
    for code, new in upload.dimensions.items():
        old = stored.dimensions.get(code, DimensionRow(None, ""))
        if old.agreed != new.agreed and new.agreed is not None:
            changes.append(
                Change(
                    _("%(dimension)s agreed score", dimension=code),
                    _show(old.agreed),
                    _show(new.agreed),
                )
            )
        if old.justification != new.justification and new.agreed is not None:
            changes.append(
                Change(
                    _("%(dimension)s justification", dimension=code),
                    _show(old.justification),
                    _show(new.justification),
                )
            )
        if set(old.sources) != set(new.sources) and new.agreed is not None:
            changes.append(
                Change(
                    _("%(dimension)s sources", dimension=code),
                    _show("; ".join(s.title for s in old.sources)),
                    _show("; ".join(s.title for s in new.sources)),
                )
            )
        for panelist, value in new.panelist_scores.items():
            before = old.panelist_scores.get(panelist)
            if before != value:
                changes.append(
                    Change(
                        _(
                            "%(dimension)s panelist %(code)s",
                            dimension=code,
                            code=panelist,
                        ),
                        _show(before),
                        _show(value),
                    )
                )
    return changes


def workbook_conflicts(*, cycle: Cycle, upload: WorkbookContent) -> list[str]:
    """Dimensions changed online since the workbook was made: applying would overwrite them."""
    current = dict(DimensionScore.objects.filter(cycle=cycle).values_list("dimension", "version"))
    return sorted(
        code for code in upload.dimensions if current.get(code, 0) != upload.versions.get(code, 0)
    )


@transaction.atomic
def workbook_apply(
    *, cycle: Cycle, upload: WorkbookContent, by: AbstractBaseUser | None = None
) -> None:
    """Apply an upload, all or nothing; EditConflict if anything changed online meanwhile."""
    conflicts = workbook_conflicts(cycle=cycle, upload=upload)
    if conflicts:
        raise EditConflict({code: ({}, {}) for code in conflicts})
    panel = panel_get_or_create(cycle=cycle)
    known = set(panel.panelists.values_list("code", flat=True))
    for p in upload.panelists:
        if p.code not in known:
            panelist_add(
                panel=panel,
                code=p.code,
                sector=p.sector,
                gender=p.gender,
                age_band=p.age_band,
                region=p.region,
                by=by,
            )
    edition = load_edition(cycle.edition)
    for principle in edition.principles:
        if principle.source is not PrincipleSource.PANEL:
            continue
        entries = {}
        for dim in principle.dimensions:
            row = upload.dimensions[dim.code]
            entries[dim.code] = DimensionEntry(
                agreed=row.agreed,
                justification=row.justification,
                version=upload.versions.get(dim.code, 0),
                sources=[SourceInput(s.title, s.url, s.published_on, s.kind) for s in row.sources],
                panelist_scores=row.panelist_scores,
            )
        principle_save(cycle=cycle, principle=principle.code, entries=entries, by=by)
