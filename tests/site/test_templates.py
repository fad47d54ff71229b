"""Every template stays readable and script-free: short lines, no inline scripts or handlers."""

import re
from pathlib import Path

import civicspace

SOURCES = Path(civicspace.__file__).parent
LONGEST_LINE = 120


# An opening HTML tag; a `{% ... %}` inside it may hold `>`, so template tags are skipped whole.
TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9-]*(?:\{%.*?%\}|\{\{.*?\}\}|[^>])*>", re.DOTALL)
SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.DOTALL)
SOURCE_ATTRIBUTE = re.compile(r"\ssrc\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def _templates() -> list[Path]:
    found = sorted(p.relative_to(SOURCES) for p in SOURCES.rglob("*.html"))
    assert found, f"no templates found under {SOURCES}"
    return found


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def test_no_template_line_is_longer_than_120_characters():
    too_long = [
        f"{path}:{number} ({len(line)} characters)"
        for path in _templates()
        for number, line in enumerate((SOURCES / path).read_text("utf-8").splitlines(), 1)
        if len(line) > LONGEST_LINE
    ]
    assert not too_long, f"template lines over {LONGEST_LINE} characters:\n" + "\n".join(too_long)


def test_templates_load_scripts_from_files_and_set_no_event_handlers():
    found = []
    for path in _templates():
        text = (SOURCES / path).read_text("utf-8")
        for script in SCRIPT.finditer(text):
            if not SOURCE_ATTRIBUTE.search(script["attributes"]) or script["body"].strip():
                where = f"{path}:{_line_of(text, script.start())}"
                found.append(f"{where}: inline <script> (load a static file with src= instead)")
        for tag in TAG.finditer(text):
            if handler := EVENT_HANDLER.search(tag.group()):
                where = f"{path}:{_line_of(text, tag.start())}"
                found.append(f"{where}: inline event handler {handler.group().strip()}")
    assert not found, "scripts belong in static files:\n" + "\n".join(found)
