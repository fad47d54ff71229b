"""A validation batch keeps exact repeats once and refuses conflicting ones."""

from dataclasses import dataclass

import pytest

from civicspace.core.messages import _
from civicspace.imports.batch import Batch
from civicspace.imports.problems import ImportRefused, Place


@dataclass(frozen=True)
class Row:
    key: str
    value: int
    place: Place


def add(batch, row):
    batch.add(
        row, row.key, same=lambda a, b: a.value == b.value, conflict=lambda a, b: _("differs")
    )


def test_repeats_are_kept_once_with_a_notice():
    batch: Batch[Row] = Batch()
    add(batch, Row("a", 1, Place(row=2)))
    add(batch, Row("a", 1, Place(row=5)))
    assert [r.place.row for r in batch.accepted(_("no rows")).rows] == [2]
    assert [str(n) for n in batch.notices] == ["row 5: repeats row 2; imported once"]


def test_a_conflict_refuses_the_whole_batch():
    batch: Batch[Row] = Batch()
    add(batch, Row("a", 1, Place(row=2)))
    add(batch, Row("b", 1, Place(row=3)))
    add(batch, Row("a", 2, Place(row=4)))
    with pytest.raises(ImportRefused, match="row 4: differs"):
        batch.accepted(_("no rows"))


def test_a_file_with_nothing_to_import_is_refused():
    with pytest.raises(ImportRefused, match="the file holds no ratings to import"):
        Batch[Row]().accepted(_("the file holds no ratings to import"))
