"""Models layer: the limits, statuses, kinds and labels of the feature, and the column type of its enums."""

from __future__ import annotations

import enum
from typing import Any

from flask_babel import lazy_gettext as _l

from wijkhulp.extensions import db

ABSOLUTE_MIN_TEAM_SIZE = 3  # DESIGN.md: "at least 3 people"; a call can ask for more, never for fewer
MAX_TEAM_SIZE = 50
MAX_CENTS = 100_000_000_00  # one hundred million euro: a typing error, not a budget
TITLE_MAX = 120
SUMMARY_MAX = 1000
TEXT_MAX = 4000
ITEM_MAX = 200
CRITERION_MAX = 300
MAX_CRITERIA = 20
MAX_BUDGET_LINES = 20
MAX_PENDING_INVITATIONS = 20  # e-mail invitations waiting per plan: the site is no mass mailer
NOTE_MAX = 1000
MESSAGE_MAX = 4000
CONTENT_KEY = "proposal"  # the plans' key with moderation (content.py) and in the audit log


def enum_type(kind: type[enum.StrEnum], length: int = 20) -> Any:
    """A status column stored as its value in a VARCHAR (no native enum)."""
    return db.Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


S = ProposalStatus
EDITABLE = frozenset({S.DRAFT, S.CHANGES_REQUESTED})  # the team may change the plan, and may (re)submit it
DECIDABLE = frozenset({S.SUBMITTED, S.IN_REVIEW})  # a reviewer may assess and decide
AWAITING_DECISION = frozenset({S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED})  # the "team too small" flag applies
WITHDRAWABLE = frozenset({S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED})  # "at any time before approval"
GRANTED = frozenset({S.APPROVED, S.IN_PROGRESS, S.COMPLETED})
REPORTABLE = frozenset({S.APPROVED, S.IN_PROGRESS})
FINISHED = frozenset({S.REJECTED, S.WITHDRAWN, S.COMPLETED})  # the team no longer changes
SUPPORTABLE = frozenset({S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.IN_PROGRESS, S.COMPLETED})

STATUS_LABELS: dict[ProposalStatus, Any] = {
    S.DRAFT: _l("Draft: not sent yet"),
    S.SUBMITTED: _l("Sent: waiting for assessment"),
    S.IN_REVIEW: _l("Being assessed"),
    S.CHANGES_REQUESTED: _l("Changes asked"),
    S.APPROVED: _l("Approved"),
    S.REJECTED: _l("Not approved"),
    S.IN_PROGRESS: _l("Being carried out"),
    S.COMPLETED: _l("Completed"),
    S.WITHDRAWN: _l("Withdrawn"),
}
STATUS_BADGES = {
    S.DRAFT: "neutral", S.SUBMITTED: "info", S.IN_REVIEW: "info", S.CHANGES_REQUESTED: "warning",
    S.APPROVED: "success", S.REJECTED: "danger", S.IN_PROGRESS: "success", S.COMPLETED: "success",
    S.WITHDRAWN: "neutral",
}


class InvitationStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVOKED = "revoked"


class Verdict(enum.StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


VERDICT_LABELS: dict[Verdict, Any] = {Verdict.YES: _l("Yes"), Verdict.PARTLY: _l("Partly"), Verdict.NO: _l("No")}


class Decision(enum.StrEnum):
    APPROVE = "approve"
    CHANGES = "changes"
    REJECT = "reject"


class EventKind(enum.StrEnum):
    CREATED = "created"
    SUBMITTED = "submitted"
    RESUBMITTED = "resubmitted"
    ASSESSED = "assessed"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    STARTED = "started"
    COMPLETED = "completed"
    MEMBER_JOINED = "member_joined"
    MEMBER_LEFT = "member_left"
    LEAD_CHANGED = "lead_changed"
    BELOW_MINIMUM = "below_minimum"
    TEAM_WHOLE = "team_whole"
    REPORT_REMINDER = "report_reminder"
