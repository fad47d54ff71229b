"""Editorial checks: what each must flag, and what it must leave alone."""

import ast
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from civicspace.core import checks
from civicspace.core.checks import (
    CHECKS,
    DimensionEvidence,
    Draft,
    Section,
    Severity,
    band_claims,
    dates_out_of_period,
    draft_check,
    empty_audiences,
    empty_sections,
    heading_names,
    heading_style,
    inconsistent_years,
    mentioned_dates,
    missing_evidence,
    missing_principle_scores,
    outside_panel_range,
    placeholder_links,
    score_claims,
    unexplained_divergence,
    unknown_citations,
)
from civicspace.core.evidence import EventTally
from civicspace.core.framework import load_edition
from civicspace.core.messages import Message

EDITION = load_edition("eusee-2025")
SCORES = {"P1": 2.2, "P2": 2.1, "P3": 2.6, "P4": 2.7, "P5": 2.6667, "P6": 3.3}
SOURCE = ("https://www.rti-rating.org/",)


HEADINGS = {
    p.code: EDITION.principle_heading.format(number=p.number, name=p.name)
    for p in EDITION.principles
} | {
    d.code: EDITION.dimension_heading.format(code=d.code, name=d.name)
    for d in EDITION.dimensions.values()
}


def clean_draft(**changes):
    """A draft with nothing to flag; tests change one thing at a time."""
    sections = [
        Section(
            "context",
            "Country context",
            (
                "The reporting period runs from August 2024 to August 2025. The Law on "
                "Public Associations of 2023 still governs registration, and on 12 March "
                "2025 parliament debated amendments. Some 1,500 organisations and Decree "
                "No. 2026/14 of the ministry are discussed in [the ministry's register]"
                "(https://example.gov.kz/register)."
            ),
        ),
        Section(
            "P4",
            "Principle 4: Open and Responsive State",
            (
                "Principle 4 scored 2.7 this year. Under the 2023 Law on Public "
                "Associations, councils meet twice a year. Dimension 4.1 is rated 2.5."
            ),
        ),
        Section(
            "4.1", "4.1 Transparency", "Requests were answered late in 2.5 cases of 10 on average."
        ),
    ]
    written = {s.key for s in sections}
    sections += [
        Section(key, heading, "Analysed for the test.")
        for key, heading in HEADINGS.items()
        if key not in written
    ]
    values: dict[str, Any] = {
        "sections": sections,
        "edition": EDITION,
        "period_start": date(2024, 8, 1),
        "period_end": date(2025, 8, 31),
        "principle_scores": SCORES,
        "dimensions": [
            DimensionEvidence("4.1", 2.5, "Requests go unanswered.", SOURCE, panel_mean=2.75),
            DimensionEvidence("4.2", 2.6, "Short consultations.", SOURCE, panel_mean=None),
        ],
        "recommendations": {a: "Do this." for a in EDITION.recommendation_audiences},
    }
    return Draft(**(values | changes))


def with_text(text, key="context", heading="Country context"):
    return clean_draft(sections=[Section(key, heading, text)])


def test_a_clean_draft_has_no_findings():
    assert draft_check(clean_draft()).findings == []


def test_a_principle_without_score():
    draft = clean_draft(principle_scores=SCORES | {"P3": None})
    [finding] = missing_principle_scores(draft)
    assert (finding.place, finding.severity) == ("P3", Severity.ERROR)


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Principle 4 scored 2.9 this year.", "P4 as 2.9"),
        ("P6 has a score of 3,1 according to the panel.", "P6 as 3.1"),
        ("In the end dimension 4.1 was rated 3.0 by the panel.", "4.1 as 3.0"),
        ("Principle 5 stands at 2.6.", "P5 as 2.6"),  # stored 2.6667 is published as 2.7
    ],
)
def test_score_claims_that_disagree_with_stored_scores(text, claim):
    [finding] = score_claims(with_text(text))
    assert claim in str(finding.message)


@pytest.mark.parametrize(
    "text",
    [
        "Principle 4 scored 2.7 this year.",
        "Principle 5 stands at 2.7.",  # matches the published (rounded) value
        "Principle 4 covers transparency; 2.9 million people live in the capital.",
        "Dimension 4.1 looks at transparency. The budget grew by 3.5 percent.",
        "Principle 9 scored 2.0.",  # not a principle of the edition: nothing to compare
    ],
)
def test_score_claims_left_alone(text):
    assert score_claims(with_text(text)) == []


def test_dates_are_read_in_their_usual_forms():
    found = {
        wording: when
        for when, _, _, wording in mentioned_dates(
            "On 3 Sept 2025, in October 2025, on 2025-11-02 and in 2026;"
            " Decree No. 2027/4; 1,500 groups."
        )
    }
    assert found == {
        "3 Sept 2025": date(2025, 9, 3),
        "October 2025": date(2025, 10, 1),
        "2025-11-02": date(2025, 11, 2),
        "2026": date(2026, 1, 1),
    }


@pytest.mark.parametrize("text", ["On 2 September 2025 the court ruled.", "In 2026 a law is due."])
def test_dates_after_the_period_are_warnings(text):
    [finding] = dates_out_of_period(with_text(text))
    assert finding.severity is Severity.WARNING
    assert "after the reporting period (ends 2025-08-31)" in str(finding.message)


def test_dates_after_publication_are_measured_against_it():
    draft = replace(
        with_text("On 20 July 2025 the ministry replied."), publication_date=date(2025, 7, 1)
    )
    [finding] = dates_out_of_period(draft)
    assert "after the publication date" in str(finding.message)


@pytest.mark.parametrize(
    "text",
    [
        "On 31 August 2025 the period closed.",
        "In 2025 and since March 2024.",
        "Decree No. 2026/14.",
    ],
)
def test_dates_within_the_period_are_left_alone(text):
    assert dates_out_of_period(with_text(text)) == []


def test_the_same_law_with_two_years():
    draft = clean_draft(
        sections=[
            Section(
                "context", "Context", "The Law on Public Associations of 2023 requires reports."
            ),
            Section(
                "2.1",
                "2.1 Registration",
                "Under the 2024 Law on Public Associations, groups register.",
            ),
        ]
    )
    [finding] = inconsistent_years(draft)
    assert finding.place == "Law on Public Associations"
    assert str(finding.message) == (
        "“Law on Public Associations” is dated differently:"
        " 2023 (context: “The Law on Public Associations of 2023 requires reports.”);"
        " 2024 (2.1: “Under the 2024 Law on Public Associations, groups register.”)"
    )


def test_different_laws_or_one_year_are_left_alone():
    draft = clean_draft(
        sections=[
            Section(
                "context",
                "Context",
                "The Law on Public Associations (2023) and the Law on Mass Media of 2024.",
            ),
            Section(
                "2.1",
                "2.1 Registration",
                "The Law on Public Associations, adopted in 2023, applies.",
            ),
        ]
    )
    assert inconsistent_years(draft) == []


@pytest.mark.parametrize(
    "url",
    ["", "#", "https://", "http://example.com/page", "TODO", "https://link-placeholder.org", "..."],
)
def test_placeholder_links(url):
    [finding] = placeholder_links(with_text(f"See [the report]({url}) for details."))
    assert "not a real address" in str(finding.message)


def test_placeholder_source_urls_of_dimensions():
    draft = clean_draft(dimensions=[DimensionEvidence("4.1", 2.5, "Why.", ("https://",))])
    [finding] = placeholder_links(draft)
    assert finding.place == "4.1"


def test_real_links_are_left_alone():
    text = "See [the index](https://www.v-dem.net/data) and [law](https://adilet.zan.kz/rus/docs/Z123)."
    assert placeholder_links(with_text(text)) == []


def test_missing_justification_and_evidence():
    draft = clean_draft(
        dimensions=[
            DimensionEvidence("4.1", 2.5, "  ", SOURCE),
            DimensionEvidence("4.2", 2.6, "Reasons.", ()),
            DimensionEvidence("4.3", None, "", ()),  # not scored yet: nothing to justify
        ]
    )
    assert [(f.check, f.place) for f in missing_evidence(draft)] == [
        ("no-justification", "4.1"),
        ("no-evidence", "4.2"),
    ]


@pytest.mark.parametrize(
    "justification",
    [
        "Courts hear complaints.",
        # Naming the mean, or a reason alone, is not an explanation.
        "The panelists' mean was 2.75.",
        "The majority of panelists scored it lower.",
        "Courts ruled for two associations because the new law was applied.",
        # A reason in another dimension's text does not count (see below).
        "",
    ],
)
def test_an_unexplained_gap_between_agreed_score_and_panel_mean(justification):
    dims = [DimensionEvidence("4.3", 3.5, justification, SOURCE, panel_mean=2.75)]
    other = Section("4.2", "4.2", "The panel scored 4.3 higher because courts ruled for NGOs.")
    [finding] = unexplained_divergence(clean_draft(dimensions=dims, sections=[other]))
    message = str(finding.message)
    assert "0.75 from the panelists' mean 2.75" in message
    assert "refers to the panel" in message
    assert "gives a reason" in message


def test_a_gap_explained_in_the_dimensions_analysis_rather_than_its_justification():
    dims = [DimensionEvidence("4.3", 3.5, "Courts hear complaints.", SOURCE, panel_mean=2.75)]
    analysis = Section("4.3", "4.3", "The panel agreed on 3.5, above its mean, given two rulings.")
    assert unexplained_divergence(clean_draft(dimensions=dims, sections=[analysis])) == []


@pytest.mark.parametrize(
    "text",
    [
        "Панелисты разошлись во мнениях, поэтому согласованная оценка выше среднего.",
        "Оценка выше средней по панели, так как суд дважды решил дело в пользу НКО.",
    ],
)
def test_a_gap_explained_in_russian(text):
    dims = [DimensionEvidence("4.3", 3.5, text, SOURCE, panel_mean=2.75)]
    assert unexplained_divergence(clean_draft(dimensions=dims)) == []


def test_every_section_of_the_structure_must_be_written():
    draft = clean_draft()
    assert empty_sections(draft) == []
    blank = [s if s.key != "2.1" else Section("2.1", s.heading, " \n ") for s in draft.sections]
    missing = [s for s in blank if s.key not in {"context", "P3"}]
    findings = empty_sections(replace(draft, sections=missing))
    assert [str(f.place).split(" ")[0] for f in findings] == ["Country", "2.1", "P3"]
    assert str(findings[0].place) == "Country context"
    assert "Accessible and Sustainable Resources" in str(findings[2].place)
    assert {(f.check, f.severity) for f in findings} == {("empty-section", Severity.ERROR)}


@pytest.mark.parametrize(
    "justification",
    [
        "The panel weighed two new court rulings more than the majority of individual scores.",
        "Panelists disagreed; the agreed score differs from the average because of new evidence.",
    ],
)
def test_an_explained_gap_is_left_alone(justification):
    dims = [DimensionEvidence("4.3", 3.5, justification, SOURCE, panel_mean=2.75)]
    assert unexplained_divergence(clean_draft(dimensions=dims)) == []


def test_an_empty_recommendation_audience():
    audiences = dict.fromkeys(EDITION.recommendation_audiences, "Do this.")
    audiences[EDITION.recommendation_audiences[1]] = "  \n"
    [finding] = empty_audiences(clean_draft(recommendations=audiences))
    assert EDITION.recommendation_audiences[1] in str(finding.message)


@pytest.mark.parametrize(
    ("key", "heading"),
    [
        ("P4", "4. Open and Responsive State"),
        ("P4", "Principle 4: Open And Responsive State"),
        ("4.1", "4.1. Transparency"),
        ("2.3", "2.3 Protection From Interference"),
    ],
)
def test_headings_off_the_edition(key, heading):
    [finding] = heading_style(with_text("Text.", key=key, heading=heading))
    assert "should read" in str(finding.message)


@pytest.mark.parametrize(
    ("key", "heading"),
    [
        ("P4", "Principle 4: Open and Responsive State"),
        ("4.1", "4.1  Transparency"),
        ("context", "Anything goes for free sections"),
    ],
)
def test_headings_that_follow_the_edition(key, heading):
    assert heading_style(with_text("Text.", key=key, heading=heading)) == []


def test_errors_come_before_warnings():
    draft = clean_draft(
        principle_scores=SCORES | {"P2": None},
        sections=[Section("context", "Context", "In 2027 something happened.")],
    )
    severities = [f.severity for f in draft_check(draft).findings]
    assert severities == sorted(severities, key=lambda s: s is not Severity.ERROR)
    assert {f.check for f in draft_check(draft).errors} == {"missing-score", "empty-section"}


@pytest.mark.parametrize(
    ("key", "text", "claimed", "actual"),
    [
        # P4 is 2.7, "partially enabling"; 4.1 is 2.5, "partially enabling"; P1 2.2 "disabling"
        ("P4", "Despite new councils, Principle 4 remained disabling.", "disabling", "2.7"),
        ("P4", "Overall, the state is “fully enabling” now.", "fully enabling", "2.7"),
        ("4.1", "Transparency stays enabling, on paper.", "enabling", "2.5"),
        ("P1", "Civic space, this principle, is partially enabling.", "partially enabling", "2.2"),
    ],
)
def test_band_words_that_contradict_the_score_they_describe(key, text, claimed, actual):
    [finding] = band_claims(with_text(text, key=key, heading=key))
    assert finding.severity is Severity.ERROR
    assert f"calls {key} “{claimed}” but its score {actual} is" in str(finding.message)


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("P4", "Principle 4 remains partially enabling."),  # the right band
        ("P4", "Transparency remained disabling."),  # a dimension's own sentence in a summary
        ("P4", "Principle 4 rose on access, which became enabling."),  # said of something else
        ("P4", "Overall, participation is enabling at 3.6."),  # a band with its own number
        ("P4", "An enabling environment needs an open state."),  # the programme's own phrase
        ("P4", "In 2023 Principle 4 was disabling."),  # an earlier year, in the past tense
        ("P4", "Unlike Principle 2, which is disabling, this one improved."),  # another principle
        ("P4", "The state is not enabling."),  # a negation is not a band claim
        ("4.1", "Dimension 4.2 remains fully disabling."),  # another dimension
        ("P3", "Overall, resources became fully enabling."),  # P3 (2.6) is "partially enabling"…
    ],
)
def test_band_words_left_alone(key, text):
    draft = with_text(text, key=key, heading=key)
    if key == "P3":  # …so this one is flagged: the test shows the section is checked at all
        assert len(band_claims(draft)) == 1
    else:
        assert band_claims(draft) == []


def test_score_claims_compare_with_half_up_rounding():
    draft = replace(with_text("Principle 3 scored 2.7."), principle_scores=SCORES | {"P3": 2.65})
    assert score_claims(draft) == []
    draft = replace(with_text("Principle 3 scored 2.6."), principle_scores=SCORES | {"P3": 2.65})
    assert len(score_claims(draft)) == 1


def test_unknown_citations_say_whether_the_key_is_unknown_deleted_or_a_number():
    text = with_text("As shown [^fh-2025], [^ngo-law-2024][^7] and [the old law](^old-law-2019).")
    draft = replace(
        text,
        source_keys=frozenset({"fh-2025"}),
        removed_sources={"old-law-2019": "Law on Public Associations (1996)"},
    )
    worded = [str(f.message) for f in unknown_citations(draft)]
    assert worded == [
        "cites [^ngo-law-2024], but the cycle has no source with that key",
        "cites [^7], a number: cite a source by its key, as listed with the sources",
        "cites [^old-law-2019], the source “Law on Public Associations (1996)”, which was"
        " deleted: cite another source or add it again (it gets a new key)",
    ]


def test_a_justification_citing_an_unknown_key_is_named_as_the_justification():
    draft = with_text("Text.")
    dimensions = [replace(draft.dimensions[0], justification="Rated [^nowhere-2025].")]
    [finding] = unknown_citations(replace(draft, dimensions=dimensions))
    assert str(finding.place) == "justification of 4.1"


def test_a_citation_of_a_known_key_is_no_finding_however_often_it_is_cited():
    text = with_text("A [^fh-2025], B [^fh-2025] and [inline](^fh-2025).")
    assert unknown_citations(replace(text, source_keys=frozenset({"fh-2025"}))) == []


# Finding messages are translatable: patterns written literally in checks.py, values kept apart.

DISTINCTIVE = (
    "Supportive Legal and Regulatory Framework",  # principle name (P2 has no score)
    "3.9",  # claimed score
    "17 November 2031",  # date after the period
    "2025-08-31",  # end of the period
    "Zebra Crossings",  # law with two years
    "2019 (context: “On 17 November",
    "Zanzibar",  # link label
    "'TODO'",  # placeholder address
    "'https://'",  # placeholder source of a dimension
    "[^97]",  # unknown citation
    "4.5",  # agreed score far from the panel mean
    "2.25",  # its gap and the panel mean
    "Civic-space expansion for civil society",  # empty audience
    "Quokka",  # heading off the edition
    "Wombat",  # a dimension named off the edition within a text
    "4.8",  # agreed score outside the panelists' own scores
    "1.7",  # the score before, events pointing the other way
)


def everything_wrong():
    """A draft on which every check finds something, each with values seen nowhere else."""
    audiences = dict.fromkeys(EDITION.recommendation_audiences, "Do this.")
    audiences["Civic-space expansion for civil society"] = " "
    return clean_draft(
        principle_scores=SCORES | {"P2": None},
        sections=[
            Section(
                "context",
                "Country context",
                "On 17 November 2031 the Law on Zebra Crossings of 2019 was read."
                " See [Zanzibar](TODO) and [^97].\n\n## 1.2 Freedom of Wombat Assembly\n\nText.",
            ),
            Section(
                "P4",
                "Principle Four Quokka",
                "Principle 4 scored 3.9 this year. Overall, the state remained fully disabling.",
            ),
            Section("2.1", "", "Under the 2021 Law on Zebra Crossings, roads changed."),
        ],
        dimensions=[
            DimensionEvidence("4.1", 4.5, "", (), panel_mean=2.25),
            DimensionEvidence("4.2", 2.6, "Reasons.", ("https://",)),
            DimensionEvidence("4.3", 4.8, "Reasons.", SOURCE, panel_low=1.5, panel_high=3.5),
        ],
        recommendations=audiences,
        source_keys=frozenset({"fh-2025", "ngo-law-2024", "rti-rating-2024"}),
        previous_scores={"4.2": 1.7},
        period_events={"4.2": EventTally(deteriorating=6, improving=1)},
    )


def _patterns_in_checks() -> set[str]:
    """The literal patterns of every `_(...)` and `_n(...)` call in checks.py (what makemessages
    extracts); fails on a call whose pattern is not a plain string literal."""
    tree = ast.parse(Path(checks.__file__).read_text(encoding="utf-8"))
    patterns = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("_", "_n")
        ):
            for arg in node.args[: 1 if node.func.id == "_" else 2]:
                where = f"checks.py line {node.lineno}: the pattern must be a literal string"
                assert isinstance(arg, ast.Constant), where
                assert isinstance(arg.value, str), where
                patterns.add(arg.value)
    return patterns


def test_every_check_has_something_to_say_about_the_wrong_draft():
    draft = everything_wrong()
    assert [check.__name__ for check in CHECKS if not check(draft)] == []


def test_finding_messages_are_literal_patterns_with_separate_values():
    patterns = _patterns_in_checks()
    findings = draft_check(everything_wrong()).findings
    worded = [str(f.message) for f in findings]  # every pattern fills without error
    for finding in findings:
        message = finding.message
        assert isinstance(message, Message)
        assert message.text in patterns
        assert message.plural is None or message.plural in patterns
        for value in DISTINCTIVE:
            assert value not in message.text
        if isinstance(finding.place, Message):
            assert finding.place.text in patterns
    for value in DISTINCTIVE:
        assert any(value in sentence for sentence in worded), value


def test_scores_in_messages_are_numbers_the_web_layer_can_write_the_local_way():
    def comma(value):
        return str(value).replace(".", ",") if isinstance(value, float) else value

    findings = draft_check(everything_wrong()).findings
    worded = {f.check: f.message.render(str, lambda s, p, n: p, comma) for f in findings}
    assert "gives P4 as 3,9 but the stored score is 2,7" in worded["score-mismatch"]
    divergence = worded["unexplained-divergence"]
    assert "agreed score 4,5 is 2,25 from the panelists' mean 2,25" in divergence


def test_places_that_are_words_are_translatable():
    [finding] = empty_audiences(everything_wrong())
    assert isinstance(finding.place, Message)
    assert str(finding.place) == "recommendations"
    [finding] = unknown_citations(replace(with_text("Text."), recommendations={"Donors": "[^9]"}))
    assert str(finding.place) == "recommendations (Donors)"


@pytest.mark.parametrize(
    "text",
    [
        "By the end of 2025 the registry was closed.",
        "Late 2025 saw new raids.",
        "In autumn 2025 the ministry replied.",
        "The budget for Q4 2025 was cut.",
        "On 10.11.2025 the court ruled.",
        "On November 10, 2025 the court ruled.",
        "В конце 2025 года реестр закрыли.",
        "Осенью 2025 министерство ответило.",
        "10 ноября 2025 г. суд вынес решение.",
    ],
)
def test_dates_in_every_common_form_after_the_period_are_warnings(text):
    [finding] = dates_out_of_period(with_text(text))
    assert finding.severity is Severity.WARNING
    assert "after the reporting period (ends 2025-08-31)" in str(finding.message)


@pytest.mark.parametrize(
    "text",
    ["In mid-2025 the ministry replied.", "Летом 2025 министерство ответило.", "In H1 2025."],
)
def test_vague_dates_that_may_fall_within_the_period_are_left_alone(text):
    assert dates_out_of_period(with_text(text)) == []


def test_a_law_given_two_years_away_from_its_name_names_both_places():
    draft = clean_draft(
        sections=[
            Section(
                "context",
                "Country context",
                "By the end of 2024 the country had adopted the Law on Peaceful Assembly.",
            ),
            Section(
                "1.2",
                "1.2 Freedom of Peaceful Assembly",
                "In 2025 the Law on Peaceful Assembly was adopted after long debate.",
            ),
        ]
    )
    [finding] = inconsistent_years(draft)
    assert finding.severity is Severity.ERROR
    message = str(finding.message)
    assert "2024 (context: “By the end of 2024" in message
    assert "2025 (1.2: “In 2025 the Law" in message


def test_a_law_dated_in_a_justification_and_a_text_is_compared_too():
    draft = clean_draft(
        dimensions=[
            DimensionEvidence("2.1", 2.5, "The Law on Public Associations of 2015 applies.", SOURCE)
        ]
    )
    [finding] = inconsistent_years(draft)  # the clean draft's context dates it 2023
    assert "2015 (2.1:" in str(finding.message)


def test_a_dimension_named_off_the_edition_in_a_texts_heading_is_a_warning():
    draft = with_text("Contents\n1.1 Freedom of Association\n1.2 Freedom of Assembly\n\nText.")
    [finding] = heading_names(draft)
    assert finding.severity is Severity.WARNING
    assert "“1.2 Freedom of Assembly” names 1.2 differently" in str(finding.message)
    assert "“Freedom of Peaceful Assembly”" in str(finding.message)


def _outside(justification):
    return clean_draft(
        dimensions=[
            DimensionEvidence("4.1", 3.5, justification, SOURCE, panel_low=2.0, panel_high=3.0)
        ]
    )


@pytest.mark.parametrize("justification", ["Requests go unanswered.", "The panel met twice."])
def test_an_agreed_score_outside_the_panelists_scores_without_a_reason(justification):
    [finding] = outside_panel_range(_outside(justification))
    assert (finding.place, finding.severity) == ("4.1", Severity.ERROR)
    assert "3.5 lies outside the panelists' own scores (2.0 to 3.0)" in str(finding.message)


@pytest.mark.parametrize(
    "justification",
    [
        "Requests go unanswered. The panel agreed on 3.5 because new data arrived after it met.",
        "Эксперты согласились на 3,5, поскольку после заседания появились новые данные.",
    ],
)
def test_an_agreed_score_outside_the_panelists_scores_with_a_reason(justification):
    assert outside_panel_range(_outside(justification)) == []


@pytest.mark.parametrize(
    ("agreed", "low", "high"), [(2.5, 2.0, 3.0), (3.04, 2.0, 3.0), (2.0, 2, 2)]
)
def test_an_agreed_score_within_the_panelists_scores_is_left_alone(agreed, low, high):
    draft = clean_draft(
        dimensions=[DimensionEvidence("4.1", agreed, "X.", SOURCE, panel_low=low, panel_high=high)]
    )
    assert outside_panel_range(draft) == []
