"""Who may do what in the ideas auction. Managers act only in rounds whose neighbourhoods are all assigned to
them (`can_manage_round`); admins everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from wijkhulp.accounts.permissions import can_manage, can_post, is_signed_in
from wijkhulp.ideas.models import RoundStatus
from wijkhulp.neighbourhoods.queries import manager_scope
from wijkhulp.organisations.permissions import can_act_for

if TYPE_CHECKING:
    from wijkhulp.ideas.models import AuctionRound, Idea, Pledge
    from wijkhulp.organisations.models import Organisation


def can_create_round(user: Any) -> bool:
    """Open the form for a new round (which neighbourhoods it may have: `can_plan_round_in`)."""
    return can_manage(user)


def can_plan_round_in(user: Any, neighbourhood_ids: Iterable[int]) -> bool:
    """A round for these neighbourhoods: admins, and managers to whom every one of them is assigned."""
    return can_manage(user) and manager_scope(user).covers_neighbourhoods(neighbourhood_ids)


def can_manage_round(user: Any, auction_round: AuctionRound) -> bool:
    """Edit, publish, close, delete, approve ideas, run the auction evening: admins, and managers to whom every
    neighbourhood of the round is assigned."""
    return can_plan_round_in(user, auction_round.neighbourhood_ids())


def can_enter_for_table(user: Any, auction_round: AuctionRound) -> bool:
    """Enter an idea on behalf of a neighbourhood table (wijktafel)."""
    return can_manage_round(user, auction_round)


def is_author(user: Any, idea: Idea) -> bool:
    return is_signed_in(user) and idea.author_id == user.id


def can_view_idea(user: Any, idea: Idea) -> bool:
    """Public ideas: everyone. Waiting or not approved: the author and managers. Hidden: managers."""
    if idea.round.status == RoundStatus.DRAFT and not can_manage_round(user, idea.round):
        return False
    if idea.is_public:
        return True
    if can_manage_round(user, idea.round):
        return True
    return idea.hidden_at is None and is_author(user, idea)


def can_edit_idea(user: Any, idea: Idea) -> bool:
    return (is_author(user, idea) and can_post(user)) or can_manage_round(user, idea.round)


def can_review_idea(user: Any, idea: Idea) -> bool:
    return can_manage_round(user, idea.round)


def can_decide_pledges(user: Any, idea: Idea) -> bool:
    """Accept or decline pledges after closing: the idea's owner or a manager."""
    return (is_author(user, idea) and can_post(user)) or can_manage_round(user, idea.round)


def can_pledge_for(user: Any, organisation: Organisation) -> bool:
    return can_act_for(user, organisation)


def can_change_pledge(user: Any, pledge: Pledge) -> bool:
    """Change or withdraw: the resident who pledged, a member for the organisation, or a manager."""
    if can_manage_round(user, pledge.need.idea.round):
        return True
    if pledge.organisation is not None:
        return can_act_for(user, pledge.organisation)
    return pledge.guest_name is None and can_post(user) and pledge.user_id == user.id


def can_record_pledges(user: Any, auction_round: AuctionRound) -> bool:
    """Record a pledge made aloud at an auction evening, on behalf of a partner."""
    return can_manage_round(user, auction_round)


def can_answer_followup(user: Any, idea: Idea) -> bool:
    return (is_author(user, idea) and can_post(user)) or can_manage_round(user, idea.round)
