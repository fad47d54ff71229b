"""The admin's own name, in the reader's language (its pages are otherwise Django's)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_title = _("civicspace administration")
admin.site.site_header = _("civicspace administration")
