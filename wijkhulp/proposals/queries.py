"""Reads for the plan pages: calls, public plans, teams, invitations, supports, reviews and budgets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from wijkhulp.accounts.models import Role, User
from wijkhulp.extensions import db
from wijkhulp.neighbourhoods.models import ManagerAssignment
from wijkhulp.proposals import permissions
from wijkhulp.proposals.models import (DECIDABLE, GRANTED, REPORTABLE, Assessment, Call, CallNotFound,
                                       InvitationStatus, PanelMember, Proposal, ProposalNotFound, ProposalStatus,
                                       ShareLink, Support, TeamInvitation, TeamMembership, token_digest)


# ---------------------------------------------------------------- calls

def get_call(call_id: int) -> Call:
    """Raises CallNotFound."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise CallNotFound()
    return call


def all_calls() -> list[Call]:
    """Newest first: for the manager's overview and the public list."""
    return list(db.session.scalars(
        select(Call).options(selectinload(Call.neighbourhoods)).order_by(Call.closes_at.desc(), Call.id.desc())))


@dataclass(frozen=True)
class CallGroups:
    open: list[Call]
    upcoming: list[Call]
    closed: list[Call]


def calls_by_phase(now: datetime) -> CallGroups:
    calls = all_calls()
    return CallGroups(open=sorted((c for c in calls if c.is_open(now)), key=lambda c: c.closes_at),
                      upcoming=sorted((c for c in calls if not c.has_opened(now)), key=lambda c: c.opens_at),
                      closed=[c for c in calls if now >= c.closes_at])


def manageable_calls(user: Any) -> list[Call]:
    """The calls this manager may manage (admins: all), newest first."""
    scope = permissions.manager_scope(user)
    if scope is not None and not scope:
        return []
    return [c for c in all_calls() if permissions.call_in_scope(scope, c)]


def panel_members(call: Call) -> list[PanelMember]:
    return sorted(call.panel, key=lambda m: (m.user.public_name.casefold(), m.user_id))


# ---------------------------------------------------------------- plans

def get_proposal(proposal_id: int) -> Proposal:
    """Any plan, also a draft: for services and checks. Raises ProposalNotFound."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        raise ProposalNotFound()
    return proposal


def visible_proposal(user: Any, proposal_id: int) -> Proposal:
    """The plan if this person may see it; ProposalNotFound otherwise (a draft is not revealed as existing)."""
    proposal = get_proposal(proposal_id)
    if not permissions.can_view(user, proposal):
        raise ProposalNotFound()
    return proposal


def _public() -> Any:
    return (Proposal.submitted_at.is_not(None), Proposal.status != ProposalStatus.DRAFT, Proposal.hidden_at.is_(None))


def public_proposals(*, call_id: int | None = None, limit: int | None = None) -> list[Proposal]:
    query = select(Proposal).where(*_public()).order_by(Proposal.submitted_at.desc(), Proposal.id.desc())
    if call_id is not None:
        query = query.where(Proposal.call_id == call_id)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query.options(selectinload(Proposal.call))))


def proposals_of(user: Any) -> list[Proposal]:
    """The plans this person is in the team of, newest first."""
    if not permissions.is_signed_in(user):
        return []
    return list(db.session.scalars(
        select(Proposal).join(TeamMembership).where(TeamMembership.user_id == user.id)
        .order_by(Proposal.updated_at.desc(), Proposal.id.desc())))


def proposals_to_review(user: Any) -> list[Proposal]:
    """Sent plans this person may assess (oldest first: first come, first served): in the calls they manage, and in
    the calls whose panel they are on; never their own team's plans."""
    if not permissions.is_signed_in(user):
        return []
    query = select(Proposal).where(Proposal.status.in_(DECIDABLE), Proposal.hidden_at.is_(None))
    scope = permissions.manager_scope(user)
    if scope is not None:  # not an admin: the calls they manage, and the calls whose panel they are on
        managed = [c.id for c in manageable_calls(user)] if scope else []
        panels = select(PanelMember.call_id).where(PanelMember.user_id == user.id)
        query = query.where(or_(Proposal.call_id.in_(managed), Proposal.call_id.in_(panels)))
    own = select(TeamMembership.proposal_id).where(TeamMembership.user_id == user.id)
    candidates = db.session.scalars(query.where(Proposal.id.not_in(own)).order_by(Proposal.submitted_at,
                                                                                   Proposal.id))
    return [p for p in candidates if permissions.can_review(user, p)]


def call_proposals_for_manager(call: Call) -> list[Proposal]:
    """Every plan in the call, drafts included (no texts of drafts are shown, only that they exist)."""
    return list(db.session.scalars(select(Proposal).where(Proposal.call_id == call.id)
                                   .order_by(Proposal.status, Proposal.id)))


# ---------------------------------------------------------------- teams

def confirmed_count(proposal_id: int) -> int:
    """Team members who count: verified, not blocked, not deleted. Read inside the caller's transaction."""
    return db.session.scalar(
        select(func.count()).select_from(TeamMembership).join(User, User.id == TeamMembership.user_id)
        .where(TeamMembership.proposal_id == proposal_id, User.email_verified_at.is_not(None),
               User.deleted_at.is_(None), User.blocked_at.is_(None))) or 0


def members(proposal: Proposal) -> list[TeamMembership]:
    """The lead first, then the others in the order they joined."""
    return sorted(proposal.memberships, key=lambda m: (m.user_id != proposal.lead_id, m.joined_at, m.id))


def pending_invitations(proposal: Proposal) -> list[TeamInvitation]:
    """Invitations without an answer, expired ones included (the lead can send those again)."""
    return [i for i in proposal.invitations if i.status == InvitationStatus.PENDING]


def active_share_link(proposal: Proposal, now: datetime) -> ShareLink | None:
    usable = [link for link in proposal.share_links if link.is_usable(now)]
    return max(usable, key=lambda link: link.created_at) if usable else None


def invitation_by_token(token: str) -> TeamInvitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(TeamInvitation).where(TeamInvitation.token_digest == token_digest(token)))


def share_link_by_token(token: str) -> ShareLink | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(ShareLink).where(ShareLink.token == token))


def invitations_for(user: Any, now: datetime) -> list[TeamInvitation]:
    """Invitations waiting for this person: sent to their account, or to their confirmed e-mail address."""
    if not permissions.is_signed_in(user):
        return []
    mine = TeamInvitation.invitee_id == user.id
    if user.is_verified:
        mine = or_(mine, (TeamInvitation.invitee_id.is_(None)) & (TeamInvitation.email == user.email.lower()))
    return list(db.session.scalars(
        select(TeamInvitation).where(mine, TeamInvitation.status == InvitationStatus.PENDING,
                                     TeamInvitation.expires_at > now)
        .order_by(TeamInvitation.created_at.desc())))


# ---------------------------------------------------------------- supports

def _team_support() -> Any:
    return select(TeamMembership.id).where(TeamMembership.proposal_id == Support.proposal_id,
                                           TeamMembership.user_id == Support.user_id).exists()


def support_counts(proposal_ids: Iterable[int]) -> dict[int, int]:
    """Public support counts; supports by the plan's own team members do not count."""
    ids = list(proposal_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Support.proposal_id, func.count()).where(
        Support.proposal_id.in_(ids), ~_team_support()).group_by(Support.proposal_id))
    counts = {pid: 0 for pid in ids}
    counts.update({pid: int(n) for pid, n in rows})
    return counts


def support_count(proposal: Proposal) -> int:
    return support_counts([proposal.id])[proposal.id]


def has_supported(user: Any, proposal: Proposal) -> bool:
    if not permissions.is_signed_in(user):
        return False
    return db.session.scalar(select(Support.id).where(Support.proposal_id == proposal.id,
                                                      Support.user_id == user.id)) is not None


# ---------------------------------------------------------------- reviews

def reviewers_for_call(call: Call) -> list[User]:
    """Who hears about a newly sent plan: the community managers of the call (every neighbourhood of the call is
    assigned to them) and the call's panel. When no manager looks after all of the call's neighbourhoods, the
    admins are told instead."""
    ids = {n.id for n in call.neighbourhoods}
    active = (User.deleted_at.is_(None), User.blocked_at.is_(None))
    managers: list[User] = []
    if ids:
        covering = (select(ManagerAssignment.user_id)
                    .where(ManagerAssignment.neighbourhood_id.in_(sorted(ids)))
                    .group_by(ManagerAssignment.user_id)
                    .having(func.count(ManagerAssignment.neighbourhood_id) == len(ids)))
        managers = list(db.session.scalars(select(User).where(
            User.id.in_(covering), User.role == Role.MANAGER, *active).order_by(User.id)))
    if not managers:
        managers = list(db.session.scalars(select(User).where(User.role == Role.ADMIN, *active).order_by(User.id)))
    people = {u.id: u for u in managers}
    for member in call.panel:
        if member.user.deleted_at is None and member.user.blocked_at is None:
            people.setdefault(member.user_id, member.user)
    return list(people.values())


def assessments_by_criterion(proposal: Proposal) -> dict[int, list[Assessment]]:
    grouped: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in sorted(proposal.assessments, key=lambda a: (a.updated_at, a.id)):
        grouped[assessment.criterion_id].append(assessment)
    return dict(grouped)


def assessments_by(user: Any, proposal: Proposal) -> dict[int, Assessment]:
    if not permissions.is_signed_in(user):
        return {}
    return {a.criterion_id: a for a in proposal.assessments if a.reviewer_id == user.id}


# ---------------------------------------------------------------- budgets and reminders

@dataclass(frozen=True)
class BudgetRow:
    proposal: Proposal
    requested_cents: int
    granted_cents: int | None
    spent_cents: int | None


@dataclass(frozen=True)
class BudgetOverview:
    call: Call
    pot_cents: int
    granted_cents: int
    remaining_cents: int
    waiting_cents: int  # asked by plans that still wait for a decision
    spent_cents: int
    rows: list[BudgetRow]


def budget_overview(call: Call) -> BudgetOverview:
    """Pot, granted, remaining and each public plan's amounts; the pot figures come from the call row itself."""
    proposals = public_proposals(call_id=call.id)
    rows = [BudgetRow(p, p.requested_cents, p.granted_cents, p.spent_cents) for p in proposals]
    return BudgetOverview(
        call=call, pot_cents=call.pot_cents, granted_cents=call.granted_cents, remaining_cents=call.remaining_cents,
        waiting_cents=sum(p.requested_cents for p in proposals if p.status in DECIDABLE),
        spent_cents=sum(p.spent_cents or 0 for p in proposals if p.status in GRANTED),
        rows=rows)


def reports_due(today: date) -> list[int]:
    """Ids of approved plans whose report is due and whose team has not been reminded yet."""
    return list(db.session.scalars(select(Proposal.id).where(
        Proposal.status.in_(REPORTABLE), Proposal.report_due_on.is_not(None), Proposal.report_due_on <= today,
        Proposal.report_reminded_at.is_(None)).order_by(Proposal.id)))
