"""The ideas auction's figures for the dashboard and the impact page (FIGURES, declared in the manifest).

Scope: an idea belongs to the PC4 areas of its neighbourhood; with a set of PC4 areas, an idea counts when its
neighbourhood has at least one of them. Outcomes, coverage and value are about the rounds that closed in the period
(their public ideas, as the owners have decided so far); submitted ideas by when they were submitted; realised
ideas by when the owner said so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from wijkhulp import metrics
from wijkhulp.registry.metrics import Figure
from wijkhulp.extensions import db
from wijkhulp.ideas.models import (Approval, AuctionRound, Idea, Need, Outcome, Pledge, PledgeStatus, Realised,
                                   RoundStatus, Unit)
from wijkhulp.neighbourhoods.models import NeighbourhoodArea

SECTION = _l("Ideas auction")


def _in_scope(stmt: Any, pc4s: metrics.Scope) -> Any:
    """Ideas whose neighbourhood has one of these PC4 areas (None: everywhere)."""
    if pc4s is None:
        return stmt
    return stmt.where(Idea.neighbourhood_id.in_(
        select(NeighbourhoodArea.neighbourhood_id).where(NeighbourhoodArea.pc4.in_(sorted(pc4s)))))


def _closed_in(stmt: Any, pc4s: metrics.Scope, start: datetime, end: datetime) -> Any:
    """Public ideas of the rounds that closed in [start, end)."""
    stmt = stmt.join(AuctionRound, Idea.round_id == AuctionRound.id).where(
        AuctionRound.status == RoundStatus.CLOSED, AuctionRound.closed_at >= start, AuctionRound.closed_at < end,
        Idea.approval == Approval.APPROVED, Idea.hidden_at.is_(None))
    return _in_scope(stmt, pc4s)


def ideas_submitted(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    """Ideas submitted in the period (also those waiting for approval); hidden ones are left out."""
    stmt = select(func.count()).select_from(Idea).where(Idea.created_at >= start, Idea.created_at < end,
                                                        Idea.hidden_at.is_(None))
    return db.session.scalar(_in_scope(stmt, pc4s)) or 0


def outcomes(pc4s: metrics.Scope, start: datetime, end: datetime) -> dict[Outcome, int]:
    """Ideas of the rounds that closed in the period, per outcome (an idea without one counts as not matched)."""
    stmt = _closed_in(select(Idea.outcome, func.count()).select_from(Idea), pc4s, start, end).group_by(Idea.outcome)
    counts = {outcome: 0 for outcome in Outcome}
    for outcome, number in db.session.execute(stmt):
        counts[Outcome(outcome) if outcome else Outcome.NOT_MATCHED] += int(number)
    return counts


def ideas_matched(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    return outcomes(pc4s, start, end)[Outcome.MATCHED]


def ideas_partly_matched(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    return outcomes(pc4s, start, end)[Outcome.PARTLY_MATCHED]


def ideas_not_matched(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    return outcomes(pc4s, start, end)[Outcome.NOT_MATCHED]


def pledge_coverage(pc4s: metrics.Scope, start: datetime, end: datetime) -> metrics.Measure | None:
    """The share (percent) of the needs of those ideas that accepted pledges cover completely. Its basis is the
    number of ideas, so a handful of ideas shows as "<5" in exports and public figures. None without needs."""
    accepted = (select(Pledge.need_id, func.sum(Pledge.amount).label("amount"))
                .where(Pledge.status == PledgeStatus.ACCEPTED).group_by(Pledge.need_id).subquery())
    stmt = _closed_in(select(Idea.id, Need.quantity, func.coalesce(accepted.c.amount, 0))
                      .select_from(Need).join(Idea, Need.idea_id == Idea.id)
                      .outerjoin(accepted, accepted.c.need_id == Need.id), pc4s, start, end)
    rows = db.session.execute(stmt).all()
    if not rows:
        return None
    covered = sum(1 for _, needed, amount in rows if int(amount) >= needed)
    return metrics.Measure(value=round(100 * covered / len(rows), 1), basis=len({idea_id for idea_id, *_ in rows}))


def accepted_value(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    """The estimated value (cents) of the accepted pledges on those ideas: money counts as itself, other pledges
    by the value the partner estimated (0 when they gave none)."""
    value = func.coalesce(Pledge.estimated_value_cents,
                          case((Need.unit == Unit.EURO, Pledge.amount * 100), else_=0))
    stmt = _closed_in(select(func.coalesce(func.sum(value), 0)).select_from(Pledge)
                      .join(Need, Pledge.need_id == Need.id).join(Idea, Need.idea_id == Idea.id)
                      .where(Pledge.status == PledgeStatus.ACCEPTED), pc4s, start, end)
    return int(db.session.scalar(stmt) or 0)


def ideas_realised(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    """Ideas whose owner told us in the period that they were carried out."""
    stmt = select(func.count()).select_from(Idea).where(
        Idea.realised == Realised.YES, Idea.realised_at >= start, Idea.realised_at < end,
        Idea.approval == Approval.APPROVED, Idea.hidden_at.is_(None))
    return db.session.scalar(_in_scope(stmt, pc4s)) or 0


CLOSED_NOTE = _l("Ideas in rounds of the ideas auction that closed in this period, as decided so far.")


FIGURES = (
    Figure("ideas_submitted", label=_l("Ideas submitted"), compute=ideas_submitted, section=SECTION,
        order=300, description=_l("Ideas for the ideas auction submitted in this period.")),
    Figure("ideas_matched", label=_l("Ideas matched"), compute=ideas_matched, section=SECTION,
        order=310, description=_l("Everything the idea needs is covered by accepted pledges. "
        "Ideas in rounds that closed in this period.")),
    Figure("ideas_partly_matched", label=_l("Ideas partly matched"), compute=ideas_partly_matched,
        section=SECTION, order=320, description=CLOSED_NOTE),
    Figure("ideas_not_matched", label=_l("Ideas not matched"), compute=ideas_not_matched,
        section=SECTION, order=330, description=CLOSED_NOTE),
    Figure("idea_pledge_coverage", label=_l("Needs covered by pledges"), compute=pledge_coverage,
        unit="percent", section=SECTION, order=340,
        description=_l("The share of the needs of ideas in rounds that closed in this period that "
        "accepted pledges cover completely.")),
    Figure("idea_pledges_value", label=_l("Value of accepted pledges"), compute=accepted_value,
        unit="euro_cents", section=SECTION, order=350,
        description=_l("Money pledged plus the value partners estimated for time, materials, "
        "space and know-how. Rounds that closed in this period.")),
    Figure("ideas_realised", label=_l("Ideas carried out"), compute=ideas_realised, section=SECTION,
        order=360, public=True,
        description=_l("Owners of ideas told us in this period that their idea was carried out.")),
)
