"""Citations that cannot drift: sources keep their keys through every save, texts are bound to
keys when saved, and reports number sources only when they render."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicspace.assessments.models import CitationKey, DimensionScore, Source
from civicspace.assessments.services import SourceInput, score_record
from civicspace.editorial.models import ReportText
from civicspace.editorial.selectors import cycle_checks, cycle_sources
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.publishing.rendering import report_html, report_of_draft
from tests.apps.helpers import form_data, kz, person

pytestmark = pytest.mark.django_db

FH = SourceInput(
    "Freedom House: Freedom in the World", "https://freedomhouse.org/kz", date(2025, 2, 1)
)
CIVICUS = SourceInput("CIVICUS Monitor rating", "https://monitor.civicus.org/kz", date(2024, 12, 4))
LAW = SourceInput(
    "Law on Non-commercial Organisations", "https://adilet.zan.kz/ngo", date(2024, 5, 1)
)


def save(code, sources, justification="Reasons.", shown_keys=()):
    score, _ = score_record(
        cycle=kz(),
        dimension=code,
        value=Decimal("2.5"),
        justification=justification,
        sources=sources,
        shown_keys=shown_keys,
    )
    return score


def stored(code):
    return {s.title: s.key for s in Source.objects.filter(score__cycle=kz(), score__dimension=code)}


def again(source, key, **changes):
    """A row of the score page as posted back: the stored source's key, maybe edited."""
    return SourceInput(**{**source.__dict__, "key": key, **changes})


def test_re_saving_a_score_page_in_another_order_keeps_every_key(programme):
    save("2.1", [FH, CIVICUS])
    keys = stored("2.1")
    assert keys == {
        FH.title: "freedom-house-freedom-world-2025",
        CIVICUS.title: "civicus-monitor-rating-2024",
    }
    rows = [again(CIVICUS, keys[CIVICUS.title]), again(FH, keys[FH.title], url="https://fh.org/")]
    save("2.1", [LAW, *rows])
    after = stored("2.1")
    assert {t: after[t] for t in keys} == keys
    assert after[LAW.title] == "law-non-commercial-organisations-2024"


def test_a_workbook_re_uploaded_without_keys_keeps_the_keys_of_unchanged_sources(programme):
    save("2.1", [FH, CIVICUS])
    keys = stored("2.1")
    save("2.1", [CIVICUS, FH])  # rows as a workbook gives them: no keys
    assert stored("2.1") == keys


def test_a_deleted_sources_key_is_never_issued_again(programme):
    save("2.1", [FH])
    first = stored("2.1")[FH.title]
    save("2.1", [])
    save("2.1", [FH])
    assert stored("2.1")[FH.title] == f"{first}-2"
    assert set(CitationKey.objects.values_list("key", flat=True)) == {first, f"{first}-2"}


def test_a_typed_number_binds_to_the_list_the_author_saw_not_the_list_at_saving(programme):
    save("2.2", [CIVICUS])
    shown = [s.key for s in cycle_sources(cycle=kz())]
    save("2.1", [FH])  # added meanwhile: in the cycle's order it comes first now
    texts_save(cycle=kz(), entries={"context": TextEntry("As rated[^1].", 0)}, shown_keys=shown)
    assert ReportText.objects.get(key="context").text == "As rated[^civicus-monitor-rating-2024]."
    score = save("2.3", [LAW], justification="See [^1].", shown_keys=shown)
    assert score.justification == "See [^civicus-monitor-rating-2024]."


def test_deleting_a_cited_source_is_a_check_error_that_names_it(programme):
    save("2.1", [FH, CIVICUS])
    key = stored("2.1")[CIVICUS.title]
    texts_save(cycle=kz(), entries={"context": TextEntry(f"As rated[^{key}].", 0)})
    assert "unknown-citation" not in {f.check for f in cycle_checks(cycle=kz()).findings}
    save("2.1", [again(FH, stored("2.1")[FH.title])])
    [finding] = [f for f in cycle_checks(cycle=kz()).findings if f.check == "unknown-citation"]
    assert str(finding.message).startswith(
        f"cites [^{key}], the source \u201cCIVICUS Monitor rating\u201d, which was deleted"
    )


def test_the_report_numbers_sources_by_first_citation_once_each_and_links_inline(programme):
    save("2.1", [FH, CIVICUS])
    save("2.2", [LAW, FH])  # the same report attached to a second dimension
    keys = {s.key: s.title for s in cycle_sources(cycle=kz())}
    fh, civicus, law, fh_again = keys
    texts_save(
        cycle=kz(),
        entries={
            "context": TextEntry(f"Under [the 2024 NGO law](^{law}), rated[^{civicus}][^{fh}].", 0),
            "2.1": TextEntry(f"Again[^{fh_again}].", 0),
        },
    )
    report = report_of_draft(kz())
    listed = [(s.number, s.title, s.keys, s.cited) for s in report.record.sources]
    assert listed == [
        (1, LAW.title, (law,), True),
        (2, CIVICUS.title, (civicus,), True),
        (3, FH.title, (fh, fh_again), True),
    ]
    html = report_html(report)
    assert (
        '<a href="https://adilet.zan.kz/ngo" rel="noopener noreferrer">the 2024 NGO law</a>'
        '<sup class="cite"><a href="#source-1" rel="noopener noreferrer">1</a></sup>'
    ) in html
    assert (
        'rated<sup class="cite"><a href="#source-2" rel="noopener noreferrer">2</a>,'
        ' <a href="#source-3" rel="noopener noreferrer">3</a></sup>'
    ) in html
    assert 'Again<sup class="cite"><a href="#source-3"' in html


def test_a_source_no_text_cites_is_listed_apart_after_the_cited_ones(programme):
    save("2.1", [FH, CIVICUS])
    texts_save(
        cycle=kz(), entries={"context": TextEntry(f"Rated[^{stored('2.1')[CIVICUS.title]}].", 0)}
    )
    report = report_of_draft(kz())
    assert [(s.number, s.title, s.cited) for s in report.record.sources] == [
        (1, CIVICUS.title, True),
        (2, FH.title, False),
    ]
    html = report_html(report)
    assert re.search(r"Also consulted</h3>\s*<ol class=\"sources\" start=\"2\">", html)
    assert "1 sources are cited; they are listed below, followed by 1 further sources" in html


@given(
    st.lists(
        st.one_of(
            st.tuples(
                st.just("add"), st.sampled_from([FH, CIVICUS, LAW]), st.sampled_from(["2.1", "2.2"])
            ),
            st.tuples(st.just("delete"), st.integers(0, 20)),
            st.tuples(st.just("reorder"), st.sampled_from(["2.1", "2.2"])),
        ),
        max_size=8,
    )
)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_no_sequence_of_saves_re_points_a_stored_citation(programme, operations):
    with transaction.atomic():
        save("2.1", [FH, CIVICUS])
        save("2.2", [LAW])
        cited = {s.key: s.title for s in cycle_sources(cycle=kz())}
        text = "".join(f"[^{key}]" for key in cited)
        texts_save(cycle=kz(), entries={"context": TextEntry(text, 0)})
        for operation in operations:
            rows = {
                code: [
                    again(SourceInput(s.title, s.url, s.published_on), s.key)
                    for s in Source.objects.filter(score__cycle=kz(), score__dimension=code)
                ]
                for code in ("2.1", "2.2")
            }
            if operation[0] == "add":
                save(operation[2], [*rows[operation[2]], operation[1]])
            elif operation[0] == "delete" and (
                everything := [(c, r) for c in rows for r in rows[c]]
            ):
                code, gone = everything[operation[1] % len(everything)]
                save(code, [r for r in rows[code] if r is not gone])
            elif operation[0] == "reorder":
                save(operation[1], rows[operation[1]][::-1])
        alive = {s.key: s.title for s in cycle_sources(cycle=kz())}
        assert ReportText.objects.get(key="context").text == text
        for key, title in cited.items():
            assert alive.get(key, title) == title
        transaction.set_rollback(True)


def test_the_texts_page_lists_citation_codes_and_binds_a_typed_number(programme, client):
    member = person("aigul", "member", "KZ")
    save("2.1", [FH, CIVICUS])
    client.force_login(member)
    page = client.get("/workspace/KZ/2025/texts/").content.decode()
    assert '<code class="citation-code"' in page
    assert "[^civicus-monitor-rating-2024]" in page
    shown = re.search(r'name="citation-keys" value="([^"]*)"', page)[1]
    save("2.1", [LAW, *[again(s, stored("2.1")[s.title]) for s in (FH, CIVICUS)]])  # meanwhile
    response = client.post(
        "/workspace/KZ/2025/texts/",
        {"citation-keys": shown, "context-text": "Rated[^2].", "context-version": "0"},
    )
    assert response.status_code == 302
    assert ReportText.objects.get(key="context").text == "Rated[^civicus-monitor-rating-2024]."


def test_the_score_page_keeps_keys_on_resave_and_binds_a_typed_number(programme, client):
    member = person("aigul", "member", "KZ")
    save("2.1", [FH, CIVICUS])
    keys = stored("2.1")
    client.force_login(member)
    url = "/workspace/KZ/2025/P2/"
    data = form_data(client, url, "principle-form")
    assert data["citation-keys"].split() == [keys[FH.title], keys[CIVICUS.title]]  # as listed
    assert {data["2.1-source-0-key"], data["2.1-source-1-key"]} == set(keys.values())
    save("4.1", [LAW])  # meanwhile, on another page, a source the page did not show
    fh_row = next(n for n in (0, 1) if data[f"2.1-source-{n}-key"] == keys[FH.title])
    other = 1 - fh_row
    data |= {
        "2.1-justification": "As rated[^2].",  # the second as listed: the CIVICUS rating
        f"2.1-source-{fh_row}-title": "",  # Freedom House removed in the same save
        f"2.1-source-{fh_row}-url": "",
        f"2.1-source-{fh_row}-date": "",
        f"2.1-source-{other}-url": "https://monitor.civicus.org/country/kazakhstan/",
    }
    assert client.post(url, data).status_code == 302
    score = DimensionScore.objects.get(cycle=kz(), dimension="2.1")
    assert score.justification == f"As rated[^{keys[CIVICUS.title]}]."
    assert stored("2.1") == {CIVICUS.title: keys[CIVICUS.title]}  # edited, still its key
