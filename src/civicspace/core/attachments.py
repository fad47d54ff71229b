"""Event attachments: which files are accepted (by their content), their limits and safe names."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype  # type: ignore[import-untyped]  # untyped; its guess is a MIME string

from civicspace.core.early_warning import EarlyWarningError
from civicspace.core.messages import _


@dataclass(frozen=True)
class AttachmentType:
    mime: str
    extension: str


# Photos, PDFs and office documents. Nothing a browser would run or render as a page (HTML,
# SVG, scripts) is on the list, whatever its name says.
_SIGNED = {
    "image/jpeg": AttachmentType("image/jpeg", "jpg"),
    "image/png": AttachmentType("image/png", "png"),
    "image/webp": AttachmentType("image/webp", "webp"),
    "image/heic": AttachmentType("image/heic", "heic"),
    "application/pdf": AttachmentType("application/pdf", "pdf"),
}
# Office documents are ZIP archives; the part each one must hold tells them apart.
_OFFICE = (
    (
        "word/document.xml",
        AttachmentType(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
        ),
    ),
    (
        "xl/workbook.xml",
        AttachmentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ),
)
_OPEN_DOCUMENT = {
    "application/vnd.oasis.opendocument.text": AttachmentType(
        "application/vnd.oasis.opendocument.text", "odt"
    ),
    "application/vnd.oasis.opendocument.spreadsheet": AttachmentType(
        "application/vnd.oasis.opendocument.spreadsheet", "ods"
    ),
}
ACCEPTED_EXTENSIONS = tuple(
    t.extension for t in (*_SIGNED.values(), *(t for _, t in _OFFICE), *_OPEN_DOCUMENT.values())
)


def _office_type(data: bytes) -> AttachmentType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            for part, kind in _OFFICE:
                if part in names:
                    return kind
            if "mimetype" in names:
                return _OPEN_DOCUMENT.get(archive.read("mimetype").decode("ascii", "replace"))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def attachment_type(data: bytes) -> AttachmentType | None:
    """The accepted type `data` is, read from its content; None for anything else."""
    guess = filetype.guess_mime(data[:8192])
    if guess in _SIGNED:
        return _SIGNED[guess]
    if guess == "application/zip" or data[:4] == b"PK\x03\x04":
        return _office_type(data)
    return None


_UNSAFE = re.compile(r"[^\w.\- ()]+")


def attachment_filename(name: str, kind: AttachmentType) -> str:
    """A name safe to store and to offer for download: no folders, no control or shell
    characters, at most 100 characters, and the extension of what the file really is."""
    base = unicodedata.normalize("NFKC", name).replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE.sub("_", stem).strip(" ._-")[:100] or "attachment"
    return f"{stem}.{kind.extension}"


@dataclass(frozen=True)
class AttachmentLimits:
    file_bytes: int
    event_bytes: int
    count: int


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:.0f}"


def attachment_size_check(
    *, size: int, held_count: int, held_bytes: int, limits: AttachmentLimits
) -> None:
    """Refuse a file that would break a limit, saying which and what it is."""
    if size == 0:
        raise EarlyWarningError(_("The file is empty."))
    if size > limits.file_bytes:
        raise EarlyWarningError(
            _(
                "The file is larger than %(limit)s MB, the limit for one attachment.",
                limit=_megabytes(limits.file_bytes),
            )
        )
    if held_count + 1 > limits.count:
        raise EarlyWarningError(
            _("An event has at most %(count)s attachments.", count=limits.count)
        )
    if held_bytes + size > limits.event_bytes:
        raise EarlyWarningError(
            _(
                "The event's attachments would exceed %(limit)s MB together.",
                limit=_megabytes(limits.event_bytes),
            )
        )


def attachment_type_check(data: bytes) -> AttachmentType:
    kind = attachment_type(data)
    if kind is None:
        raise EarlyWarningError(
            _(
                "This file is not a photo, PDF or office document (accepted: %(types)s); "
                "its content decides, not its name.",
                types=", ".join(ACCEPTED_EXTENSIONS),
            )
        )
    return kind
