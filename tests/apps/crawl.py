"""A visitor's crawl of the public site: every address reachable by following links from the home
page, for the tests that prove nothing unpublished, restricted or private is reachable."""

import re
from collections import deque
from collections.abc import Callable
from typing import Any

from django.test import Client

PRIVATE = ("/workspace/", "/admin/", "/accounts/", "/static/", "/i18n/")
# Answers whose links are followed: pages, API answers and feeds.
LINKING = ("text/html", "application/json", "application/atom+xml")


def links(response: Any) -> list[str]:
    """Links in a page (href) or in an API answer or feed (absolute URLs on this host)."""
    body = response.content.decode()
    if response["Content-Type"].startswith(("application/json", "application/atom+xml")):
        found = [
            u.removeprefix("http://testserver")
            for u in re.findall(r'"(http://testserver/[^"]*)"', body)
        ]
    else:
        found = [h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"#]*)', body)]
    return [link for link in found if not link.startswith(PRIVATE)]


def body_of(response: Any) -> bytes:
    """A test client's answer, streamed or not (the client's answer type has no public name)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def public_crawl(client: Client, check: Callable[[str, Any], None]) -> set[str]:
    """Fetch every public address reachable from "/", each once, and `check` each answer;
    returns the addresses reached. Every answer must be a 200.

    PDF links are reached but not fetched: a PDF is typeset from its report page, which the crawl
    reads in the same language, and typesetting every report in every language would take the
    crawl minutes (tests/apps/test_report_pdf*.py read PDFs themselves)."""
    seen: set[str] = set()
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        if url.endswith(".pdf"):
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        check(url, response)
        if response["Content-Type"].startswith(LINKING):
            queue.extend(link for link in links(response) if link not in seen)
    return seen
