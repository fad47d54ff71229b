"""The sitemap (/sitemap.xml): every public page in every language, with hreflang alternates.

Django's sitemaps framework with `i18n`: each page is listed once per language at its own
address (English bare, /ru/..., /ar/...), each entry naming the others and an x-default.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from civicspace.publishing.open_data import published_record


class PublicPages(Sitemap[tuple[str, tuple[object, ...]]]):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[tuple[str, tuple[object, ...]]]:
        record = published_record()
        pages: list[tuple[str, tuple[object, ...]]] = [
            ("site:home", ()),
            ("countries:list", ()),
            ("countries:compare", ()),
            ("publishing:list", ()),
            ("data_page", ()),
            ("methodology", ()),
            ("api_page", ()),
        ]
        pages += [
            ("countries:country", (iso2,)) for iso2 in sorted({c.iso2 for c in record.cycles})
        ]
        pages += [("publishing:report", (c.iso2, c.year)) for c in record.cycles]
        return pages

    def location(self, item: tuple[str, tuple[object, ...]]) -> str:
        name, args = item
        return reverse(name, args=args)
