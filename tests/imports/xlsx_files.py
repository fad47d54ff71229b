"""Workbooks for the tests, written straight into the zip archive where openpyxl would refuse or
take minutes: extra sheets of millions of cells, lying sizes, bombs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable

from civicspace.core.framework import load_edition
from civicspace.imports.workbook import WorkbookContent, workbook_build

EDITION = load_edition("eusee-2025")
SHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def genuine_workbook() -> bytes:
    """The empty panel workbook of Kazakhstan 2025, as the workspace offers it."""
    return workbook_build(
        WorkbookContent("KZ", "Kazakhstan", 2025, EDITION.code, {}, [], {}), EDITION
    )


def sheet_xml(rows: Iterable[bytes], dimension: str | None = None) -> Iterable[bytes]:
    yield SHEET_START
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def rebuilt(
    data: bytes,
    *,
    change: Callable[[str, bytes], bytes] = lambda _name, body: body,
    add: dict[str, Iterable[bytes]] | None = None,
    sheets: Iterable[str] = (),
) -> bytes:
    """`data` with each member passed through `change`, members `add`ed (written in chunks),
    and the added members named in `sheets` registered as worksheets of those titles."""
    add = add or {}
    titles = dict(zip(add, sheets, strict=False))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            body = change(item.filename, source.read(item.filename))
            for n, (member, title) in enumerate(titles.items()):
                path = member.removeprefix("xl/")
                if item.filename == "xl/workbook.xml":
                    sheet = f'<sheet name="{title}" sheetId="{90 + n}" r:id="rIdT{n}"/>'
                    body = body.replace(b"</sheets>", sheet.encode() + b"</sheets>")
                elif item.filename == "xl/_rels/workbook.xml.rels":
                    body = body.replace(
                        b"</Relationships>",
                        f'<Relationship Id="rIdT{n}" Type="{SHEET_TYPE}" Target="{path}"/>'
                        "</Relationships>".encode(),
                    )
                elif item.filename == "[Content_Types].xml":
                    body = body.replace(
                        b"</Types>",
                        f'<Override PartName="/{member}" ContentType="{SHEET_CONTENT}"/>'
                        "</Types>".encode(),
                    )
            target.writestr(item, body)
        for member, chunks in add.items():
            with target.open(member, "w", force_zip64=True) as stream:
                for chunk in chunks:
                    stream.write(chunk)
    return out.getvalue()


def sheet_member(data: bytes, title: str) -> str:
    """The zip member holding the sheet called `title`."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    path = book[title]._worksheet_path  # type: ignore[attr-defined]
    book.close()
    return str(path)
