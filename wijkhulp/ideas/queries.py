"""Reads for the ideas auction: rounds, ideas with coverage, pledges, results. Hidden ideas are left out here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, not_, select
from sqlalchemy.orm import selectinload

from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas.models import (ACTIVE_PLEDGE, Approval, AuctionRound, Idea, IdeaNotFound, Need, NeedNotFound,
                                   Outcome, Pledge, PledgeNotFound, PledgeStatus, RoundNotFound, RoundStatus, Unit)
from wijkhulp.neighbourhoods.models import NeighbourhoodArea
from wijkhulp.organisations.models import Organisation


def _idea_load() -> tuple[Any, ...]:
    """An idea with its needs, their pledges and partners: four queries for any number of ideas."""
    return (selectinload(Idea.needs).selectinload(Need.pledges).selectinload(Pledge.organisation),
            selectinload(Idea.needs).selectinload(Need.pledges).selectinload(Pledge.user),
            selectinload(Idea.author), selectinload(Idea.neighbourhood))


# ---------------------------------------------------------------- rounds

def get_round(round_id: int) -> AuctionRound:
    """Any round, also a draft (check permissions). Raises RoundNotFound."""
    auction_round = db.session.get(AuctionRound, round_id)
    if auction_round is None:
        raise RoundNotFound()
    return auction_round


@dataclass
class PublicRounds:
    accepting: list[AuctionRound] = field(default_factory=list)
    upcoming: list[AuctionRound] = field(default_factory=list)
    closed: list[AuctionRound] = field(default_factory=list)


def public_rounds(now: datetime | None = None) -> PublicRounds:
    """Published rounds: open now, opening later, closed (newest first)."""
    now = now or utcnow()
    rounds = db.session.scalars(
        select(AuctionRound).options(selectinload(AuctionRound.neighbourhoods))
        .where(AuctionRound.status != RoundStatus.DRAFT).order_by(AuctionRound.closes_at.desc()))
    result = PublicRounds()
    for auction_round in rounds:
        if auction_round.is_closed(now):
            result.closed.append(auction_round)
        elif auction_round.is_upcoming(now):
            result.upcoming.append(auction_round)
        else:
            result.accepting.append(auction_round)
    result.accepting.sort(key=lambda r: r.closes_at)
    result.upcoming.sort(key=lambda r: r.opens_at)
    return result


def all_rounds() -> list[AuctionRound]:
    """For managers: every round, drafts too, newest first."""
    return list(db.session.scalars(
        select(AuctionRound).options(selectinload(AuctionRound.neighbourhoods))
        .order_by(AuctionRound.created_at.desc(), AuctionRound.id.desc())))


def draft_rounds() -> list[AuctionRound]:
    return list(db.session.scalars(
        select(AuctionRound).options(selectinload(AuctionRound.neighbourhoods))
        .where(AuctionRound.status == RoundStatus.DRAFT).order_by(AuctionRound.created_at.desc())))


def idea_counts() -> dict[int, int]:
    """Round id -> number of ideas (hidden ones too: this is for managers)."""
    rows = db.session.execute(select(Idea.round_id, func.count()).group_by(Idea.round_id))
    return {round_id: count for round_id, count in rows}


def due_round_ids(now: datetime) -> list[int]:
    """Open rounds whose closing time has passed (the index on status, closes_at serves this)."""
    return list(db.session.scalars(
        select(AuctionRound.id).where(AuctionRound.status == RoundStatus.OPEN, AuctionRound.closes_at <= now)
        .order_by(AuctionRound.id)))


# ---------------------------------------------------------------- ideas

def get_idea(idea_id: int) -> Idea:
    """Any idea with its needs and pledges, also hidden or waiting (check can_view_idea). Raises IdeaNotFound."""
    idea = db.session.scalar(select(Idea).options(*_idea_load()).where(Idea.id == idea_id))
    if idea is None:
        raise IdeaNotFound()
    return idea


def public_ideas(auction_round: AuctionRound) -> list[Idea]:
    """Approved, visible ideas of a round, oldest first (the order of the auction evening)."""
    return list(db.session.scalars(
        select(Idea).options(*_idea_load())
        .where(Idea.round_id == auction_round.id, Idea.approval == Approval.APPROVED, Idea.hidden_at.is_(None))
        .order_by(Idea.created_at, Idea.id)))


def ideas_awaiting_approval(auction_round: AuctionRound) -> list[Idea]:
    return list(db.session.scalars(
        select(Idea).options(selectinload(Idea.author), selectinload(Idea.needs))
        .where(Idea.round_id == auction_round.id, Idea.approval == Approval.PENDING, Idea.hidden_at.is_(None))
        .order_by(Idea.created_at, Idea.id)))


def ideas_awaiting_approval_in(pc4s: frozenset[str] | None) -> list[Idea]:
    """For the managers' queue: ideas waiting for approval in open rounds, in these PC4 areas (None: all)."""
    query = (select(Idea).join(AuctionRound).options(selectinload(Idea.round), selectinload(Idea.neighbourhood))
             .where(Idea.approval == Approval.PENDING, Idea.hidden_at.is_(None),
                    AuctionRound.status != RoundStatus.CLOSED,
                    not_(and_(AuctionRound.status == RoundStatus.OPEN, AuctionRound.closes_at <= utcnow())))
             .order_by(Idea.created_at, Idea.id).limit(50))
    if pc4s is not None:
        query = query.where(Idea.neighbourhood_id.in_(
            select(NeighbourhoodArea.neighbourhood_id).where(NeighbourhoodArea.pc4.in_(sorted(pc4s)))))
    return list(db.session.scalars(query))


def own_ideas_in(auction_round: AuctionRound, user: Any) -> list[Idea]:
    """The person's ideas in this round that others cannot see yet (waiting or not approved)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        select(Idea).where(Idea.round_id == auction_round.id, Idea.author_id == user.id,
                           Idea.approval != Approval.APPROVED, Idea.hidden_at.is_(None))
        .order_by(Idea.created_at)))


def ideas_of(user: Any) -> list[Idea]:
    """Ideas the person submitted (not hidden), newest first."""
    return list(db.session.scalars(
        select(Idea).options(selectinload(Idea.round), *_idea_load())
        .where(Idea.author_id == user.id, Idea.hidden_at.is_(None), Idea.entered_for.is_(None))
        .order_by(Idea.created_at.desc())))


def get_need(idea: Idea, need_id: int) -> Need:
    need = next((n for n in idea.needs if n.id == need_id), None)
    if need is None:
        raise NeedNotFound()
    return need


# ---------------------------------------------------------------- pledges

def get_pledge(pledge_id: int) -> Pledge:
    """Raises PledgeNotFound."""
    pledge = db.session.get(Pledge, pledge_id)
    if pledge is None:
        raise PledgeNotFound()
    return pledge


def pledges_by(user: Any) -> list[Pledge]:
    """Pledges the person made as a resident or for an organisation, on ideas that are not hidden."""
    return list(db.session.scalars(
        select(Pledge).join(Need).join(Idea)
        .options(selectinload(Pledge.need).selectinload(Need.idea).selectinload(Idea.round),
                 selectinload(Pledge.organisation))
        .where(Pledge.user_id == user.id, Pledge.guest_name.is_(None), Idea.hidden_at.is_(None))
        .order_by(Pledge.updated_at.desc())))


def pledges_of_organisation(organisation: Organisation) -> list[Pledge]:
    """What the organisation pledged (active), on public ideas of published rounds: for its public page."""
    return list(db.session.scalars(
        select(Pledge).join(Need).join(Idea).join(AuctionRound)
        .options(selectinload(Pledge.need).selectinload(Need.idea).selectinload(Idea.round))
        .where(Pledge.organisation_id == organisation.id, Pledge.status.in_(ACTIVE_PLEDGE),
               Idea.approval == Approval.APPROVED, Idea.hidden_at.is_(None),
               AuctionRound.status != RoundStatus.DRAFT)
        .order_by(Pledge.created_at.desc())))


def recent_pledges(ideas: Sequence[Idea], limit: int = 8) -> list[Pledge]:
    """The newest active pledges on these ideas (already loaded), for the auction evening."""
    pledges = [p for idea in ideas for need in idea.needs for p in need.pledges if p.is_active]
    return sorted(pledges, key=lambda p: (p.updated_at, p.id), reverse=True)[:limit]


# ---------------------------------------------------------------- results of a round

@dataclass
class PartnerResult:
    name: str
    organisation_id: int | None
    pledges: list[Pledge] = field(default_factory=list)
    value_cents: int = 0


@dataclass
class RoundResults:
    ideas: list[Idea]
    counts: dict[Outcome, int]
    partners: list[PartnerResult]
    total_value_cents: int
    accepted_count: int
    undecided_count: int
    totals_by_unit: dict[Unit, int]


def estimated_value_cents(pledge: Pledge) -> int:
    if pledge.estimated_value_cents is not None:
        return pledge.estimated_value_cents
    return pledge.amount * 100 if pledge.need.unit == Unit.EURO else 0


def round_results(auction_round: AuctionRound) -> RoundResults:
    """Ideas and their outcome, accepted pledges per partner, and the total estimated value (the figure a
    municipality reports after an ideas auction)."""
    ideas = public_ideas(auction_round)
    counts = {outcome: 0 for outcome in Outcome}
    partners: dict[str, PartnerResult] = {}
    total = accepted = undecided = 0
    by_unit = {unit: 0 for unit in Unit}
    for idea in ideas:
        outcome = idea.outcome or idea.compute_outcome()
        counts[outcome] += 1
        for need in idea.needs:
            for pledge in need.pledges:
                if pledge.status == PledgeStatus.OFFERED:
                    undecided += 1
                if pledge.status != PledgeStatus.ACCEPTED:
                    continue
                accepted += 1
                value = estimated_value_cents(pledge)
                total += value
                by_unit[need.unit] += pledge.amount
                partner = partners.setdefault(pledge.partner_key, PartnerResult(
                    name=pledge.partner_name, organisation_id=pledge.organisation_id))
                partner.pledges.append(pledge)
                partner.value_cents += value
    ordered = sorted(partners.values(), key=lambda p: (-p.value_cents, -len(p.pledges), p.name.casefold()))
    return RoundResults(ideas=ideas, counts=counts, partners=ordered, total_value_cents=total,
                        accepted_count=accepted, undecided_count=undecided, totals_by_unit=by_unit)
