"""Who may do what with calls and plans. Managers act on the calls of their own neighbourhoods (a call counts as
theirs when every neighbourhood of the call is assigned to them: its one pot serves all of them); admins everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wijkhulp.accounts.permissions import can_manage, can_post, is_signed_in
from wijkhulp.neighbourhoods import queries as neighbourhoods
from wijkhulp.proposals.models import (DECIDABLE, EDITABLE, FINISHED, REPORTABLE, SUPPORTABLE, WITHDRAWABLE, Call,
                                       InvitationStatus, Proposal, ProposalStatus)


Scope = frozenset[int] | None  # neighbourhood ids; None: everywhere


def manager_scope(user: Any) -> Scope:
    """The neighbourhoods where `user` acts as a manager: None for admins (everywhere), the assigned ones for
    community managers, none for everyone else."""
    return neighbourhoods.manager_scope(user).neighbourhood_ids if can_manage(user) else frozenset()


def in_scope(scope: Scope, neighbourhood_ids: Iterable[int]) -> bool:
    """Whether all of these neighbourhoods lie in the scope. An empty set only for admins."""
    ids = set(neighbourhood_ids)
    return scope is None or (bool(ids) and ids <= scope)


def call_in_scope(scope: Scope, call: Call) -> bool:
    return in_scope(scope, (n.id for n in call.neighbourhoods))


def can_manage_calls(user: Any) -> bool:
    """Create calls (in their own neighbourhoods) and open the manager's overview."""
    return can_manage(user)


def can_manage_call(user: Any, call: Call) -> bool:
    """Change a call, its checklist and its panel, see its drafts, and assess its plans: admins, and managers to
    whom every neighbourhood of the call is assigned."""
    return can_manage(user) and call_in_scope(manager_scope(user), call)


def is_panel_member(user: Any, call: Call) -> bool:
    return is_signed_in(user) and any(member.user_id == user.id for member in call.panel)


def can_review_call(user: Any, call: Call) -> bool:
    """Assess and decide on the call's plans: its managers, and the residents on its panel."""
    if can_manage_call(user, call):
        return True
    return can_post(user) and is_panel_member(user, call)


def can_review(user: Any, proposal: Proposal) -> bool:
    """A reviewer of the call who is not in the plan's own team."""
    return can_review_call(user, proposal.call) and not proposal.is_member(user)


def is_team_member(user: Any, proposal: Proposal) -> bool:
    return is_signed_in(user) and proposal.is_member(user)


def is_lead(user: Any, proposal: Proposal) -> bool:
    return is_signed_in(user) and proposal.lead_id == user.id


def is_invited(user: Any, proposal: Proposal) -> bool:
    """An invitation without an answer, sent to this account or to its confirmed address."""
    if not is_signed_in(user):
        return False
    email = (user.email or "").lower()
    return any(i.status == InvitationStatus.PENDING and (
        i.invitee_id == user.id or (i.invitee_id is None and user.is_verified and i.email == email))
        for i in proposal.invitations)


def can_view(user: Any, proposal: Proposal) -> bool:
    """Sent plans are public (unless moderation hid them); drafts and hidden plans only for the team, the people
    invited to it and the managers (not for the panel: residents see a neighbour's plan once it is sent)."""
    if proposal.is_public and not proposal.is_hidden:
        return True
    return is_team_member(user, proposal) or can_manage_call(user, proposal.call) or is_invited(user, proposal)


def can_start_proposal(user: Any) -> bool:
    return can_post(user)


def can_edit(user: Any, proposal: Proposal) -> bool:
    return can_post(user) and proposal.is_member(user) and proposal.status in EDITABLE


def can_manage_team(user: Any, proposal: Proposal) -> bool:
    """Invite, send again, switch off links, hand over the lead."""
    return can_post(user) and is_lead(user, proposal) and proposal.status not in FINISHED


def can_submit(user: Any, proposal: Proposal) -> bool:
    return can_post(user) and is_lead(user, proposal) and proposal.status in EDITABLE


def can_withdraw(user: Any, proposal: Proposal) -> bool:
    return can_post(user) and is_lead(user, proposal) and proposal.status in WITHDRAWABLE


def can_leave(user: Any, proposal: Proposal) -> bool:
    return is_team_member(user, proposal) and not is_lead(user, proposal) and proposal.status not in FINISHED


def can_assess(user: Any, proposal: Proposal) -> bool:
    return can_review(user, proposal) and proposal.status in DECIDABLE


def can_report(user: Any, proposal: Proposal) -> bool:
    """Say that the work has started, and report when it is done: any team member."""
    return can_post(user) and proposal.is_member(user) and proposal.status in REPORTABLE


def can_support(user: Any, proposal: Proposal) -> bool:
    return (can_post(user) and proposal.status in SUPPORTABLE and not proposal.is_hidden
            and not proposal.is_member(user))


def shows_support_button(user: Any, proposal: Proposal) -> bool:
    """Visitors see the button too: pressing it leads them to sign in."""
    return proposal.status in SUPPORTABLE and not (is_signed_in(user) and proposal.is_member(user))


def sees_private_team_details(user: Any, proposal: Proposal) -> bool:
    """Pending invitations (with addresses) are for the lead; names of people who were asked, for the team."""
    return is_team_member(user, proposal) or can_manage_call(user, proposal.call)


def is_draft(proposal: Proposal) -> bool:
    return proposal.status == ProposalStatus.DRAFT
