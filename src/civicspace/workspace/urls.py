"""The workspace's URLs, under /workspace/, in three namespaces the templates already name."""

from django.urls import path

from civicspace.workspace import (
    attachment_views,
    dashboard_views,
    document_views,
    draft_views,
    event_import_views,
    evidence_views,
    inbox_views,
    monitoring_views,
    review_views,
    scoring_views,
    token_views,
)

# Editorial routes first: "<iso2>/<year>/texts/" must not be read as a principle code.
editorial_urlpatterns = (
    [
        path("<str:iso2>/<int:year>/texts/", review_views.texts_edit, name="texts"),
        path("<str:iso2>/<int:year>/comments/", review_views.comment_post, name="comment"),
        path(
            "<str:iso2>/<int:year>/suggestions/<int:pk>/accept/",
            review_views.suggestion_accept_post,
            name="suggestion-accept",
        ),
        path(
            "<str:iso2>/<int:year>/history/<str:action>/<path:target>/",
            review_views.history,
            name="history",
        ),
        path(
            "<str:iso2>/<int:year>/texts/document/",
            document_views.document_upload,
            name="texts-document",
        ),
    ],
    "editorial",
)

# A cycle's draft report, for the readers of that country's drafts.
drafts_urlpatterns = (
    [
        path("<str:iso2>/<int:year>/report/", draft_views.draft_report, name="report"),
        path("<str:iso2>/<int:year>/report.pdf", draft_views.draft_report_pdf, name="pdf"),
        path("<str:iso2>/<int:year>/report.docx", draft_views.draft_report_docx, name="docx"),
    ],
    "drafts",
)

assessments_urlpatterns = (
    [
        path("", scoring_views.workspace_home, name="home"),
        path("<str:iso2>/<int:year>/", scoring_views.cycle_overview, name="overview"),
        path("<str:iso2>/<int:year>/panel/", scoring_views.panel_edit, name="panel"),
        path("<str:iso2>/<int:year>/move/", scoring_views.cycle_move, name="move"),
        path("<str:iso2>/<int:year>/workbook.xlsx", scoring_views.workbook_get, name="workbook"),
        path(
            "<str:iso2>/<int:year>/workbook/",
            scoring_views.workbook_upload,
            name="workbook-upload",
        ),
        path(
            "<str:iso2>/<int:year>/evidence/<str:code>/",
            evidence_views.dimension_evidence,
            name="evidence",
        ),
        path(
            "<str:iso2>/<int:year>/evidence/<str:code>/cite/",
            evidence_views.evidence_cite,
            name="evidence-cite",
        ),
        path(
            "<str:iso2>/<int:year>/<str:principle>/",
            scoring_views.principle_edit,
            name="principle",
        ),
    ],
    "assessments",
)

# The consortium's dashboard (editors and admins).
desk_urlpatterns = (
    [
        path("desk/", dashboard_views.desk, name="home"),
        path(
            "desk/<str:iso2>/<int:year>/reviewers/",
            dashboard_views.desk_reviewers,
            name="reviewers",
        ),
    ],
    "desk",
)

# The signed-in person's notifications and their preferences.
notifications_urlpatterns = (
    [
        path("inbox/", inbox_views.inbox, name="inbox"),
        path("inbox/read/", inbox_views.inbox_mark_read, name="read"),
        path("inbox/settings/", inbox_views.notification_settings, name="settings"),
        path(
            "inbox/settings/alerts/", inbox_views.alert_subscription_settings, name="alert-settings"
        ),
    ],
    "notifications",
)

# Early warning (issue 15), under /workspace/monitoring/: events and alerts, never public.
monitoring_urlpatterns = (
    [
        path("events/", monitoring_views.events_list, name="events"),
        path("events/new/<str:iso2>/", monitoring_views.event_new, name="event-new"),
        path("events/<int:pk>/", monitoring_views.event_detail, name="event"),
        path("events/<int:pk>/edit/", monitoring_views.event_change, name="event-edit"),
        path("events/<int:pk>/decide/", monitoring_views.event_decide, name="event-decide"),
        path("events/<int:pk>/merge/", monitoring_views.event_merge_into, name="event-merge"),
        path(
            "events/<int:pk>/attachments/",
            attachment_views.attachment_upload,
            name="attachment-upload",
        ),
        path(
            "attachments/<int:pk>/",
            attachment_views.attachment_download,
            name="attachment",
        ),
        path(
            "attachments/<int:pk>/delete/",
            attachment_views.attachment_delete,
            name="attachment-delete",
        ),
        path("events/import/", event_import_views.events_import_page, name="events-import"),
        path("alerts/", monitoring_views.alerts_list, name="alerts"),
        path("alerts/<int:pk>/", monitoring_views.alert_detail, name="alert"),
        path("alerts/<int:pk>/decide/", monitoring_views.alert_decide, name="alert-decide"),
        path("alerts/<int:pk>/referral/", monitoring_views.alert_refer, name="alert-referral"),
        path("token/", token_views.tokens_page, name="tokens"),
    ],
    "monitoring",
)
