"""The workspace's form classes: one principle's dimensions with their evidence, report texts."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import BadRequest

from civicspace.assessments.panel_services import (
    EditConflict,
    panel_get_or_create,
    panelist_add,
    principle_save,
)
from civicspace.assessments.selectors import dimension_scores_get, panelist_scores_get
from civicspace.assessments.services import SourceInput, score_record
from civicspace.core.framework import load_edition
from civicspace.core.scoring import off_scale
from civicspace.i18n import localise
from civicspace.posted import hidden_fields_intact
from civicspace.workspace.forms import PrincipleForms, text_forms
from tests.apps.helpers import kz, person

pytestmark = pytest.mark.django_db
EDITION = load_edition("eusee-2025")
P4 = EDITION.principle("P4")
CODES = [d.code for d in P4.dimensions]


def p4_forms(data=None):
    """Principle 4's forms for Kazakhstan as the page builds them, bound to `data` if given."""
    cycle = kz()
    panel = panel_get_or_create(cycle=cycle)
    return PrincipleForms(
        data,
        edition=EDITION,
        principle=P4,
        stored=dimension_scores_get(cycle=cycle, codes=CODES),
        panelists=list(panel.panelists.values_list("code", flat=True)),
        panelist_scores=panelist_scores_get(panel=panel, codes=CODES),
    )


def untouched(forms):
    """What a browser posts from these (unbound) forms when nothing is changed."""
    data = {}
    for d in forms.dimensions:
        for form in (d.form, d.sources.management_form, *d.sources.forms):
            for field in form:
                value = field.value()
                data[field.html_name] = "" if value is None else str(value)
    return data


def dimension(forms, code):
    return next(d for d in forms.dimensions if d.dimension.code == code)


def test_the_fields_keep_the_names_browsers_post(programme):
    panelist_add(panel=panel_get_or_create(cycle=kz()), code="P01")
    names = set(untouched(p4_forms()))
    assert {"4.1-agreed", "4.1-justification", "4.1-version", "4.1-panelist-P01"} <= names
    assert {"4.1-source-0-title", "4.1-source-2-kind", "4.1-source-TOTAL_FORMS"} <= names
    assert "4.1-source-3-title" not in names  # three blank rows when nothing is stored


def test_stored_evidence_comes_first_with_three_blank_rows_after_it(programme):
    law = SourceInput("Access to information law", "https://example.org/law", date(2024, 3, 1))
    score_record(
        cycle=kz(), dimension="4.1", value=Decimal("2.5"), justification="Why.", sources=[law]
    )
    rows = dimension(p4_forms(), "4.1").sources.forms
    assert [row["title"].value() for row in rows] == [law.title, None, None, None]


def test_empty_rows_are_ignored_and_filled_ones_become_the_services_input(programme):
    data = untouched(p4_forms())
    data |= {"4.1-agreed": "2.5", "4.1-justification": "Because.", "4.1-source-1-title": "Law"}
    data |= {"4.1-source-1-url": "example.org/law", "4.1-source-1-date": "2024-03-01"}
    forms = p4_forms(data)
    assert forms.is_valid()
    entries = forms.entries()
    assert entries["4.1"].agreed == Decimal("2.5")
    assert entries["4.1"].justification == "Because."
    assert entries["4.1"].version == 0
    assert list(entries["4.1"].sources) == [
        SourceInput("Law", "https://example.org/law", date(2024, 3, 1), "other")
    ]
    assert (entries["4.2"].agreed, list(entries["4.2"].sources)) == (None, [])


def test_a_source_with_a_url_but_no_title_is_an_error_on_its_row(programme):
    data = untouched(p4_forms()) | {"4.2-source-1-url": "https://example.org/"}
    forms = p4_forms(data)
    assert not forms.is_valid()
    rows = dimension(forms, "4.2").sources.forms
    assert [row.errors for row in rows] == [{}, {"title": ["A source needs a title."]}, {}]
    assert not dimension(forms, "4.1").sources.total_error_count()


def test_a_score_off_the_scale_is_refused_in_the_cores_one_message(programme):
    panelist_add(panel=panel_get_or_create(cycle=kz()), code="P01")
    data = untouched(p4_forms()) | {"4.3-agreed": "7", "4.3-justification": "Too high."}
    forms = p4_forms(data | {"4.3-panelist-P01": "0.5", "4.2-agreed": "10"})
    assert not forms.is_valid()
    form = dimension(forms, "4.3").form
    assert form.errors["agreed"] == [localise(off_scale(Decimal(7), EDITION.scale))]
    assert form.errors["agreed"] == ["7 is outside the scale 1-5"]
    assert form.errors["panelist-P01"] == ["0.5 is outside the scale 1-5"]
    assert dimension(forms, "4.2").form.errors["agreed"] == ["10 is outside the scale 1-5"]


def test_a_score_needs_a_justification(programme):
    forms = p4_forms(untouched(p4_forms()) | {"4.1-agreed": "3"})
    assert not forms.is_valid()
    errors = dimension(forms, "4.1").form.errors
    assert errors == {"justification": ["A score needs a written justification."]}


def test_a_stale_version_is_a_conflict(programme):
    loaded = untouched(p4_forms()) | {"4.1-agreed": "3.5", "4.1-justification": "Mine."}
    score_record(cycle=kz(), dimension="4.1", value=Decimal("2.5"), justification="A colleague's.")
    forms = p4_forms(loaded)
    assert forms.is_valid()
    with pytest.raises(EditConflict) as conflict:
        principle_save(cycle=kz(), principle="P4", entries=forms.entries())
    assert set(conflict.value.conflicts) == {"4.1"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("4.2-version", "abc"),
        ("4.2-version", "-1"),
        ("4.2-version", None),
        ("4.3-source-TOTAL_FORMS", "abc"),
        ("4.3-source-TOTAL_FORMS", None),  # a post without the management form
    ],
)
def test_a_malformed_or_missing_hidden_field_is_a_bad_request(programme, name, value):
    data = untouched(p4_forms()) | {name: value}
    forms = p4_forms({k: v for k, v in data.items() if v is not None})
    with pytest.raises(BadRequest):
        hidden_fields_intact(*forms.filled_in_by_the_page())


def test_text_forms_are_bound_only_for_the_sections_posted(programme):
    keys = ["context", "P4"]
    forms = text_forms(keys=keys, stored={}, data={"P4-text": "Open state.", "P4-version": "0"})
    assert not forms["context"].is_bound
    assert forms["P4"].is_valid()
    assert forms["P4"].entry().text == "Open state."


def test_a_nul_character_in_a_text_is_a_form_error(programme):
    forms = text_forms(
        keys=["context"], stored={}, data={"context-text": "a\x00b", "context-version": "0"}
    )
    assert not forms["context"].is_valid()
    assert forms["context"].errors["text"] == ["Null characters are not allowed."]


def rendered(data, renderer):
    """Principle 4's fields, error lists and management forms as the page renders them, made
    and checked with `renderer` (a form's error lists keep the renderer they were made with)."""
    forms = p4_forms(data)
    parts = []
    for d in forms.dimensions:
        d.form.renderer = d.sources.renderer = renderer
    if data is not None:
        assert not forms.is_valid()
    for d in forms.dimensions:
        parts.append(str(d.sources.management_form))
        for form in (d.form, *d.sources.forms):
            parts.extend(f"{field}{field.errors}" for field in form)
    return "\n".join(parts)


def test_the_fast_form_renderer_writes_what_djangos_templates_write(programme):
    from django.forms.renderers import DjangoTemplates

    from civicspace.workspace.form_rendering import FAST_FORMS

    member = person("aigul", "member", "KZ")
    panelist_add(panel=panel_get_or_create(cycle=kz()), code="P01")
    source = SourceInput('Law "on NGOs" & <amendments>', "https://example.org/?a=1&b='2'")
    score_record(
        cycle=kz(),
        dimension="4.1",
        value=Decimal("2.5"),
        justification="x",
        sources=[source],
        by=member,
    )
    data = untouched(p4_forms()) | {
        "4.1-agreed": "7",
        "4.2-justification": 'It\'s "quoted" <b>bold</b> & more',
        "4.3-source-0-url": "not an address",
        "4.3-source-0-date": "2025-13-40",
    }
    for posted in (None, data):
        ours = rendered(posted, FAST_FORMS)
        assert ours == rendered(posted, DjangoTemplates())
        assert ("errorlist" in ours) == (posted is not None)
        assert "&quot;on NGOs&quot; &amp; &lt;amendments&gt;" in ours
