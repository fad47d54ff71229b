"""The public site's URLs, each part under its own namespace."""

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from civicspace.site import (
    alert_pages,
    country_pages,
    data_pages,
    report_pages,
    subscription_pages,
    views,
)

app_name = "site"
urlpatterns = [path("", views.home, name="home")]


def _document_urlpatterns(extension: str, view: Callable[..., HttpResponse]) -> list[URLPattern]:
    """A report's document (`report.pdf`, `report.docx`), the latest and each revision, named
    after its extension (`pdf`, `revision_pdf`): listed in the page's language and at one
    address."""
    return [
        path(f"<str:iso2>/<int:year>/report.{extension}", view, name=extension),
        path(
            f"<str:iso2>/<int:year>/revisions/<int:revision>/report.{extension}",
            view,
            name=f"revision_{extension}",
        ),
    ]


_pdf_urlpatterns = _document_urlpatterns("pdf", report_pages.report_pdf_download)
_docx_urlpatterns = _document_urlpatterns("docx", report_pages.report_docx_download)

# Under /reports/: every published report's page, with its earlier revisions (once per language).
reports_urlpatterns = (
    [
        path("", report_pages.report_list, name="list"),
        path("<str:iso2>/<int:year>/", report_pages.report, name="report"),
        path(
            "<str:iso2>/<int:year>/revisions/<int:revision>/", report_pages.report, name="revision"
        ),
        # The PDF in the page's language (/ar/reports/KZ/2025/report.pdf); the bare address is
        # the English one, the same file as report_files:pdf below.
        *_pdf_urlpatterns,
        # The Word file likewise (/ru/reports/KZ/2025/report.docx); the bare address is English.
        *_docx_urlpatterns,
    ],
    "publishing",
)
# Also under /reports/: the English PDFs and the Word files, one address in every language (the
# files API clients and the open data link to); a reader's page links the PDF in its language.
report_files_urlpatterns = (
    [
        *_pdf_urlpatterns,
        *_docx_urlpatterns,
    ],
    "report_files",
)

countries_urlpatterns = (
    [
        path("", country_pages.country_list, name="list"),
        path("compare/", country_pages.compare, name="compare"),
        path("<str:iso2>/", country_pages.country, name="country"),
    ],
    "countries",
)
# Under /data/: the open-data FILES, one address in every language (the page describing them is
# public_urls.py's "data_page", which has one per language).
open_data_urlpatterns = (
    [
        path("scores.<str:fmt>", data_pages.scores_download, name="scores"),
        path("codebook.csv", data_pages.codebook_download, name="codebook"),
        path("schema.json", data_pages.schema_download, name="schema"),
        path("<str:table>.<str:fmt>", data_pages.early_warning_download, name="early_warning"),
    ],
    "open_data",
)

# Under /alerts/subscribe/: alerts by e-mail for anyone, with double opt-in and unsubscribe.
subscription_urlpatterns = (
    [
        path("", subscription_pages.subscribe, name="subscribe"),
        path("confirm/<str:token>/", subscription_pages.confirm, name="confirm"),
        path("stop/<str:token>/", subscription_pages.unsubscribe, name="unsubscribe"),
    ],
    "alert_subscriptions",
)

# Under /alerts/: public alerts and public verified events (monitoring.public_selectors), and the
# alerts' Atom feed, of every country or of one.
alerts_urlpatterns = (
    [
        path("", alert_pages.alert_list, name="list"),
        path("feed.atom", alert_pages.feed, name="feed"),
        path("<int:pk>/", alert_pages.alert, name="alert"),
        path("events/<int:pk>/", alert_pages.event, name="event"),
        path("<str:iso2>/feed.atom", alert_pages.country_feed, name="country_feed"),
    ],
    "alerts",
)
