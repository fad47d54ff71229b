"""Open-data files from published rows: CSV, XLSX (with codebook and licence sheets) and JSON."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from civicspace.assessments.presenters import DEMO_NOTICE
from civicspace.core.record import SCHEMA_VERSION
from civicspace.publishing.open_data import CODEBOOK, COLUMNS, LICENCE, LICENCE_TEXT, LICENCE_URL


def _cell(value: Any) -> Any:
    return "" if value is None else value


def rows_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def codebook_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["column", "type", "meaning"])
    writer.writerows((c.name, c.kind, c.meaning) for c in CODEBOOK)
    return out.getvalue()


def rows_xlsx(rows: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    scores = book.active
    assert scores is not None
    scores.title = "scores"
    scores.append(list(COLUMNS))
    for row in rows:
        scores.append([row[c] for c in COLUMNS])
    scores.freeze_panes = "A2"
    codebook = book.create_sheet("codebook")
    codebook.append(["column", "type", "meaning"])
    for column in CODEBOOK:
        codebook.append([column.name, column.kind, column.meaning])
    about = book.create_sheet("licence")
    about.append([LICENCE, LICENCE_URL])
    about.append([LICENCE_TEXT])
    if any(row["demo"] for row in rows):
        about.append([DEMO_NOTICE])
    for sheet in (scores, codebook):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_json(rows: list[dict[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "licence": {"name": LICENCE, "url": LICENCE_URL, "text": LICENCE_TEXT},
        "codebook": [{"column": c.name, "type": c.kind, "meaning": c.meaning} for c in CODEBOOK],
        "rows": rows,
    }
    if any(row["demo"] for row in rows):
        document["notice"] = DEMO_NOTICE
    return document
