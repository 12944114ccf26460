"""Models layer: the pure rules of the feature: what stops a plan from being sent, adding months."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from wijkhulp.proposals.models.refusals import BudgetAboveMaximum, CallNotOpen, TeamTooSmall

if TYPE_CHECKING:
    from wijkhulp.proposals.models.plans import Proposal


@dataclass(frozen=True)
class Problem:
    """Something that stops a plan from being sent; `field` names the form field that fixes it ("team": the team
    page; None: nothing the team can fix)."""

    field: str | None
    message: Any


REQUIRED_FIELDS: tuple[tuple[str, Any], ...] = (
    ("title", _l("Give your plan a title.")),
    ("summary", _l("Write a short summary of your plan.")),
    ("contribution", _l("Explain how your plan helps people in the neighbourhood to live together pleasantly.")),
    ("plan_execution", _l("Describe how you will carry out your plan.")),
)


def submission_problems(proposal: Proposal, *, confirmed: int, today: date, now: datetime) -> list[Problem]:
    """Everything that still stops the plan from being sent, in the order a team can fix it."""
    problems = [Problem(name, message) for name, message in REQUIRED_FIELDS
                if not (getattr(proposal, name) or "").strip()]
    if proposal.planned_end_on is None:
        problems.append(Problem("planned_end_on", _l("Fill in when your plan will be finished.")))
    elif proposal.planned_end_on < today:
        problems.append(Problem("planned_end_on", _l("The date when your plan will be finished has passed. "
                                                     "Choose a new date.")))
    total = sum(line.amount_cents for line in proposal.budget_lines)
    call = proposal.call
    if proposal.neighbourhood_id is None and len(call.neighbourhoods) > 1:
        problems.append(Problem("neighbourhood_id", _l("Choose the neighbourhood your plan is for.")))
    if total <= 0:
        problems.append(Problem("lines", _l("Add at least one budget line with an amount.")))
    elif total > call.max_per_proposal_cents:
        problems.append(Problem("lines", BudgetAboveMaximum.for_amounts(total, call.max_per_proposal_cents).message))
    if confirmed < call.min_team_size:
        problems.append(Problem("team", TeamTooSmall.for_counts(confirmed, call.min_team_size).message))
    if not call.is_open(now):
        problems.append(Problem(None, CallNotOpen().message))
    return problems


def add_months(day: date, months: int) -> date:
    """31 January + 1 month = 28 or 29 February."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
