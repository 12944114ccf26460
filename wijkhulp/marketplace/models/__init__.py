"""Marketplace models: categories, listings (requests and offers), reactions with their messages, matches,
thank-you notes, blocks between residents; and the feature's refusals.

One module per part; callers keep using `from wijkhulp.marketplace.models import <name>`. Importing this package
maps every table.
"""

from __future__ import annotations

from wijkhulp.marketplace.models.enums import (ASSISTED_NOTE_MAX, CATEGORY_NAME_MAX, DESCRIPTION_MAX, FIRST_NAME_MAX,
                                               KIND_LABELS, KIND_PLURAL, MATCH_STATUS_LABELS, MAX_MINUTES,
                                               MESSAGE_MAX, PART_OF_DAY_LABELS, RECURRENCE_LABELS,
                                               REACTION_STATE_LABELS, RESPONSE_STATUS_LABELS, STATUS_BADGES, STATUS_LABELS, THANKS_MAX,
                                               TIMING_NOTE_MAX, TITLE_MAX, TITLE_MIN, URGENCY_LABELS, ListingKind,
                                               ListingStatus, MatchStatus, PartOfDay, Recurrence, ResponseStatus,
                                               TimingKind, Urgency, enum_type)
from wijkhulp.marketplace.models.listings import Category, Listing
from wijkhulp.marketplace.models.people import HelperInvitation, UserBlock
from wijkhulp.marketplace.models.refusals import (AlreadyMatched, AlreadyResponded, Blocked, CannotBlockSelf,
                                                  CannotRenew, CategoryNotFound, DuplicateCategory, DuplicateListing,
                                                  InvalidCategoryName, InvalidHours, InvalidListing, InvalidMessage,
                                                  InvalidRadius, InvalidThanks, ListingClosed, ListingGone,
                                                  ListingNotFound,
                                                  MatchNotActive, NotEditable, NotOwner, OutsideManagerArea,
                                                  OwnListing, PersonNotFound, ResponseClosed, ResponseNotFound,
                                                  ThreadClosed, UnknownCategory)
from wijkhulp.marketplace.models.threads import Match, Message, Response, ThankYou

__all__ = [
    "ASSISTED_NOTE_MAX", "CATEGORY_NAME_MAX", "DESCRIPTION_MAX", "FIRST_NAME_MAX", "KIND_LABELS", "KIND_PLURAL",
    "MATCH_STATUS_LABELS", "MAX_MINUTES", "MESSAGE_MAX", "PART_OF_DAY_LABELS", "RECURRENCE_LABELS",
    "REACTION_STATE_LABELS", "RESPONSE_STATUS_LABELS", "STATUS_BADGES", "STATUS_LABELS", "THANKS_MAX", "TIMING_NOTE_MAX", "TITLE_MAX",
    "TITLE_MIN", "URGENCY_LABELS",
    "AlreadyMatched", "AlreadyResponded", "Blocked", "CannotBlockSelf", "CannotRenew", "Category", "CategoryNotFound",
    "DuplicateCategory", "DuplicateListing", "HelperInvitation", "InvalidCategoryName", "InvalidHours", "InvalidListing", "InvalidMessage",
    "InvalidRadius", "InvalidThanks", "Listing", "ListingClosed", "ListingGone", "ListingKind", "ListingNotFound",
    "ListingStatus",
    "Match", "MatchNotActive", "MatchStatus", "Message", "NotEditable", "NotOwner", "OutsideManagerArea",
    "OwnListing", "PartOfDay", "PersonNotFound", "Recurrence", "Response", "ResponseClosed", "ResponseNotFound",
    "ResponseStatus", "ThankYou", "ThreadClosed", "TimingKind", "UnknownCategory", "Urgency", "UserBlock",
    "enum_type",
]
