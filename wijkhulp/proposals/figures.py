"""Figures about neighbourhood plans for the dashboard and the impact page: plans sent, funded and per status, the
money granted and what is left in the calls (FIGURES and SERIES,
declared in the manifest)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkhulp import metrics
from wijkhulp.registry.metrics import Figure, Series
from wijkhulp.extensions import db
from wijkhulp.neighbourhoods.models import NeighbourhoodArea
from wijkhulp.proposals.models import GRANTED, STATUS_LABELS, Call, Proposal, ProposalStatus, call_neighbourhood

SECTION = _l("Neighbourhood plans")
SENT_STATUSES = [status for status in ProposalStatus if status != ProposalStatus.DRAFT]


def _calls_in(pc4s: frozenset[str]) -> Any:
    """Ids of calls for a neighbourhood with at least one of these PC4 areas."""
    return (select(call_neighbourhood.c.call_id)
            .join(NeighbourhoodArea, NeighbourhoodArea.neighbourhood_id == call_neighbourhood.c.neighbourhood_id)
            .where(NeighbourhoodArea.pc4.in_(sorted(pc4s))))


def _in_scope(stmt: Any, pc4s: metrics.Scope) -> Any:
    """Plans in calls for a neighbourhood with at least one of these PC4 areas (None: all plans)."""
    if pc4s is None:
        return stmt
    return stmt.where(Proposal.call_id.in_(_calls_in(pc4s)))


def plans_per_status(pc4s: metrics.Scope, start: datetime, end: datetime) -> list[tuple[str, int]]:
    """Plans first sent in the period, by their status now (moderated plans included: they were sent)."""
    stmt = _in_scope(select(Proposal.status, func.count()).where(
        Proposal.submitted_at >= start, Proposal.submitted_at < end, Proposal.status != ProposalStatus.DRAFT), pc4s)
    counts = dict(db.session.execute(stmt.group_by(Proposal.status)).all())
    return [(str(STATUS_LABELS[status]), int(counts.get(status, 0))) for status in SENT_STATUSES]


def plans_sent(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    return sum(count for _, count in plans_per_status(pc4s, start, end))


def money_granted(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    """Granted to plans approved in the period (in cents)."""
    stmt = _in_scope(select(func.coalesce(func.sum(Proposal.granted_cents), 0)).where(
        Proposal.status.in_(list(GRANTED)), Proposal.decided_at >= start, Proposal.decided_at < end), pc4s)
    return int(db.session.scalar(stmt) or 0)


def plans_funded(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    """Plans approved in the period that kept their money: approved, being carried out or completed."""
    stmt = _in_scope(select(func.count()).select_from(Proposal).where(
        Proposal.status.in_(list(GRANTED)), Proposal.decided_at >= start, Proposal.decided_at < end), pc4s)
    return int(db.session.scalar(stmt) or 0)


def _open_calls(pc4s: metrics.Scope, start: datetime, end: datetime) -> Any:
    """Calls that were open at some moment of the period."""
    stmt = select(Call.id).where(Call.opens_at < end, Call.closes_at > start)
    return stmt if pc4s is None else stmt.where(Call.id.in_(_calls_in(pc4s)))


def budget_of_calls(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    """The pots of the calls open in the period (in cents)."""
    return int(db.session.scalar(select(func.coalesce(func.sum(Call.pot_cents), 0))
                                 .where(Call.id.in_(_open_calls(pc4s, start, end)))) or 0)


def budget_remaining(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    """What is left today in the pots of the calls open in the period (in cents)."""
    return int(db.session.scalar(select(func.coalesce(func.sum(Call.pot_cents - Call.granted_cents), 0))
                                 .where(Call.id.in_(_open_calls(pc4s, start, end)))) or 0)


FIGURES = (
    Figure("proposals_sent", label=_l("Neighbourhood plans sent"), compute=plans_sent,
        section=SECTION, order=700, public=True),
    Figure("proposals_funded", label=_l("Neighbourhood plans funded"), compute=plans_funded,
        section=SECTION, order=705, public=True,
        description=_l("Plans approved in this period that got money from a call.")),
    Figure("proposal_money_granted", label=_l("Money granted to neighbourhood plans"),
        compute=money_granted, unit="euro_cents", section=SECTION, order=710, public=True),
    Figure("proposal_budget", label=_l("Budget of the calls for neighbourhood plans"),
        compute=budget_of_calls, unit="euro_cents", section=SECTION, order=712,
        description=_l("All the money of the calls that were open in this period. A call for "
        "several neighbourhoods counts in full, also when you look at one of "
        "them.")),
    Figure("proposal_budget_remaining", label=_l("Budget still available in the calls"),
        compute=budget_remaining, unit="euro_cents", section=SECTION, order=714,
        description=_l("What is left today in the calls that were open in this period: their "
        "budget minus what has been granted.")),
)

SERIES = (
    Series("proposals_per_status", label=_l("Neighbourhood plans per status"),
        compute=plans_per_status, columns=(_l("Plans"),), row_heading=_l("Status"), section=SECTION,
        order=720),
)
