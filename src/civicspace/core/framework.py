"""Framework editions: principles, dimensions, weights and the scale, loaded from YAML data."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from civicspace.core.ratings import RatingRule


class FrameworkError(ValueError):
    """An edition file that cannot be used; the message names the offending place."""


class MissingDimensionRule(StrEnum):
    """What aggregation does when a principle lacks some dimension scores."""

    REFUSE = "refuse"  # no principle score until every dimension is scored
    RENORMALISE = "renormalise"  # average the scored dimensions, weights rescaled, result flagged


class PrincipleSource(StrEnum):
    PANEL = "panel"
    CIVICUS = "civicus"


@dataclass(frozen=True)
class ScaleBand:
    """One of the scale's labels; a score belongs to the band whose lower bound it reaches."""

    value: int
    label: str
    lower: float


@dataclass(frozen=True)
class Scale:
    minimum: float
    maximum: float
    bands: tuple[ScaleBand, ...]  # ascending by lower bound

    def contains(self, value: float) -> bool:
        return self.minimum <= value <= self.maximum


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    weight: float  # normalised: the weights of a principle's dimensions sum to 1
    guiding_questions: tuple[str, ...]
    secondary_sources: tuple[str, ...] = ()  # indicator series codes the panel should consult


@dataclass(frozen=True)
class Principle:
    code: str
    number: int
    name: str
    source: PrincipleSource
    dimensions: tuple[Dimension, ...]
    description: str = ""  # what the principle covers, one or two sentences for readers

    @cached_property
    def weights(self) -> dict[str, float]:
        return {d.code: d.weight for d in self.dimensions}


@dataclass(frozen=True)
class CivicusCategory:
    name: str
    lower: float  # inclusive lower bound on the 0-100 score
    upper: float  # inclusive upper bound


@dataclass(frozen=True)
class CivicusMethod:
    """How the CIVICUS Monitor rating becomes Principle 1: category bands and a rebasing rule."""

    categories: tuple[CivicusCategory, ...]
    rebasing_points: tuple[tuple[float, float], ...]  # piecewise-linear (source, target) points
    rebasing_description: str
    rating_rule: RatingRule = RatingRule.PERIOD_END  # which dated rating a cycle uses


@dataclass(frozen=True)
class ReportFrame:
    """What every report of an edition says around the country's own text (Markdown)."""

    programme: str = ""
    introduction: str = ""  # what an enabling environment means
    funding_statement: str = ""


@dataclass(frozen=True)
class Edition:
    code: str
    title: str
    scale: Scale
    missing_dimensions: MissingDimensionRule
    principles: tuple[Principle, ...]
    civicus: CivicusMethod
    recommendation_audiences: tuple[str, ...]
    principle_heading: str = "Principle {number}: {name}"
    dimension_heading: str = "{code} {name}"
    report: ReportFrame = ReportFrame()

    def principle(self, code: str) -> Principle:
        for principle in self.principles:
            if principle.code == code:
                return principle
        raise KeyError(code)

    @cached_property
    def dimensions(self) -> dict[str, Dimension]:
        return {d.code: d for p in self.principles for d in p.dimensions}

    @cached_property
    def panel_dimensions(self) -> dict[str, Dimension]:
        return {
            d.code: d
            for p in self.principles
            if p.source is PrincipleSource.PANEL
            for d in p.dimensions
        }

    def principle_of(self, dimension_code: str) -> Principle:
        for principle in self.principles:
            if any(d.code == dimension_code for d in principle.dimensions):
                return principle
        raise KeyError(dimension_code)

    def subject_name(self, code: str) -> str:
        """A dimension ("2.2 Operational Environment") or a principle ("P2 Supportive ...") by
        its code and its name in the edition's own words; a code it does not know, as given."""
        if code in self.dimensions:
            return f"{code} {self.dimensions[code].name}"
        try:
            principle = self.principle(code)
        except KeyError:
            return code
        return f"P{principle.number} {principle.name}"


def _require(mapping: Mapping[str, Any], key: str, where: str) -> Any:
    if not isinstance(mapping, Mapping):
        raise FrameworkError(f"{where}: expected a mapping, found {type(mapping).__name__}")
    if key not in mapping or mapping[key] in (None, ""):
        raise FrameworkError(f"{where}: missing {key!r}")
    return mapping[key]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise FrameworkError(f"{where}: {value!r} is not a number")
    return float(value)


def _scale(raw: Mapping[str, Any]) -> Scale:
    minimum = _number(_require(raw, "min", "scale"), "scale.min")
    maximum = _number(_require(raw, "max", "scale"), "scale.max")
    if minimum >= maximum:
        raise FrameworkError(f"scale: min {minimum:g} must be below max {maximum:g}")
    bands = []
    for i, band in enumerate(_require(raw, "bands", "scale")):
        where = f"scale.bands[{i}]"
        bands.append(
            ScaleBand(
                value=int(_number(_require(band, "value", where), f"{where}.value")),
                label=str(_require(band, "label", where)),
                lower=_number(_require(band, "lower", where), f"{where}.lower"),
            )
        )
    lowers = [b.lower for b in bands]
    if lowers != sorted(set(lowers)):
        raise FrameworkError("scale.bands: lower bounds must be strictly increasing")
    if lowers[0] != minimum or lowers[-1] > maximum:
        raise FrameworkError("scale.bands: the first band must start at the scale minimum")
    return Scale(minimum=minimum, maximum=maximum, bands=tuple(bands))


def _principles(raw: Sequence[Any]) -> tuple[Principle, ...]:
    principles: list[Principle] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        where = f"principles[{i}]"
        code = str(_require(entry, "code", where))
        where = f"principle {code}"
        source_name = str(entry.get("source", "panel"))
        try:
            source = PrincipleSource(source_name)
        except ValueError:
            raise FrameworkError(
                f"{where}: source {source_name!r} is not one of panel, civicus"
            ) from None
        raw_dims = _require(entry, "dimensions", where)
        weights: list[float] = []
        for dim in raw_dims:
            dim_code = str(_require(dim, "code", where))
            weight = _number(dim.get("weight", 1), f"dimension {dim_code}.weight")
            if weight <= 0:
                raise FrameworkError(f"dimension {dim_code}: weight {weight:g} must be positive")
            weights.append(weight)
        total = sum(weights)
        dims = []
        for dim, weight in zip(raw_dims, weights, strict=True):
            dim_code = str(dim["code"])
            if dim_code in seen:
                raise FrameworkError(f"dimension {dim_code}: code used twice")
            seen.add(dim_code)
            dims.append(
                Dimension(
                    code=dim_code,
                    name=str(_require(dim, "name", f"dimension {dim_code}")),
                    weight=weight / total,
                    guiding_questions=tuple(str(q) for q in dim.get("guiding_questions") or ()),
                    secondary_sources=tuple(str(s) for s in dim.get("secondary_sources") or ()),
                )
            )
        if code in seen:
            raise FrameworkError(f"{where}: code used twice")
        seen.add(code)
        principles.append(
            Principle(
                code=code,
                number=int(_number(_require(entry, "number", where), f"{where}.number")),
                name=str(_require(entry, "name", where)),
                source=source,
                dimensions=tuple(dims),
                description=str(entry.get("description") or "").strip(),
            )
        )
    return tuple(principles)


def _civicus(raw: Mapping[str, Any]) -> CivicusMethod:
    categories = []
    for i, cat in enumerate(_require(raw, "categories", "civicus")):
        where = f"civicus.categories[{i}]"
        categories.append(
            CivicusCategory(
                name=str(_require(cat, "name", where)),
                lower=_number(_require(cat, "lower", where), f"{where}.lower"),
                upper=_number(_require(cat, "upper", where), f"{where}.upper"),
            )
        )
    categories.sort(key=lambda c: c.lower)
    for below, above in itertools.pairwise(categories):
        if above.lower <= below.upper:
            raise FrameworkError(f"civicus.categories: {below.name} and {above.name} overlap")
    rebasing = _require(raw, "rebasing", "civicus")
    points = []
    for i, point in enumerate(_require(rebasing, "points", "civicus.rebasing")):
        where = f"civicus.rebasing.points[{i}]"
        if not isinstance(point, Sequence) or len(point) != 2:
            raise FrameworkError(f"{where}: expected [source, target]")
        points.append((_number(point[0], where), _number(point[1], where)))
    if len(points) < 2 or [p[0] for p in points] != sorted({p[0] for p in points}):
        raise FrameworkError(
            "civicus.rebasing.points: need two or more, sources strictly increasing"
        )
    if [p[1] for p in points] != sorted(p[1] for p in points):
        raise FrameworkError("civicus.rebasing.points: targets must not decrease")
    rule = str(raw.get("rating", RatingRule.PERIOD_END))
    if rule not in set(RatingRule):
        raise FrameworkError(
            f"civicus.rating: {rule!r} is not one of {', '.join(r.value for r in RatingRule)}"
        )
    return CivicusMethod(
        categories=tuple(categories),
        rebasing_points=tuple(points),
        rebasing_description=str(rebasing.get("description", "")),
        rating_rule=RatingRule(rule),
    )


def _headings(raw: Mapping[str, Any]) -> dict[str, str]:
    templates = {}
    for kind, fields in (("principle", ("number", "name")), ("dimension", ("code", "name"))):
        if kind not in raw:
            continue
        template = str(raw[kind])
        try:
            template.format(**{f: "x" for f in fields})
        except (KeyError, IndexError, ValueError):
            allowed = ", ".join("{" + f + "}" for f in fields)
            raise FrameworkError(f"headings.{kind}: {template!r} may only use {allowed}") from None
        templates[f"{kind}_heading"] = template
    return templates


def _report_frame(raw: Mapping[str, Any]) -> ReportFrame:
    if not isinstance(raw, Mapping):
        raise FrameworkError("report: expected a mapping")
    unknown = set(raw) - {"programme", "introduction", "funding_statement"}
    if unknown:
        raise FrameworkError(f"report: unknown key(s) {sorted(unknown)}")
    return ReportFrame(**{key: str(value or "").strip() for key, value in raw.items()})


def edition_from_mapping(raw: Mapping[str, Any]) -> Edition:
    """Build and validate an edition from parsed YAML; raises FrameworkError naming the problem."""
    scale = _scale(_require(raw, "scale", "edition"))
    rule_name = str(raw.get("missing_dimensions", "refuse"))
    try:
        rule = MissingDimensionRule(rule_name)
    except ValueError:
        raise FrameworkError(
            f"edition: missing_dimensions {rule_name!r} is not one of refuse, renormalise"
        ) from None
    edition = Edition(
        code=str(_require(raw, "code", "edition")),
        title=str(_require(raw, "title", "edition")),
        scale=scale,
        missing_dimensions=rule,
        principles=_principles(_require(raw, "principles", "edition")),
        civicus=_civicus(_require(raw, "civicus", "edition")),
        recommendation_audiences=tuple(str(a) for a in raw.get("recommendation_audiences") or ()),
        **_headings(raw.get("headings") or {}),
        report=_report_frame(raw.get("report") or {}),
    )
    civicus_principles = [p for p in edition.principles if p.source is PrincipleSource.CIVICUS]
    if len(civicus_principles) > 1:
        raise FrameworkError("edition: only one principle can come from the CIVICUS rating")
    targets = [t for _, t in edition.civicus.rebasing_points]
    if not (scale.contains(targets[0]) and scale.contains(targets[-1])):
        raise FrameworkError("civicus.rebasing.points: targets must lie on the scale")
    return edition


def load_edition_file(path: Path) -> Edition:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path.name}: not valid YAML: {exc}") from exc
    try:
        return edition_from_mapping(raw)
    except FrameworkError as exc:
        raise FrameworkError(f"{path.name}: {exc}") from exc


def available_editions() -> list[str]:
    folder = resources.files("civicspace.frameworks")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


@cache
def load_edition(code: str) -> Edition:
    """The shipped edition called `code` (e.g. "eusee-2025"), validated once and cached."""
    if code not in available_editions():
        known = ", ".join(available_editions())
        raise FrameworkError(f"no framework edition {code!r}; known editions: {known}")
    path = Path(str(resources.files("civicspace.frameworks").joinpath(f"{code}.yaml")))
    edition = load_edition_file(path)
    if edition.code != code:
        raise FrameworkError(f"{code}.yaml declares code {edition.code!r}")
    return edition
