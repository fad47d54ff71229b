"""What an audit event records: the kinds of change, stored as codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    SCORE = "score", _("score")
    TEXT = "text", _("report text")
    PANEL = "panel", _("panel")
    PANELIST = "panelist", _("panelist")
    PANELIST_SCORES = "panelist-scores", _("panelists' scores")
    COMMENT = "comment", _("review comment")
    COMMENT_RESOLVED = "comment-resolved", _("review comment resolved")
    STATE = "state", _("review state")
    SCHEDULE = "schedule", _("due dates")
    REVIEWERS = "reviewers", _("reviewers")
    SUGGESTION = "suggestion", _("suggested edit")
    SUGGESTION_ACCEPTED = "suggestion-accepted", _("suggested edit accepted")
    EVENT = "event", _("early-warning event")
    ALERT = "alert", _("early-warning alert")
    TOKEN = "token", _("API token")
    # Administration (the admin): people, their access and the programme's countries.
    ROLE = "role", _("role")
    ACCOUNT = "account", _("account")
    GROUP = "group", _("group of permissions")
    SECOND_FACTOR = "second-factor", _("second factor")
    SIGN_IN_LOCK = "sign-in-lock", _("sign-in lock")
    REGION = "region", _("region")
    COUNTRY = "country", _("country")
    COUNTRY_ALIAS = "country-alias", _("country name")
    NETWORK_MEMBER = "network-member", _("Network Member")


def action_label(code: str) -> str:
    """An action's name in the reader's language; an unknown code (none is written: the trail
    refuses it) is shown as stored."""
    return str(AuditAction(code).label) if code in AuditAction.values else code


# Actions that change what a report says; their authors cannot approve it.
CONTENT_ACTIONS = (
    AuditAction.SCORE,
    AuditAction.PANEL,
    AuditAction.PANELIST,
    AuditAction.PANELIST_SCORES,
    AuditAction.TEXT,
)


# Changes to who may do what, and to the list of countries: they belong to no cycle (a member's
# role, a country's Network Member name their country in the data), so the trail takes them
# without one.
ADMINISTRATION_ACTIONS = (
    AuditAction.ROLE,
    AuditAction.ACCOUNT,
    AuditAction.GROUP,
    AuditAction.SECOND_FACTOR,
    AuditAction.SIGN_IN_LOCK,
    AuditAction.REGION,
    AuditAction.COUNTRY,
    AuditAction.COUNTRY_ALIAS,
    AuditAction.NETWORK_MEMBER,
)
