"""Import problems that name their place: sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Place:
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None  # e.g. "D5", for workbooks whose layout is ours

    def __str__(self) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(f'sheet "{self.sheet}"')
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        elif self.row is not None:  # a cell already names its row
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f'column "{self.column}"')
        return ", ".join(parts)


@dataclass(frozen=True, order=True)
class Problem:
    place: Place
    message: str

    def __str__(self) -> str:
        where = str(self.place)
        return f"{where}: {self.message}" if where else self.message


class ImportRefused(Exception):
    """The file was refused as a whole; nothing was written. Carries every problem found."""

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

    def summary(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
