"""Tables, rules and refusals of the ideas auction; import them from here (wijkhulp.ideas.models)."""

from __future__ import annotations

from wijkhulp.ideas.models.auction import AuctionRound, Idea, Need, Pledge, round_neighbourhood
from wijkhulp.ideas.models.refusals import (AmountOutOfRange, FollowUpNotPossible, IdeaNotFound, IdeaNotOpenForPledges,
                                            InvalidIdea, InvalidNeed, InvalidPledge, InvalidRound, NeedNotFound,
                                            NeedOverAccepted, NeedsLocked, NotTheOwner, PledgeNotActive, PledgeNotFound,
                                            RoundClosed,
                                            RoundNotClosed, RoundNotDraft, RoundNotFound, RoundNotOpen, UnknownPartner)
from wijkhulp.ideas.models.rules import NeedInput, guest_key, organisation_key, outcome_of, resident_key
from wijkhulp.ideas.models.vocabulary import (ACTIVE_PLEDGE, ALLOWED_UNITS, APPROVAL_LABELS, GUEST_NAME_MAX_LENGTH,
                                              MAX_ESTIMATED_VALUE_CENTS, MAX_NEEDS, MAX_QUANTITY, NAME_MAX_LENGTH,
                                              NEED_DESCRIPTION_MAX_LENGTH, NEED_TYPE_LABELS, OUTCOME_LABELS,
                                              PLEDGE_STATUS_LABELS, PLEDGE_TEXT_MAX_LENGTH, REALISED_LABELS,
                                              ROUND_STATUS_LABELS, SHORT_TEXT_MAX_LENGTH, TABLE_NAME_MAX_LENGTH,
                                              TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, UNIT_LABELS, Approval, NeedType,
                                              Outcome, PledgeStatus, Realised, RoundStatus, Unit, format_amount,
                                              format_coverage)

__all__ = [
    "ACTIVE_PLEDGE", "ALLOWED_UNITS", "APPROVAL_LABELS", "AmountOutOfRange", "Approval", "AuctionRound",
    "FollowUpNotPossible", "GUEST_NAME_MAX_LENGTH", "Idea", "IdeaNotFound", "IdeaNotOpenForPledges", "InvalidIdea",
    "InvalidNeed", "InvalidPledge", "InvalidRound", "MAX_ESTIMATED_VALUE_CENTS", "MAX_NEEDS", "MAX_QUANTITY",
    "NAME_MAX_LENGTH", "NEED_DESCRIPTION_MAX_LENGTH", "NEED_TYPE_LABELS", "Need", "NeedInput", "NeedNotFound",
    "NeedOverAccepted",
    "NeedType", "NeedsLocked", "NotTheOwner", "OUTCOME_LABELS", "Outcome", "PLEDGE_STATUS_LABELS",
    "PLEDGE_TEXT_MAX_LENGTH", "Pledge", "PledgeNotActive", "PledgeNotFound", "PledgeStatus", "REALISED_LABELS",
    "ROUND_STATUS_LABELS", "Realised", "RoundClosed", "RoundNotClosed", "RoundNotDraft", "RoundNotFound",
    "RoundNotOpen", "RoundStatus", "SHORT_TEXT_MAX_LENGTH", "TABLE_NAME_MAX_LENGTH", "TEXT_MAX_LENGTH",
    "TITLE_MAX_LENGTH", "UNIT_LABELS", "Unit", "UnknownPartner", "format_amount", "format_coverage", "guest_key",
    "organisation_key", "outcome_of", "resident_key", "round_neighbourhood",
]
