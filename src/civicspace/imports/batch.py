"""What validation of an import yields: accepted rows, notices, and every problem found."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, Protocol, TypeVar

from civicspace.core.messages import Message, _
from civicspace.imports.problems import ImportRefused, Place, Problem


class Placed(Protocol):
    @property
    def place(self) -> Place: ...


R = TypeVar("R", bound=Placed)


class Batch(Generic[R]):
    """Rows accepted so far. A row repeated exactly is kept once, with a notice; the same key with
    other values is a problem naming both rows."""

    def __init__(self, notices: Iterable[Problem] = ()) -> None:
        self.rows: list[R] = []
        self.notices: list[Problem] = list(notices)
        self.problems: list[Problem] = []
        self._first: dict[Hashable, R] = {}

    def add(
        self,
        row: R,
        key: Hashable,
        *,
        same: Callable[[R, R], bool],
        conflict: Callable[[R, R], Message],
    ) -> None:
        earlier = self._first.get(key)
        if earlier is None:
            self._first[key] = row
            self.rows.append(row)
        elif same(earlier, row):
            self.notices.append(
                Problem(row.place, _("repeats row %(row)s; imported once", row=earlier.place.row))
            )
        else:
            self.problems.append(Problem(row.place, conflict(earlier, row)))

    def accepted(self, nothing: Message) -> Batch[R]:
        """Self if the file can be imported whole; otherwise ImportRefused with every problem.

        `nothing` says the file holds no rows of its kind ("the file holds no scores to import").
        """
        if self.problems:
            raise ImportRefused(self.problems)
        if not self.rows:
            raise ImportRefused([Problem(Place(), nothing)])
        return self
