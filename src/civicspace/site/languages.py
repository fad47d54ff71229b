"""Which language a request is read in, and the same page's address in the other languages.

Public pages (public_urls.py) have one address per language: English bare (/countries/KZ/),
the others under their code (/ru/countries/KZ/). The address decides, never a cookie or the
browser's Accept-Language, so a shared link and a search engine's crawler see the language it
names. Everything else (workspace, accounts, admin, the API, data files) has one address and
keeps Django's choice by cookie (the language form) or Accept-Language, among the workspace's
languages only (settings.CIVICSPACE_WORKSPACE_LANGUAGES: Arabic is a public-site language).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve, reverse
from django.utils import translation


def _bare(path_info: str) -> str:
    """`path_info` without its language prefix (/ru/countries/ -> /countries/)."""
    language = translation.get_language_from_path(path_info)
    return path_info[len(language) + 1 :] if language else path_info


@lru_cache(maxsize=4096)
def is_public_path(path_info: str) -> bool:
    """Whether `path_info` (with or without a language prefix) is a public page."""
    try:
        resolve(_bare(path_info), urlconf=settings.CIVICSPACE_PUBLIC_URLCONF)
    except Resolver404:
        return False
    return True


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a bare public address is always English (Django
    would make EVERY bare address English once i18n_patterns is used, the workspace too)."""

    def process_request(self, request: HttpRequest) -> None:
        from_path = translation.get_language_from_path(request.path_info)
        if from_path:
            language = from_path
        elif is_public_path(request.path_info):
            language = settings.LANGUAGE_CODE
        else:
            language = translation.get_language_from_request(request)
            if language not in settings.CIVICSPACE_WORKSPACE_LANGUAGES:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language, as settings.LANGUAGES writes it ("Русский")
    path: str  # with the query string, for the language switcher
    url: str  # absolute, without the query string, for hreflang
    current: bool


def alternates(request: HttpRequest) -> list[LanguageLink]:
    """The page `request` shows, in every public language; [] for a page that is not public."""
    match = request.resolver_match
    if match is None or not is_public_path(request.path_info):
        return []
    query = request.META.get("QUERY_STRING", "")
    site = settings.CIVICSPACE_SITE_URL.rstrip("/")
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        links.append(
            LanguageLink(
                code=code,
                name=name,
                path=f"{path}?{query}" if query else path,
                url=site + path,
                current=code == current,
            )
        )
    return links


def language_links(request: HttpRequest) -> dict[str, object]:
    """Template context: `language_links` (public pages: hreflang and the switcher's links) and
    `workspace_languages` (other pages: the language form's choices)."""
    links = alternates(request)
    return {
        "language_links": links,
        "language_default_url": next(
            (x.url for x in links if x.code == settings.LANGUAGE_CODE), ""
        ),
        "workspace_languages": [
            translation.get_language_info(code) for code in settings.CIVICSPACE_WORKSPACE_LANGUAGES
        ],
    }
