"""Personal data of the proposals feature: the data download (export_user_data) and account deletion
(erase_user_data, flush only)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select

from wijkhulp.extensions import db
from wijkhulp.proposals import queries
from wijkhulp.proposals.models import (FINISHED, WITHDRAWABLE, Assessment, EventKind, PanelMember, ProposalStatus,
                                       Support, TeamInvitation, TeamMembership, counts_as_member)
from wijkhulp.proposals.services import workflow
from wijkhulp.proposals.services.workflow import (EVENT_TEAM, close_invitations, lock, log, refresh_team_flag,
                                                  tell)

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User

S = ProposalStatus


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def export_user_data(user: User) -> dict[str, Any]:
    """Plans and teams, invitations, supports, panels and assessments of this person, as JSON-ready data."""
    memberships = db.session.scalars(select(TeamMembership).where(TeamMembership.user_id == user.id))
    invitations = db.session.scalars(select(TeamInvitation).where(
        or_(TeamInvitation.invitee_id == user.id, TeamInvitation.email == (user.email or "").lower())))
    supports = db.session.scalars(select(Support).where(Support.user_id == user.id))
    panels = db.session.scalars(select(PanelMember).where(PanelMember.user_id == user.id))
    assessments = db.session.scalars(select(Assessment).where(Assessment.reviewer_id == user.id))
    return {
        "teams": [{"plan": m.proposal.title, "plan_id": m.proposal_id, "lead": m.proposal.lead_id == user.id,
                   "joined_at": _iso(m.joined_at)} for m in memberships],
        "invitations": [{"plan_id": i.proposal_id, "email": i.email, "status": i.status.value,
                         "sent_at": _iso(i.created_at), "answered_at": _iso(i.responded_at)} for i in invitations],
        "supports": [{"plan_id": s.proposal_id, "at": _iso(s.created_at)} for s in supports],
        "panels": [{"call_id": p.call_id, "appointed_at": _iso(p.appointed_at)} for p in panels],
        "assessments": [{"plan_id": a.proposal_id, "point": a.criterion.text, "verdict": a.verdict.value,
                         "note": a.note} for a in assessments],
    }


def erase_user_data(user: User) -> None:
    """Account deletion: the person leaves the team of every plan that is still running (a finished plan keeps
    its team as history, shown as "a former resident"). A lead hands the lead to the member who joined first; a
    lead without other members withdraws a plan that was not yet decided about. A plan that falls below the
    minimum is flagged. Supports (still counted), assessments and history entries stay, shown as "a former
    resident". Invitations to the person's address and their panel seats are removed. Flush only."""
    memberships = list(db.session.scalars(select(TeamMembership).where(TeamMembership.user_id == user.id)))
    for membership in memberships:
        proposal = lock(membership.proposal_id)
        if proposal.status in FINISHED:
            continue  # a finished plan's team is history: it keeps "a former resident"
        if proposal.lead_id == user.id:
            others = [m for m in queries.members(proposal) if m.user_id != user.id and counts_as_member(m.user)]
            if others:
                proposal.lead_id = others[0].user_id
                log(proposal, EventKind.LEAD_CHANGED, others[0].user)
                tell([others[0].user], EVENT_TEAM, _l(
                    "You are now the lead of the team of “%(title)s”, because the previous lead deleted their "
                    "account.", title=proposal.title), workflow.team_path(proposal.id))
            elif proposal.status in WITHDRAWABLE:
                proposal.status = S.WITHDRAWN
                close_invitations(proposal)
                log(proposal, EventKind.WITHDRAWN, user)
        proposal.memberships.remove(membership)
        log(proposal, EventKind.MEMBER_LEFT, user)
        if proposal.lead_id != user.id:
            tell([proposal.lead], EVENT_TEAM, _l("A member has left the team of “%(title)s”.", title=proposal.title),
                 workflow.team_path(proposal.id))
        refresh_team_flag(proposal, None)
    db.session.execute(delete(TeamInvitation).where(
        or_(TeamInvitation.invitee_id == user.id, TeamInvitation.email == (user.email or "").lower()))
        .execution_options(synchronize_session="fetch"))
    db.session.execute(delete(PanelMember).where(PanelMember.user_id == user.id)
                       .execution_options(synchronize_session="fetch"))
    db.session.flush()
