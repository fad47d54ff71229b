"""Which files an event accepts, read from their content, and the names they are kept under."""

from __future__ import annotations

import io
import zipfile

import pytest

from civicspace.core.attachments import (
    AttachmentLimits,
    AttachmentType,
    attachment_filename,
    attachment_size_check,
    attachment_type,
)
from civicspace.core.early_warning import EarlyWarningError

PDF = AttachmentType("application/pdf", "pdf")


def zipped(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "extension"),
    [
        (b"%PDF-1.7\n%%EOF\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 32, "jpg"),
        (zipped({"word/document.xml": "<w/>"}), "docx"),
        (zipped({"xl/workbook.xml": "<x/>"}), "xlsx"),
        (zipped({"mimetype": "application/vnd.oasis.opendocument.text"}), "odt"),
    ],
)
def test_accepted_files_are_known_by_their_content(data, extension):
    kind = attachment_type(data)
    assert kind is not None
    assert kind.extension == extension


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        b"MZ\x90\x00" + b"\0" * 60,  # a Windows program
        zipped({"payload.sh": "rm -rf /"}),  # a ZIP that is no office document
        b"PK\x03\x04 not really a zip",
        b"",
    ],
)
def test_anything_else_is_refused(data):
    assert attachment_type(data) is None


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "C:\\Users\\a\\scan.exe", "a\x00b\nc.pdf", ".hidden", "", "x" * 400],
)
def test_a_stored_name_has_no_folders_no_control_characters_and_the_real_extension(name):
    safe = attachment_filename(name, PDF)
    assert safe.endswith(".pdf")
    assert len(safe) <= 104
    assert "/" not in safe
    assert "\\" not in safe
    assert all(c.isprintable() for c in safe)
    assert not safe.startswith(".")


def test_a_name_in_another_script_is_kept_readable():
    assert attachment_filename("Решение суда.PDF", PDF) == "Решение суда.pdf"


LIMITS = AttachmentLimits(file_bytes=100, event_bytes=250, count=3)


@pytest.mark.parametrize(
    ("size", "count", "held", "problem"),
    [
        (0, 0, 0, "empty"),
        (101, 0, 0, "larger than"),
        (10, 3, 30, "at most 3"),
        (100, 2, 200, "would exceed"),
    ],
)
def test_each_limit_is_refused_with_its_own_reason(size, count, held, problem):
    with pytest.raises(EarlyWarningError, match=problem):
        attachment_size_check(size=size, held_count=count, held_bytes=held, limits=LIMITS)
    attachment_size_check(size=50, held_count=2, held_bytes=200, limits=LIMITS)
