"""The site's URLs."""

from django.contrib import admin
from django.urls import include, path

from civicspace.publishing.api import api
from civicspace.site.data_pages import api_page, methodology
from civicspace.site.throttle import ThrottledPasswordResetView
from civicspace.site.urls import (
    alerts_urlpatterns,
    countries_urlpatterns,
    open_data_urlpatterns,
    reports_urlpatterns,
    subscription_urlpatterns,
)
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
    path("alerts/subscribe/", include(subscription_urlpatterns)),  # before any "alerts/"
    path("reports/", include(reports_urlpatterns)),
    path("countries/", include(countries_urlpatterns)),
    path("data/", include(open_data_urlpatterns)),
    path("alerts/", include(alerts_urlpatterns)),
    path("methodology/", methodology, name="methodology"),
    path("api/", api_page, name="api_page"),
    path("api/v1/", api.urls),
    path("", include("civicspace.site.urls")),
]
