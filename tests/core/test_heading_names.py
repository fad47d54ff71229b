"""Principle and dimension names in a text's own headings and table of contents."""

import pytest

from civicspace.core.framework import load_edition
from civicspace.core.heading_names import comparable, misnamed_headings

EDITION = load_edition("eusee-2025")


@pytest.mark.parametrize(
    ("text", "code", "written"),
    [
        ("## 1.2 Freedom of Assembly\n\nPeople gathered.", "1.2", "Freedom of Assembly"),
        ("**1.2 | Freedom of Association**\n\nText.", "1.2", "Freedom of Association"),
        (
            "Contents\n1.1 Freedom of Association ..... 3\n1.2 Freedom of Assembly ..... 4\n",
            "1.2",
            "Freedom of Assembly",
        ),
        ("# Principle 3: Accessible Resources\n\nMoney.", "P3", "Accessible Resources"),
        (
            "Intro.\n\n3. Accessible and Sustainable Funding\n\nMoney is short.",
            "P3",
            "Accessible and Sustainable Funding",
        ),
    ],
)
def test_headings_that_name_a_principle_or_dimension_differently(text, code, written):
    [found] = misnamed_headings(text, EDITION)
    assert (found.code, found.written) == (code, written)
    assert found.expected == (
        EDITION.dimensions[code].name if "." in code else EDITION.principle(code).name
    )


@pytest.mark.parametrize(
    "text",
    [
        "## 1.2 Freedom of peaceful assembly\n\nText.",
        "**3. Accessible & Sustainable Resources**",
        "Contents\n1.1 Freedom of Association ..... 3\n1.2 Freedom of Peaceful Assembly ..... 4",
        "## 1.2 Свобода мирных собраний\n\nТекст.",
        "Some 2.1 million people registered to vote in 2025.",
        "1. Adopt the law on freedom of information.\n2. Consult civil society on budgets.",
        "Dimension 4.1 scored 2.5, and 4.1 Transparency remains weak in practice.",
    ],
)
def test_the_editions_names_and_ordinary_text_are_left_alone(text):
    assert misnamed_headings(text, EDITION) == []


def test_names_compare_without_case_punctuation_or_and():
    assert comparable("Accessible & Sustainable, Resources") == comparable(
        "accessible and sustainable resources"
    )
