"""Loading a programme's early-warning data (vocabulary, rubric, alert rules) from its YAML."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from civicspace.core.early_warning import (
    AlertRule,
    EarlyWarningRules,
    EventType,
    ImpactRubric,
    RubricCriterion,
    RuleKind,
    TrendScope,
)
from civicspace.core.framework import FrameworkError, load_edition

COMBINE_METHODS = ("mean", "mean-floored-by-highest")
TYPE_DIRECTIONS = ("deteriorating", "improving", "either")


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    if not isinstance(raw, Mapping) or not isinstance(raw.get(key), str) or not raw[key].strip():
        raise FrameworkError(f"{where}: missing {key!r}")
    return str(raw[key]).strip()


def _whole(raw: Mapping[str, Any], key: str, where: str, *, least: int) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise FrameworkError(f"{where}.{key}: {value!r} is not a whole number from {least}")
    return value


def _choice(value: str, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise FrameworkError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _unique(codes: list[str], where: str) -> None:
    for code in codes:
        if codes.count(code) > 1:
            raise FrameworkError(f"{where}: code {code!r} used twice")


def _rule(raw: Mapping[str, Any], where: str) -> AlertRule:
    code, name = _text(raw, "code", where), _text(raw, "name", where)
    where = f"rule {code}"
    kind = RuleKind(_choice(_text(raw, "kind", where), tuple(RuleKind), f"{where}.kind"))
    if kind is RuleKind.SINGLE:
        impact = _whole(raw, "impact_at_least", where, least=1)
        if impact > 5:
            raise FrameworkError(f"{where}.impact_at_least: {impact} is above 5")
        return AlertRule(code=code, name=name, kind=kind, impact_at_least=impact)
    scope = _choice(_text(raw, "scope", where), tuple(TrendScope), f"{where}.scope")
    return AlertRule(
        code=code,
        name=name,
        kind=kind,
        scope=TrendScope(scope),
        events_at_least=_whole(raw, "events_at_least", where, least=1),
        within_days=_whole(raw, "within_days", where, least=1),
    )


def rules_from_mapping(raw: Mapping[str, Any]) -> EarlyWarningRules:
    """Validated rules; a FrameworkError names the offending place."""
    code = _text(raw, "code", "early warning")
    edition = load_edition(_text(raw, "edition", "early warning"))
    types = []
    for i, entry in enumerate(raw.get("event_types") or ()):
        where = f"event_types[{i}]"
        direction = _choice(_text(entry, "direction", where), TYPE_DIRECTIONS, f"{where}.direction")
        types.append(EventType(_text(entry, "code", where), _text(entry, "name", where), direction))
    if not types:
        raise FrameworkError("early warning: no event_types")
    _unique([t.code for t in types], "event_types")
    rubric_raw = raw.get("impact_rubric")
    if not isinstance(rubric_raw, Mapping):
        raise FrameworkError("early warning: missing 'impact_rubric'")
    criteria = tuple(
        RubricCriterion(
            _text(c, "code", f"impact_rubric.criteria[{i}]"),
            _text(c, "name", f"impact_rubric.criteria[{i}]"),
            _text(c, "question", f"impact_rubric.criteria[{i}]"),
        )
        for i, c in enumerate(rubric_raw.get("criteria") or ())
    )
    if not criteria:
        raise FrameworkError("impact_rubric: no criteria")
    _unique([c.code for c in criteria], "impact_rubric.criteria")
    combine = _choice(
        _text(rubric_raw, "combine", "impact_rubric"), COMBINE_METHODS, "impact_rubric.combine"
    )
    rules = tuple(_rule(r, f"rules[{i}]") for i, r in enumerate(raw.get("rules") or ()))
    _unique([r.code for r in rules], "rules")
    return EarlyWarningRules(
        code=code,
        edition=edition.code,
        event_types=tuple(types),
        rubric=ImpactRubric(criteria=criteria, combine=combine),
        rules=rules,
        principle_of={d: p.code for p in edition.principles for d in p.weights},
    )


def _folder() -> Path:
    return Path(str(resources.files("civicspace.frameworks").joinpath("early-warning")))


@cache
def load_rules(edition: str) -> EarlyWarningRules:
    """The early-warning data shipped beside the framework edition `edition`, cached."""
    path = _folder() / f"{edition}.yaml"
    if not path.is_file():
        raise FrameworkError(f"no early-warning rules beside the edition {edition!r}")
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path.name}: {exc}") from exc
    rules = rules_from_mapping(raw)
    if rules.edition != edition:
        raise FrameworkError(f"{path.name} belongs to the edition {rules.edition!r}")
    return rules
