"""What the public-site browser tests share: a page's address per language, and axe's verdict."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page


def public(language: str, path: str) -> str:
    """A public page's address in a language: the address decides it (English has no prefix)."""
    return path if language == "en" else f"/{language}{path}"


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands, one line each."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
