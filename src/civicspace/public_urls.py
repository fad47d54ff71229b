"""The public site's pages: the group urls.py serves once per language.

English at the bare address (/countries/KZ/), every other public language under its code
(/ru/countries/KZ/, /ar/countries/KZ/): urls.py wraps this list in Django's `i18n_patterns`
with `prefix_default_language=False`, so a page can be shared in the language it was read in.
A new public page goes HERE (not in urls.py); a route whose answer does not depend on the
language (a data file, the JSON API, the workspace) goes in urls.py, unprefixed.
The language middleware (site/languages.py) resolves bare paths against this module to tell a
public page (English) from a workspace one (the reader's chosen language).
"""

from django.urls import include, path

from civicspace.site.data_pages import api_page, data_page, methodology
from civicspace.site.urls import (
    alerts_urlpatterns,
    countries_urlpatterns,
    reports_urlpatterns,
    subscription_urlpatterns,
)

urlpatterns = [
    path("alerts/subscribe/", include(subscription_urlpatterns)),  # before any "alerts/"
    path("alerts/", include(alerts_urlpatterns)),
    path("reports/", include(reports_urlpatterns)),
    path("countries/", include(countries_urlpatterns)),
    path("data/", data_page, name="data_page"),
    path("methodology/", methodology, name="methodology"),
    path("api/", api_page, name="api_page"),
    path("", include("civicspace.site.urls")),
]
