"""Models of neighbourhood plans: calls (regelingen), proposals (voorstellen), teams, invitations, supports,
reviews; the pure rules and refusals of the feature.

One module per part; every public name is re-exported here, so `from wijkhulp.proposals.models import X` keeps
working, and importing this package registers every table.
"""

from __future__ import annotations

from wijkhulp.proposals.models.constants import (ABSOLUTE_MIN_TEAM_SIZE, AWAITING_DECISION, CONTENT_KEY,
                                                 CRITERION_MAX, DECIDABLE, EDITABLE, FINISHED, GRANTED, ITEM_MAX,
                                                 MAX_BUDGET_LINES, MAX_CENTS, MAX_CRITERIA, MAX_PENDING_INVITATIONS,
                                                 MAX_TEAM_SIZE, MESSAGE_MAX, NOTE_MAX, REPORTABLE, S, STATUS_BADGES,
                                                 STATUS_LABELS, SUMMARY_MAX, SUPPORTABLE, TEXT_MAX, TITLE_MAX,
                                                 VERDICT_LABELS, WITHDRAWABLE, Decision, EventKind, InvitationStatus,
                                                 ProposalStatus, Verdict, enum_type)
from wijkhulp.proposals.models.calls import Call, CallCriterion, PanelMember, call_neighbourhood
from wijkhulp.proposals.models.plans import Assessment, BudgetLine, Proposal, ProposalEvent, Support
from wijkhulp.proposals.models.team import ShareLink, TeamInvitation, TeamMembership, counts_as_member, token_digest
from wijkhulp.proposals.models.rules import REQUIRED_FIELDS, Problem, add_months, submission_problems
from wijkhulp.proposals.models.refusals import (NOT_VERIFIED_MESSAGE, AlreadyInvited, AlreadyMember, AlreadySupported,
                                                BudgetAboveMaximum, CallNotFound, CallNotOpen, CannotInviteYourself,
                                                CannotSupport, ConflictOfInterest, InvalidCall, InvalidDecision,
                                                InvalidProposal, InvalidReport, InvitationAnswered, InvitationExpired,
                                                InvitationForSomeoneElse, InvitationNotFound, InvitationRevoked,
                                                LeadCannotLeave, NotAReviewer, NotInTeam, NotReadyToSubmit,
                                                NotResident, OnlyLead, OwnPlan, PotExceeded, ProposalLocked,
                                                ProposalNotFound, StatusChanged, TeamBelowMinimum, TeamClosed,
                                                TeamTooSmall, TooManyInvitations)

__all__ = [
    "ABSOLUTE_MIN_TEAM_SIZE", "AWAITING_DECISION", "CONTENT_KEY", "CRITERION_MAX", "DECIDABLE", "EDITABLE",
    "FINISHED", "GRANTED", "ITEM_MAX", "MAX_BUDGET_LINES", "MAX_CENTS", "MAX_CRITERIA", "MAX_PENDING_INVITATIONS",
    "MAX_TEAM_SIZE", "MESSAGE_MAX", "NOTE_MAX", "NOT_VERIFIED_MESSAGE", "REPORTABLE", "REQUIRED_FIELDS", "S",
    "STATUS_BADGES", "STATUS_LABELS", "SUMMARY_MAX", "SUPPORTABLE", "TEXT_MAX", "TITLE_MAX", "VERDICT_LABELS",
    "WITHDRAWABLE", "AlreadyInvited", "AlreadyMember", "AlreadySupported", "Assessment", "BudgetAboveMaximum",
    "BudgetLine", "Call", "CallCriterion", "CallNotFound", "CallNotOpen", "CannotInviteYourself", "CannotSupport",
    "ConflictOfInterest", "Decision", "EventKind", "InvalidCall", "InvalidDecision", "InvalidProposal",
    "InvalidReport", "InvitationAnswered", "InvitationExpired", "InvitationForSomeoneElse", "InvitationNotFound",
    "InvitationRevoked", "InvitationStatus", "LeadCannotLeave", "NotAReviewer", "NotInTeam", "NotReadyToSubmit",
    "NotResident", "OnlyLead", "OwnPlan", "PanelMember", "PotExceeded", "Problem", "Proposal", "ProposalEvent",
    "ProposalLocked", "ProposalNotFound", "ProposalStatus", "ShareLink", "StatusChanged", "Support",
    "TeamBelowMinimum", "TeamClosed", "TeamInvitation", "TeamMembership", "TeamTooSmall", "TooManyInvitations",
    "Verdict", "add_months", "call_neighbourhood", "counts_as_member", "enum_type", "submission_problems",
    "token_digest",
]
