"""Citations bound to stable keys: binding, keys never reused, numbering by first citation."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.citations import (
    KEY,
    Citable,
    Cite,
    citation_index,
    citations_bind,
    citations_rekey,
    citations_substitute,
    cited_keys,
    source_key,
    sources_numbered,
)

TITLES = st.sampled_from(
    [
        "Freedom House: Freedom in the World",
        "CIVICUS Monitor rating",
        "Law on Non-commercial Organisations",
        "Закон о некоммерческих организациях",
        "قانون الجمعيات",
        "2024 budget",
        "The RTI Rating",
    ]
)
YEARS = st.one_of(st.none(), st.integers(1990, 2030))


def test_a_key_is_short_readable_and_names_its_year():
    assert source_key("Freedom House: Freedom in the World 2025", 2025, set()) == (
        "freedom-house-freedom-world-2025"
    )
    assert source_key("Закон о НКО", 2024, set()) == "source-2024"  # no Latin letters to use
    assert source_key("2024 budget", None, set()) == "source-2024-budget"  # never a number


@given(st.lists(st.tuples(TITLES, YEARS), max_size=30))
def test_keys_are_well_formed_and_never_issued_twice(sources):
    taken: set[str] = set()
    for title, year in sources:
        key = source_key(title, year, taken)
        assert KEY.fullmatch(key), key
        assert key not in taken
        taken.add(key)


def test_a_typed_number_is_bound_to_the_source_shown_with_that_number():
    shown = ["fh-2025", "ngo-law-2024"]
    text = "As noted[^2], and [the law](^2); [^9] and [^fh-2025] stay as written."
    assert citations_bind(text, shown) == (
        "As noted[^ngo-law-2024], and [the law](^ngo-law-2024);"
        " [^9] and [^fh-2025] stay as written."
    )


@st.composite
def histories(draw):
    """Sources added, deleted and re-ordered around a text cited (by typed numbers) once."""
    operations = st.one_of(
        st.tuples(st.just("add"), TITLES, YEARS),
        st.tuples(st.just("delete"), st.integers(0, 50)),
        st.tuples(st.just("reorder"), st.randoms()),
    )
    initial = draw(st.lists(st.tuples(TITLES, YEARS), min_size=1, max_size=8))
    numbers = draw(st.lists(st.integers(1, len(initial)), min_size=1, max_size=6))
    return initial, numbers, draw(st.lists(operations, max_size=25))


@given(histories())
def test_no_sequence_of_edits_to_the_sources_re_points_a_citation(history):
    initial, numbers, operations = history
    taken: set[str] = set()  # every key the cycle issued, as its registry keeps them
    sources: list[tuple[str, str]] = []  # (key, title), in the order the list shows them

    def add(title: str, year: int | None) -> None:
        key = source_key(title, year, taken)
        taken.add(key)
        sources.append((key, f"{title} #{len(taken)}"))  # a title unique to this source

    for title, year in initial:
        add(title, year)
    text = citations_bind(" ".join(f"[^{n}]" for n in numbers), [k for k, _ in sources])
    meant = [sources[n - 1][1] for n in numbers]
    for operation in operations:
        if operation[0] == "add":
            add(operation[1], operation[2])
        elif operation[0] == "delete" and sources:
            del sources[operation[1] % len(sources)]
        elif operation[0] == "reorder":
            operation[1].shuffle(sources)
    alive = dict(sources)
    for key, title in zip(cited_keys(text), meant, strict=True):
        # Still the same source, or (deleted) a key no other source has: never another source.
        assert alive.get(key, title) == title


@st.composite
def cycles(draw):
    """Sources (some sharing an address and title) and texts citing some of them."""
    pairs = [("Freedom House", "https://freedomhouse.org/"), ("CIVICUS", ""), ("ICNL", "x.org")]
    sources = [
        Citable(f"s{i}", *draw(st.sampled_from(pairs))) for i in range(draw(st.integers(1, 8)))
    ]
    keys = [s.key for s in sources] + ["unknown-key"]
    texts = draw(
        st.lists(
            st.lists(st.sampled_from(keys)).map(
                lambda ks: "Text " + " ".join(f"[^{k}]" for k in ks)
            ),
            max_size=5,
        )
    )
    return sources, texts


@given(cycles())
def test_sources_are_numbered_one_to_n_in_order_of_first_citation(cycle):
    sources, texts = cycle
    numbered = sources_numbered(texts, sources)
    assert [n.number for n in numbered] == list(range(1, len(numbered) + 1))
    keys = [k for n in numbered for k in n.keys]
    assert sorted(keys) == sorted(s.key for s in sources)  # every source listed exactly once
    identities = {(n.source.url, n.source.title) for n in numbered}
    assert len(identities) == len(numbered)  # the same address and title is one entry
    index = citation_index(numbered)
    first_use: list[int] = []
    for key in (k for t in texts for k in cited_keys(t)):
        if key in index and index[key].number not in first_use:
            first_use.append(index[key].number)
    assert first_use == [n.number for n in numbered if n.cited]
    assert all(n.cited for n in numbered[: len(first_use)])
    assert not any(n.cited for n in numbered[len(first_use) :])


def test_two_dimensions_citing_the_same_report_share_its_number():
    sources = [
        Citable("fh-2025", "Freedom House ", "https://www.freedomhouse.org/report/"),
        Citable("icnl-2024", "ICNL", "https://icnl.org"),
        Citable("fh-2025-2", "freedom house", "https://freedomhouse.org/report"),
    ]
    numbered = sources_numbered(["[^fh-2025-2] then [^icnl-2024]"], sources)
    assert [(n.number, n.keys, n.cited) for n in numbered] == [
        (1, ("fh-2025", "fh-2025-2"), True),
        (2, ("icnl-2024",), True),
    ]


def groups(cites: list[Cite]) -> str:
    return "<" + ",".join(str(c.number) for c in cites) + ">"


@given(st.lists(st.sampled_from(["a", "b", "c", "gone"]), min_size=1, max_size=6))
def test_adjacent_citations_render_as_one_group_never_as_run_together_digits(keys):
    index = {"a": Cite(1, ""), "b": Cite(2, ""), "c": Cite(12, "")}
    text = "Seen" + "".join(f"[^{k}]" for k in keys) + "."
    shown = citations_substitute(text, index, footnotes=groups, inline=lambda p, c: p)
    known = list(dict.fromkeys(index[k].number for k in keys if k in index))
    if known:
        assert f"<{','.join(map(str, known))}>" in shown
    assert shown.count("[^gone]") == keys.count("gone")  # left visible for the checks
    assert not re.search(r">\s*<", shown)  # one group per run, not groups side by side


def test_an_inline_citation_keeps_its_phrase_and_gains_the_number():
    index = {"ngo-law-2024": Cite(3, "https://adilet.zan.kz/law")}
    shown = citations_substitute(
        "Under [the 2024 NGO law](^ngo-law-2024) and [that](^nowhere).",
        index,
        footnotes=groups,
        inline=lambda phrase, cite: f"{{{phrase}|{cite.url}|{cite.number}}}",
    )
    assert shown == "Under {the 2024 NGO law|https://adilet.zan.kz/law|3} and [that](^nowhere)."


@given(st.lists(st.integers(1, 9), max_size=8))
def test_rekeying_numbers_and_back_is_the_identity(numbers):
    text = " ".join(f"[^{n}]" for n in numbers) + " [a law](^2)"
    keys = {str(n): f"key-{n}" for n in range(1, 10)}
    back = {v: k for k, v in keys.items()}
    assert citations_rekey(citations_rekey(text, keys), back) == text


def test_a_footnote_followed_by_parentheses_is_read_alike_everywhere():
    text = "Odd [^a](^b) text."
    index = {"a": Cite(1, ""), "b": Cite(2, "")}
    shown = citations_substitute(text, index, footnotes=groups, inline=lambda p, c: "INLINE")
    assert cited_keys(text) == ["a"]
    assert shown == "Odd <1>(^b) text."
