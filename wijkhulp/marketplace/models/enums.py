"""Marketplace kinds and statuses, their labels, and the limits of the fields."""

from __future__ import annotations

import enum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum

TITLE_MAX = 100
TITLE_MIN = 5
DESCRIPTION_MAX = 2000
MESSAGE_MAX = 2000
THANKS_MAX = 1000
FIRST_NAME_MAX = 40
TIMING_NOTE_MAX = 100
ASSISTED_NOTE_MAX = 500
CATEGORY_NAME_MAX = 60
MAX_MINUTES = 24 * 60  # hours logged on one match: at most a full day


def enum_type(kind: type[enum.StrEnum], length: int = 20) -> Enum:
    """A column type storing the enum by value (not by member name), as a plain string."""
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class ListingKind(enum.StrEnum):
    REQUEST = "request"  # hulpvraag
    OFFER = "offer"  # hulpaanbod


class ListingStatus(enum.StrEnum):
    OPEN = "open"
    MATCHED = "matched"
    COMPLETED = "completed"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class TimingKind(enum.StrEnum):
    DATE = "date"
    RECURRING = "recurring"
    FLEXIBLE = "flexible"


class PartOfDay(enum.StrEnum):
    ANY = "any"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class Recurrence(enum.StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


class Urgency(enum.StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class ResponseStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class MatchStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


KIND_LABELS: dict[str, Any] = {ListingKind.REQUEST: _l("Request for help"), ListingKind.OFFER: _l("Offer of help")}
KIND_PLURAL: dict[str, Any] = {ListingKind.REQUEST: _l("Requests for help"), ListingKind.OFFER: _l("Offers of help")}
STATUS_LABELS: dict[str, Any] = {
    ListingStatus.OPEN: _l("Open"), ListingStatus.MATCHED: _l("Helper found"),
    ListingStatus.COMPLETED: _l("Done"), ListingStatus.EXPIRED: _l("Offline (expired)"),
    ListingStatus.WITHDRAWN: _l("Withdrawn"),
}
STATUS_BADGES = {ListingStatus.OPEN: "success", ListingStatus.MATCHED: "info", ListingStatus.COMPLETED: "neutral",
                 ListingStatus.EXPIRED: "warning", ListingStatus.WITHDRAWN: "neutral"}
PART_OF_DAY_LABELS: dict[str, Any] = {PartOfDay.ANY: _l("any time of day"), PartOfDay.MORNING: _l("in the morning"),
                                      PartOfDay.AFTERNOON: _l("in the afternoon"),
                                      PartOfDay.EVENING: _l("in the evening")}
RECURRENCE_LABELS: dict[str, Any] = {Recurrence.WEEKLY: _l("Every week"),
                                     Recurrence.FORTNIGHTLY: _l("Every two weeks"),
                                     Recurrence.MONTHLY: _l("Every month")}
URGENCY_LABELS: dict[str, Any] = {Urgency.LOW: _l("No hurry"), Urgency.NORMAL: _l("Within a week"),
                                  Urgency.HIGH: _l("Urgent: within two days")}
RESPONSE_STATUS_LABELS: dict[str, Any] = {
    ResponseStatus.OPEN: _l("Waiting for an answer"), ResponseStatus.ACCEPTED: _l("Accepted"),
    ResponseStatus.DECLINED: _l("Not accepted"), ResponseStatus.WITHDRAWN: _l("Withdrawn"),
}
# One label per state a reaction goes through (Response.state): the thread, my reactions and the owner's list agree.
REACTION_STATE_LABELS: dict[str, Any] = {
    "open": _l("Waiting for an answer"), "accepted": _l("Accepted"),
    "done": _l("Done"), "stopped": _l("Stopped"), "declined": _l("Not accepted"), "withdrawn": _l("Withdrawn"),
}
MATCH_STATUS_LABELS: dict[str, Any] = {MatchStatus.ACTIVE: _l("Matched"), MatchStatus.COMPLETED: _l("Done"),
                                       MatchStatus.CANCELLED: _l("Stopped")}
