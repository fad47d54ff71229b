"""Report PDFs and Word files as HTTP answers, for the public site and the workspace alike."""

from __future__ import annotations

from django.http import HttpResponse

from civicspace.publishing.docx_export import DOCX_CONTENT_TYPE


def pdf_name(iso2: str, year: int, suffix: str) -> str:
    """The file name a report's PDF downloads as, e.g. civicspace-KZ-2024-r1.pdf."""
    return f"civicspace-{iso2.upper()}-{year}-{suffix}.pdf"


def pdf_response(pdf: bytes, filename: str, *, private: bool) -> HttpResponse:
    """A PDF shown in the browser; a `private` one (a draft) is never cached or indexed."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def docx_name(iso2: str, year: int, suffix: str) -> str:
    """The file name a report's Word file downloads as, e.g. civicspace-KZ-2024-r1.docx."""
    return f"civicspace-{iso2.upper()}-{year}-{suffix}.docx"


def docx_response(docx: bytes, filename: str, *, private: bool) -> HttpResponse:
    """A Word file to download; a `private` one (a draft) is never cached or indexed."""
    response = HttpResponse(docx, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response
