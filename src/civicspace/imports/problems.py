"""Import problems that name their place: sheet, row and column.

A problem's explanation is a `Message` (`civicspace.core.messages`): `str(problem)` is the
English "place: message" line for the command line and logs; `problem.as_message()` is the
same sentence for the web layer to word in the reader's language (`localise`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from civicspace.core.messages import Message, _


@dataclass(frozen=True, order=True)
class Place:
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None  # e.g. "D5", for workbooks whose layout is ours

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.sheet, self.row, self.column, self.cell))

    def __str__(self) -> str:
        return str(self.as_message()) if self else ""

    def as_message(self) -> Message:
        """Where in the file, as one translatable phrase ("the file" for the file as a whole).

        A cell already names its row, so a row is only mentioned without a cell. Every
        combination is a whole pattern: translators may need another order or punctuation.
        """
        sheet, cell, column = self.sheet, self.cell, self.column
        row = None if cell is not None else self.row
        if sheet is not None:
            if cell is not None:
                if column is not None:
                    return _(
                        'sheet "%(sheet)s", cell %(cell)s, column "%(column)s"',
                        sheet=sheet,
                        cell=cell,
                        column=column,
                    )
                return _('sheet "%(sheet)s", cell %(cell)s', sheet=sheet, cell=cell)
            if row is not None:
                if column is not None:
                    return _(
                        'sheet "%(sheet)s", row %(row)s, column "%(column)s"',
                        sheet=sheet,
                        row=row,
                        column=column,
                    )
                return _('sheet "%(sheet)s", row %(row)s', sheet=sheet, row=row)
            if column is not None:
                return _('sheet "%(sheet)s", column "%(column)s"', sheet=sheet, column=column)
            return _('sheet "%(sheet)s"', sheet=sheet)
        if cell is not None:
            if column is not None:
                return _('cell %(cell)s, column "%(column)s"', cell=cell, column=column)
            return _("cell %(cell)s", cell=cell)
        if row is not None:
            if column is not None:
                return _('row %(row)s, column "%(column)s"', row=row, column=column)
            return _("row %(row)s", row=row)
        if column is not None:
            return _('column "%(column)s"', column=column)
        return _("the file")


@dataclass(frozen=True)
class Problem:
    place: Place
    message: Message

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else str(self.message)

    def as_message(self) -> Message:
        """The whole line, "place: message", for `localise`."""
        if not self.place:
            return self.message
        return _("%(place)s: %(problem)s", place=self.place.as_message(), problem=self.message)


class ImportRefused(Exception):
    """The file was refused as a whole; nothing was written. Carries every problem found.

    `str()` is the English list, one problem a line; each of `problems` words itself.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    place = problem.place
    return (place.sheet or "", place.row or 0, place.cell or place.column or "")


@dataclass
class ImportReport:
    """What an accepted import did, and the notices worth reading."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notices: list[Problem] = field(default_factory=list)

    def summary(self) -> Message:
        """ "3 created, 1 updated, 0 unchanged" (`str()`), or in the reader's language."""
        return _(
            "%(created)s created, %(updated)s updated, %(unchanged)s unchanged",
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )
