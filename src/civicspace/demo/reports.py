"""Demo report texts and publication, through the ordinary text and workflow services.

Each demo country has a demo Network Member account and the consortium a demo editor; both have
unusable passwords (nobody signs in as them). They write, review and publish the demo cycles so
that the public pages, the audit trail and the snapshots look as they would in real use.
"""

from __future__ import annotations

from collections import defaultdict
from importlib import resources
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from civicspace.accounts.models import Role
from civicspace.assessments.models import Cycle
from civicspace.editorial.selectors import cycle_sources, text_keys
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save

EDITOR = "demo-editor"


def report_texts() -> dict[str, Any]:
    """Principle summaries and recommendations written for the demo (report_texts.yaml)."""
    folder = resources.files("civicspace.demo")
    loaded: dict[str, Any] = yaml.safe_load(folder.joinpath("report_texts.yaml").read_text("utf-8"))
    return loaded


def principle_one_analyses() -> dict[str, dict[str, str]]:
    """The demo countries' analyses of Principle 1's dimensions (principle_one.yaml)."""
    folder = resources.files("civicspace.demo")
    loaded: dict[str, dict[str, str]] = yaml.safe_load(
        folder.joinpath("principle_one.yaml").read_text("utf-8")
    )
    return loaded


def _user(username: str) -> AbstractBaseUser:
    user_model: Any = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username)
        user.set_unusable_password()
        user.save()
    return user  # type: ignore[no-any-return]


def demo_member(cycle: Cycle) -> AbstractBaseUser:
    user = _user(f"demo-member-{cycle.country.iso2.lower()}")
    Role.objects.get_or_create(user=user, kind=Role.Kind.MEMBER, country=cycle.country)
    return user


def demo_editor() -> AbstractBaseUser:
    user = _user(EDITOR)
    Role.objects.get_or_create(user=user, kind=Role.Kind.EDITOR, country=None)
    return user


def demo_texts_save(
    *, cycle: Cycle, narrative: dict[str, Any], written: dict[str, Any] | None
) -> None:
    """The country context, each dimension's analysis (for Principle 1 the country's text in
    principle_one.yaml; otherwise the justification, citing its sources as [^n]), and, where
    written, the principle summaries and recommendations."""
    citations: dict[str, list[int]] = defaultdict(list)
    for number, source in enumerate(cycle_sources(cycle=cycle), start=1):
        citations[source.score.dimension].append(number)
    texts = {"context": narrative["context"].strip()}
    texts.update(
        {code: text.strip() for code, text in principle_one_analyses()[cycle.country.iso2].items()}
    )
    for code, entry in narrative["dimensions"].items():
        cited = "".join(f"[^{n}]" for n in citations[code])
        texts[code] = f"{entry['justification'].strip()} {cited}".strip()
    if written:
        texts.update({code: text.strip() for code, text in written["summaries"].items()})
        audiences = [key for key in text_keys(cycle=cycle) if key.startswith("rec/")]
        texts.update(
            {
                key: text.strip()
                for key, text in zip(audiences, written["recommendations"], strict=True)
            }
        )
    texts_save(
        cycle=cycle,
        entries={key: TextEntry(text=text, version=0) for key, text in texts.items()},
        by=demo_member(cycle),
    )


def demo_publish(*, cycle: Cycle) -> None:
    """Submit as the country's demo member, then review, approve and publish as the editor."""
    member, editor = demo_member(cycle), demo_editor()
    cycle = cycle_transition(cycle=cycle, action="submit", by=member)
    for action in ("start_review", "approve", "publish"):
        cycle = cycle_transition(cycle=cycle, action=action, by=editor)
