"""The site's URLs: the unprefixed ones, then the public pages once per language."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from civicspace.publishing.api import api
from civicspace.site.sitemaps import PublicPages
from civicspace.site.throttle import ThrottledPasswordResetView
from civicspace.site.urls import open_data_urlpatterns, report_files_urlpatterns
from civicspace.workspace.urls import (
    assessments_urlpatterns,
    desk_urlpatterns,
    drafts_urlpatterns,
    editorial_urlpatterns,
    monitoring_urlpatterns,
    notifications_urlpatterns,
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path(  # before Django's own, which it limits
        "accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"
    ),
    path("accounts/two-factor/", include("civicspace.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Editorial routes first: "<iso2>/<year>/texts/" must not be read as a principle code.
    path("workspace/", include(editorial_urlpatterns)),
    path("workspace/", include(drafts_urlpatterns)),
    path("workspace/", include(desk_urlpatterns)),
    path("workspace/", include(notifications_urlpatterns)),
    path("workspace/monitoring/", include(monitoring_urlpatterns)),
    path("workspace/", include(assessments_urlpatterns)),
    # Data files and the JSON API: the same bytes in every language, so one address each.
    path("data/", include(open_data_urlpatterns)),
    path("reports/", include(report_files_urlpatterns)),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicPages}}, name="sitemap"),
]
# Public pages (public_urls.py; new public pages go there): English at /countries/KZ/, Russian at
# /ru/countries/KZ/, Arabic at /ar/countries/KZ/. docs/translation.md says more.
urlpatterns += i18n_patterns(
    path("", include("civicspace.public_urls")), prefix_default_language=False
)
