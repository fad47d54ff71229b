"""The site's URLs."""

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from civicspace.publishing.api import api
from civicspace.site.data_pages import api_page, methodology
from civicspace.site.throttle import ThrottledPasswordResetView
from civicspace.site.urls import countries_urlpatterns, open_data_urlpatterns, reports_urlpatterns
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
    # No CSRF token on the language form: a page with one differs for each visitor and could
    # not be baked (site/bake.py); a forged choice of language harms no one.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Editorial routes first: "<iso2>/<year>/texts/" must not be read as a principle code.
    path("workspace/", include(editorial_urlpatterns)),
    path("workspace/", include(drafts_urlpatterns)),
    path("workspace/", include(desk_urlpatterns)),
    path("workspace/", include(notifications_urlpatterns)),
    path("workspace/monitoring/", include(monitoring_urlpatterns)),
    path("workspace/", include(assessments_urlpatterns)),
    path("reports/", include(reports_urlpatterns)),
    path("countries/", include(countries_urlpatterns)),
    path("data/", include(open_data_urlpatterns)),
    path("methodology/", methodology, name="methodology"),
    path("api/", api_page, name="api_page"),
    path("api/v1/", api.urls),
    path("", include("civicspace.site.urls")),
]
