"""Events as columns of NumPy arrays: the shape the alert rules' full pass reads them in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# `EventColumns.direction` holds 0 for deteriorating and 1 for improving.
DETERIORATING, IMPROVING = 0, 1


@dataclass(frozen=True, eq=False)
class EventColumns:
    """Events as columns, a row an event, and the events' dimensions as pairs (the event's key,
    the dimension), the shape of the EventDimension table: a full pass over hundreds of
    thousands of events reads a few arrays, not an object (and a set, and dates) an event.

    `country` and `entry_dimension` number the codes in `countries` and `dimensions`; `start`
    is the day the event began as a date ordinal (`date.toordinal`); `direction` is
    DETERIORATING or IMPROVING; `impact` is 0 where none is set. Keys are unique, and every
    pair names one of the rows. `core.early_warning.event_columns` builds these from the rows a
    query returns. Arrays are taken as they are, not copied: do not change them afterwards.
    """

    keys: IntArray
    country: IntArray
    countries: tuple[str, ...]
    start: IntArray
    direction: IntArray
    impact: IntArray
    verified: BoolArray
    entry_event: IntArray
    entry_dimension: IntArray
    dimensions: tuple[str, ...]
    entry_row: IntArray = field(init=False, repr=False)  # the row of each pair's event

    def __post_init__(self) -> None:
        for name in ("keys", "country", "start", "direction", "impact", "entry_event"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=np.int64))
        object.__setattr__(self, "entry_dimension", np.asarray(self.entry_dimension, np.int64))
        object.__setattr__(self, "verified", np.asarray(self.verified, dtype=np.bool_))
        rows = len(self.keys)
        for name in ("country", "start", "direction", "impact", "verified"):
            if (length := len(getattr(self, name))) != rows:
                raise ValueError(f"EventColumns.{name}: {length} rows, not {rows}")
        if len(self.entry_dimension) != len(self.entry_event):
            raise ValueError("EventColumns: entry_event and entry_dimension differ in length")
        _numbering("country", self.country, self.countries)
        _numbering("entry_dimension", self.entry_dimension, self.dimensions)
        _numbering("direction", self.direction, (DETERIORATING, IMPROVING))
        object.__setattr__(self, "entry_row", _rows_of(self.keys, self.entry_event))

    def __len__(self) -> int:
        return len(self.keys)


def _numbering(name: str, numbers: IntArray, codes: tuple[object, ...]) -> None:
    if len(set(codes)) != len(codes):
        raise ValueError(f"EventColumns: a code appears twice among those {name} numbers")
    if len(numbers) and (numbers.min() < 0 or numbers.max() >= len(codes)):
        raise ValueError(f"EventColumns.{name}: numbers from 0 to {len(codes) - 1} only")


def _rows_of(keys: IntArray, wanted: IntArray) -> IntArray:
    """The row of each of `wanted` among `keys`, found by bisection over the keys sorted once."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    twice = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(twice):
        raise ValueError(f"EventColumns.keys: {ordered[twice[0]]} appears twice")
    if not len(wanted):
        return np.zeros(0, dtype=np.int64)
    at = np.minimum(np.searchsorted(ordered, wanted), max(len(ordered) - 1, 0))
    unknown = np.flatnonzero(ordered[at] != wanted) if len(ordered) else np.arange(len(wanted))
    if len(unknown):
        raise ValueError(f"EventColumns.entry_event: no row has the key {wanted[unknown[0]]}")
    return order[at]


class VerifiedTable:
    """The verified rows as arrays, and one entry a (verified event, dimension) pair.

    Countries are numbered in the order they first appear among the verified rows and
    dimensions in the order of their codes: the order in which the rules' findings come.
    """

    def __init__(self, columns: EventColumns, principle_of: Mapping[str, str]) -> None:
        rows = np.flatnonzero(columns.verified)
        self.keys = columns.keys[rows]
        self.days = columns.start[rows]
        self.impact = columns.impact[rows]
        self.direction = columns.direction[rows]
        country = columns.country[rows]
        present, first = np.unique(country, return_index=True)
        present = present[np.argsort(first)]
        renumber = np.zeros(len(columns.countries), dtype=np.int64)
        renumber[present] = np.arange(len(present))
        self.country = renumber[country]
        self.countries = [columns.countries[c] for c in present.tolist()]
        position = np.full(len(columns), -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        owner = position[columns.entry_row]
        kept = owner >= 0
        self.dimensions = sorted(columns.dimensions)
        rank = np.zeros(len(columns.dimensions), dtype=np.int64)
        rank[np.argsort(np.array(columns.dimensions, dtype=object))] = np.arange(len(rank))
        self.entry_owner = owner[kept]
        self.entry_dimension = rank[columns.entry_dimension[kept]]
        self.principles = sorted(set(principle_of.values()))
        self.principle_of_dimension = np.array(
            [
                self.principles.index(principle_of[d]) if d in principle_of else -1
                for d in self.dimensions
            ],
            dtype=np.int64,
        )

    def entries(self, *, by_principle: bool) -> tuple[IntArray, IntArray, list[str]]:
        """(owner, subject) per entry and the subjects' codes; an event touching two dimensions
        of one principle gives that principle twice (the trend counts it once)."""
        if not by_principle:
            return self.entry_owner, self.entry_dimension, self.dimensions
        if not len(self.entry_dimension):
            return self.entry_owner, self.entry_dimension, self.principles
        subject = self.principle_of_dimension[self.entry_dimension]
        known = subject >= 0
        return self.entry_owner[known], subject[known], self.principles
