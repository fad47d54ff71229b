from django.urls import path

from civicspace.publishing import public_views, views

app_name = "publishing"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<str:iso2>/<int:year>/", views.report, name="report"),
    path("<str:iso2>/<int:year>/report.pdf", views.report_pdf_download, name="pdf"),
    path("<str:iso2>/<int:year>/revisions/<int:revision>/", views.report, name="revision"),
    path(
        "<str:iso2>/<int:year>/revisions/<int:revision>/report.pdf",
        views.report_pdf_download,
        name="revision_pdf",
    ),
]

# Under /workspace/: a cycle's draft report, for the readers of that country's drafts.
workspace_urlpatterns = (
    [
        path("<str:iso2>/<int:year>/report/", views.draft_report, name="report"),
        path("<str:iso2>/<int:year>/report.pdf", views.draft_report_pdf, name="pdf"),
    ],
    "drafts",
)

# The public site beyond the reports: country pages, open data, methodology.
countries_urlpatterns = (
    [
        path("", public_views.country_list, name="list"),
        path("compare/", public_views.compare, name="compare"),
        path("<str:iso2>/", public_views.country, name="country"),
    ],
    "countries",
)
open_data_urlpatterns = (
    [
        path("", public_views.data_page, name="page"),
        path("scores.<str:fmt>", public_views.scores_download, name="scores"),
        path("codebook.csv", public_views.codebook_download, name="codebook"),
        path("schema.json", public_views.schema_download, name="schema"),
    ],
    "open_data",
)
