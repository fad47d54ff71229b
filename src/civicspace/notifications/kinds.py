"""What a notification is about, how it may be delivered, and how each kind reads."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SUBMITTED = "submitted", _("A report is submitted for review")
    REVIEW_REQUESTED = "review-requested", _("You are asked to review a report")
    REVIEW_STARTED = "review-started", _("The review of a report starts")
    COMMENT = "comment", _("A review comment or answer")
    CHANGES_REQUESTED = "changes-requested", _("Changes are requested")
    APPROVED = "approved", _("A report is approved")
    PUBLISHED = "published", _("A report is published")
    CORRECTION_OPENED = "correction-opened", _("A correction is opened")
    CORRECTION_PUBLISHED = "correction-published", _("A correction is published")
    DEADLINE = "deadline", _("A deadline approaches")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail immediately")
    DIGEST = "digest", _("Daily digest")
    INBOX = "inbox", _("Inbox only")
    OFF = "off", _("Off")


# Without a choice of their own, people are e-mailed at once: review moves on deadlines.
DEFAULT_DELIVERY = Delivery.IMMEDIATE

# One sentence per kind; %(actor)s is a person's account name (never a panelist: panelists are
# not users), %(cycle)s "Kazakhstan 2025", %(section)s a report section's heading.
HEADLINES = {
    Kind.SUBMITTED: _("%(actor)s submitted the %(cycle)s report for review."),
    Kind.REVIEW_REQUESTED: _("You are asked to review the %(cycle)s report."),
    Kind.REVIEW_STARTED: _("%(actor)s started the review of the %(cycle)s report."),
    Kind.COMMENT: _("%(actor)s commented on “%(section)s” in the %(cycle)s report."),
    Kind.CHANGES_REQUESTED: _("%(actor)s asked for changes to the %(cycle)s report."),
    Kind.APPROVED: _("%(actor)s approved the %(cycle)s report."),
    Kind.PUBLISHED: _("%(actor)s published the %(cycle)s report."),
    Kind.CORRECTION_OPENED: _("%(actor)s opened a correction of the %(cycle)s report."),
    Kind.CORRECTION_PUBLISHED: _("%(actor)s published a correction of the %(cycle)s report."),
    Kind.DEADLINE: _("The %(milestone)s of the %(cycle)s report is due on %(due)s."),
}
REPLY_HEADLINE = _("%(actor)s answered a comment on “%(section)s” in the %(cycle)s report.")
