"""Framework editions load from YAML and refuse malformed data with a message naming the place."""

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from civicspace.core.framework import (
    FrameworkError,
    MissingDimensionRule,
    PrincipleSource,
    available_editions,
    edition_from_mapping,
    load_edition,
)


def shipped_raw() -> dict[str, Any]:
    import civicspace.frameworks

    path = Path(civicspace.frameworks.__file__).parent / "eusee-2025.yaml"
    return dict(yaml.safe_load(path.read_text()))


def test_eusee_2025_has_six_principles_and_eighteen_dimensions():
    edition = load_edition("eusee-2025")
    assert [p.code for p in edition.principles] == ["P1", "P2", "P3", "P4", "P5", "P6"]
    assert len(edition.dimensions) == 18
    assert len(edition.panel_dimensions) == 15
    assert edition.principle("P1").source is PrincipleSource.CIVICUS
    assert [b.label for b in edition.scale.bands] == [
        "fully disabling",
        "disabling",
        "partially enabling",
        "enabling",
        "fully enabling",
    ]


def test_every_dimension_has_guiding_questions():
    edition = load_edition("eusee-2025")
    assert all(len(d.guiding_questions) >= 2 for d in edition.dimensions.values())


def test_weights_are_normalised_within_each_principle():
    raw = shipped_raw()
    raw["principles"][1]["dimensions"][0]["weight"] = 2
    edition = edition_from_mapping(raw)
    weights = edition.principle("P2").weights
    assert sum(weights.values()) == pytest.approx(1.0)
    assert weights["2.1"] == pytest.approx(0.5)
    assert weights["2.2"] == pytest.approx(0.25)


def test_shipped_editions_are_listed():
    assert "eusee-2025" in available_editions()


def test_unknown_edition_names_the_known_ones():
    with pytest.raises(FrameworkError, match=r"known editions: .*eusee-2025"):
        load_edition("eusee-1999")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r["principles"][2]["dimensions"][1].update(weight=0), "3.2: weight 0"),
        (lambda r: r["principles"][2]["dimensions"][1].update(weight=-1), "must be positive"),
        (lambda r: r["principles"][2]["dimensions"][1].update(weight="x"), "not a number"),
        (lambda r: r["principles"][3]["dimensions"][0].update(code="2.1"), "2.1: code used twice"),
        (lambda r: r["principles"][0].update(source="oracle"), "'oracle' is not one of"),
        (lambda r: r["scale"]["bands"].reverse(), "strictly increasing"),
        (lambda r: r.update(missing_dimensions="guess"), "'guess' is not one of"),
        (
            lambda r: r["principles"][4]["dimensions"][0].pop("name"),
            "dimension 5.1: missing 'name'",
        ),
        (lambda r: r["civicus"]["categories"][1].update(lower=15), "closed and repressed overlap"),
        (lambda r: r["civicus"]["rebasing"].update(points=[[0, 1]]), "need two or more"),
        (lambda r: r["civicus"]["rebasing"].update(points=[[0, 0], [100, 5]]), "on the scale"),
        (lambda r: r.pop("scale"), "missing 'scale'"),
        (lambda r: r.update(headings={"principle": "{number}. {title}"}), "may only use"),
    ],
)
def test_malformed_editions_are_refused_with_the_place(mutate, message):
    raw = copy.deepcopy(shipped_raw())
    mutate(raw)
    with pytest.raises(FrameworkError, match=message):
        edition_from_mapping(raw)


def test_the_missing_dimension_rule_is_data():
    raw = shipped_raw()
    assert edition_from_mapping(raw).missing_dimensions is MissingDimensionRule.REFUSE
    raw["missing_dimensions"] = "renormalise"
    assert edition_from_mapping(raw).missing_dimensions is MissingDimensionRule.RENORMALISE


def test_heading_templates_are_data():
    raw = shipped_raw()
    raw["headings"] = {"principle": "{number}. {name}"}
    edition = edition_from_mapping(raw)
    assert edition.principle_heading.format(number=4, name="Open") == "4. Open"
    assert edition.dimension_heading == "{code} {name}"  # the default where none is given
