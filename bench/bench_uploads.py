"""Benchmark: refusing a hostile panel workbook (5 million cells in an extra sheet). Prints figures.

The hostile file is a genuine workbook plus one sheet written straight into the zip archive
(openpyxl would take minutes to write 5 million cells): small packed, huge unpacked. Each upload
is read in a fresh child process, so its peak memory (ru_maxrss, the interpreter included) is
its own. Before the limits (issue 14) the same file took 83 s and 1.8 GB here, and was accepted.
A second file passes every check on the zip directory but hides 5,000 rows in sheet P4 behind a
declared size of one cell: it is refused while the rows stream.
"""

from __future__ import annotations

import io
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROWS, COLUMNS = 5_000, 1_000  # 5 million cells
P4_MEMBER = "xl/worksheets/sheet5.xml"  # openpyxl numbers the sheets in order: P4 is the 5th
TARGET_SECONDS, TARGET_MB = 1.0, 100
EDITION = "eusee-2025"


def genuine_workbook() -> bytes:
    from civicspace.core.framework import load_edition
    from civicspace.imports.workbook import WorkbookContent, workbook_build

    content = WorkbookContent("KZ", "Kazakhstan", 2025, EDITION, {}, [], {})
    return workbook_build(content, load_edition(EDITION))


def hostile_workbook(genuine: bytes, path: Path) -> None:
    """`genuine` with a sheet "Extra" of ROWS x COLUMNS numbers added."""
    source = zipfile.ZipFile(io.BytesIO(genuine))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(
                    rb"</sheets>",
                    b'<sheet name="Extra" sheetId="99" r:id="rIdExtra"/></sheets>',
                    data,
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdExtra" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/worksheet" Target="worksheets/extra.xml"/>'
                    b"</Relationships>",
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/worksheets/extra.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
                )
            target.writestr(item, data, zipfile.ZIP_DEFLATED)
        with target.open("xl/worksheets/extra.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            row = b"<row>" + b"<c><v>1</v></c>" * COLUMNS + b"</row>"
            for _ in range(ROWS):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")


def lying_workbook(genuine: bytes, path: Path) -> None:
    """`genuine` with sheet P4 replaced by 5,000 rows of 10 numbers, declared as A1:A1."""
    source = zipfile.ZipFile(io.BytesIO(genuine))
    row = b"<row>" + b"<c><v>1</v></c>" * 10 + b"</row>"
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:A1"/><sheetData>' + row * 5_000 + b"</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = sheet if item.filename == P4_MEMBER else source.read(item.filename)
            target.writestr(item, data, zipfile.ZIP_DEFLATED)


def refuse(path: str) -> None:
    """In the child: read the upload as the workspace does and print seconds, MB and outcome."""
    from civicspace.core.framework import load_edition
    from civicspace.imports.problems import ImportRefused
    from civicspace.imports.workbook_upload import workbook_parse

    edition = load_edition(EDITION)
    data = Path(path).read_bytes()
    start = time.perf_counter()
    try:
        workbook_parse(data, iso2="KZ", year=2025, edition=edition)
        outcome = "accepted"
    except ImportRefused as exc:
        outcome = "refused: " + str(exc).splitlines()[0]
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.4f} {peak_mb:.1f} {outcome}")


def measure(label: str, path: Path, target: bool) -> None:
    child = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, __file__, "--refuse", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak_mb, outcome = child.stdout.strip().split(" ", 2)
    verdict = ""
    if target:
        met = float(seconds) < TARGET_SECONDS and float(peak_mb) < TARGET_MB
        verdict = f"  target < {TARGET_SECONDS:g} s, < {TARGET_MB} MB: {'met' if met else 'MISSED'}"
    size = path.stat().st_size / 1024
    print(f"  {label:<44} {size:8.0f} KB  {float(seconds) * 1000:8.1f} ms  {peak_mb:>7} MB peak")
    print(f"    {outcome}{verdict}")


def main() -> None:
    print("Uploads: reading a panel workbook in a fresh process (time of the read, peak memory)")
    with tempfile.TemporaryDirectory() as folder:
        genuine = Path(folder, "genuine.xlsx")
        genuine.write_bytes(genuine_workbook())
        hostile = Path(folder, "hostile.xlsx")
        start = time.perf_counter()
        hostile_workbook(genuine.read_bytes(), hostile)
        built = time.perf_counter() - start
        measure("genuine workbook (empty, 8 sheets)", genuine, target=False)
        measure(f"hostile workbook ({ROWS * COLUMNS:,} cells, built {built:.1f} s)", hostile, True)
        lying = Path(folder, "lying.xlsx")
        lying_workbook(genuine.read_bytes(), lying)
        measure("sheet P4 with 5,000 rows declared as one cell", lying, True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--refuse"]:
        refuse(sys.argv[2])
    else:
        main()
