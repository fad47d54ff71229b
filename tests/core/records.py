"""Published records built from plain inputs, for the core's tests (no database)."""

from datetime import date

from hypothesis import strategies as st

from civicspace.core.framework import load_edition
from civicspace.core.profile import CivicusInput
from civicspace.core.recompute import RecordFacts, panel_inputs, record_build
from civicspace.core.record import Country, Inputs, Period, PublishedRecord, Section, Source

EDITION = load_edition("eusee-2025")
PANEL_CODES = list(EDITION.panel_dimensions)


def render(markdown: str) -> str:
    return f"<p>{markdown}</p>"


def facts(*, sections: tuple[Section, ...] = ()) -> RecordFacts:
    return RecordFacts(
        demo=True,
        country=Country("KZ", "Kazakhstan"),
        year=2025,
        edition=EDITION.code,
        reporting_period=Period(date(2024, 8, 1), date(2025, 8, 31)),
        network_member="Demo Network Member",
        panel_date=date(2025, 9, 17),
        civicus_url="https://monitor.civicus.org/",
        sections=sections or (Section("context", "Country context", "Context.", "<p>x</p>"),),
        sources=(Source(1, "A law", "https://example.org/law", date(2025, 1, 2), "law"),),
    )


def record_of(
    scores: dict[str, float] | None = None,
    panel: list[dict[str, float]] | None = None,
    civicus: float | None = 30,
) -> PublishedRecord:
    """A record of Kazakhstan 2025 from agreed `scores` (default: every panel dimension 2.25),
    panelists' rows and a CIVICUS score."""
    agreed = scores if scores is not None else dict.fromkeys(PANEL_CODES, 2.25)
    rows = panel if panel is not None else [dict.fromkeys(PANEL_CODES, v) for v in (2, 2.5, 3)]
    rating = None
    if civicus is not None:
        category = next(c.name for c in EDITION.civicus.categories if c.lower <= civicus <= c.upper)
        rating = CivicusInput(civicus, category, date(2024, 12, 4))
    inputs = Inputs(agreed, rating, panel_inputs(rows, PANEL_CODES))
    return record_build(facts(), inputs, render=render, resamples=200)


_score = st.sampled_from([x / 100 for x in range(100, 501, 5)])


@st.composite
def records(draw: st.DrawFn) -> PublishedRecord:
    """Records with any agreed scores (some missing), panels of 0-6 panelists with gaps, and
    a CIVICUS score or none."""
    agreed = draw(st.dictionaries(st.sampled_from(PANEL_CODES), _score))
    panel = draw(
        st.lists(
            st.dictionaries(st.sampled_from(PANEL_CODES), st.sampled_from([1, 1.5, 2, 3, 4, 5])),
            max_size=6,
        )
    )
    civicus = draw(st.none() | st.integers(0, 100).map(float))
    return record_of(agreed, panel, civicus)
