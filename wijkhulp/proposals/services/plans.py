"""Plan services: drafting a plan (ProposalData, start_refusal), saving changes, readiness, sending and
withdrawing it.

Each public function is one transaction ending in a commit; refusals are the DomainErrors of models.py, and
nothing is stored when one is raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from wijkhulp.database import utcnow
from wijkhulp.registry.content import premoderate
from wijkhulp.errors import DomainError
from wijkhulp.extensions import db
from wijkhulp.i18n import money
from wijkhulp.text import strip_invisible
from wijkhulp.proposals import queries
from wijkhulp.proposals.models import (CONTENT_KEY, EDITABLE, ITEM_MAX, MAX_BUDGET_LINES, MAX_CENTS, MESSAGE_MAX,
                                       SUMMARY_MAX, TEXT_MAX, TITLE_MAX, WITHDRAWABLE, BudgetAboveMaximum,
                                       BudgetLine, Call, CallNotOpen, EventKind, InvalidProposal, NotReadyToSubmit,
                                       NotInTeam, OnlyLead, Proposal, ProposalLocked, ProposalStatus, StatusChanged,
                                       add_months, submission_problems)
from wijkhulp.proposals.services import workflow
from wijkhulp.proposals.services.workflow import (EVENT_DECISION, EVENT_REVIEW, clean_text, close_invitations,
                                                  local_today, lock, log, plan_path, require_poster, tell,
                                                  team_people, too_long, transition)

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User

S = ProposalStatus


# ================================================================ drafting

@dataclass
class ProposalData:
    """What the team fills in. `lines` holds (item, amount in cents or None) rows as typed; empty rows are fine."""

    title: str = ""
    summary: str = ""
    contribution: str = ""
    plan_execution: str = ""
    plan_promotion: str = ""
    plan_maintenance: str = ""
    own_contribution: str = ""
    planned_end_on: date | None = None
    lines: list[tuple[str, int | None]] = field(default_factory=list)
    neighbourhood_id: int | None = None  # one of the call's; None: the one that holds the lead's area


TEXT_FIELDS = (("summary", SUMMARY_MAX), ("contribution", TEXT_MAX), ("plan_execution", TEXT_MAX),
               ("plan_promotion", TEXT_MAX), ("plan_maintenance", TEXT_MAX), ("own_contribution", TEXT_MAX))


def _checked_lines(rows: list[tuple[str, int | None]], call: Call) -> list[tuple[str, int]]:
    lines: list[tuple[str, int]] = []
    for item, amount in rows:
        item = (item or "").strip()
        if not item and amount is None:
            continue
        if not item:
            raise InvalidProposal(_l("Say what the amount of %(amount)s is for.", amount=money(amount)),
                                  field="lines")
        if amount is None:
            raise InvalidProposal(_l("Fill in an amount for “%(item)s”.", item=item[:60]), field="lines")
        if amount <= 0:
            raise InvalidProposal(_l("Every amount must be more than zero. Leave out “%(item)s” if it costs "
                                     "nothing.", item=item[:60]), field="lines")
        if len(item) > ITEM_MAX:
            raise InvalidProposal(_l("Describe each item in at most %(n)s characters.", n=ITEM_MAX), field="lines")
        if amount > MAX_CENTS:
            raise BudgetAboveMaximum.for_amounts(amount, call.max_per_proposal_cents)
        lines.append((item, int(amount)))
    if len(lines) > MAX_BUDGET_LINES:
        raise InvalidProposal(_l("Use at most %(n)s budget lines. Put small items together.", n=MAX_BUDGET_LINES),
                              field="lines")
    total = sum(amount for _, amount in lines)
    if total > call.max_per_proposal_cents:
        raise BudgetAboveMaximum.for_amounts(total, call.max_per_proposal_cents)
    return lines


def default_neighbourhood_id(call: Call, person: Any) -> int | None:
    """The call's neighbourhood that holds this person's postcode area, or the call's only one; else None."""
    pc4 = getattr(person, "pc4", None)
    for hood in call.neighbourhoods:
        if pc4 and pc4 in hood.pc4s:
            return hood.id
    return call.neighbourhoods[0].id if len(call.neighbourhoods) == 1 else None


def _checked_neighbourhood(data: ProposalData, call: Call, lead: Any) -> int | None:
    """The plan's neighbourhood: one of its call's (Breukelen's plan is not filed under Maarssen)."""
    chosen = data.neighbourhood_id if data.neighbourhood_id is not None else default_neighbourhood_id(call, lead)
    if chosen is None or chosen not in {hood.id for hood in call.neighbourhoods}:
        raise InvalidProposal(_l("Choose the neighbourhood your plan is for."), field="neighbourhood_id")
    return chosen


def _checked_proposal(data: ProposalData, call: Call, *, today: date,
                      lead: Any = None) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    title = strip_invisible(data.title).strip()  # a title of only invisible characters counts as empty
    if not title:
        raise InvalidProposal(_l("Give your plan a title. You can change it later."), field="title")
    if len(title) > TITLE_MAX:
        raise too_long(TITLE_MAX, "title")
    values: dict[str, Any] = {"title": title}
    for name, limit in TEXT_FIELDS:
        values[name] = clean_text(getattr(data, name), limit, name)
    end = data.planned_end_on
    if end is not None and end < today:
        raise InvalidProposal(_l("Choose a date in the future."), field="planned_end_on")
    if end is not None and end > add_months(today, 60):
        raise InvalidProposal(_l("Choose a date within five years."), field="planned_end_on")
    values["planned_end_on"] = end
    values["neighbourhood_id"] = _checked_neighbourhood(data, call, lead)
    return values, _checked_lines(data.lines, call)


def _apply_proposal(proposal: Proposal, values: dict[str, Any], lines: list[tuple[str, int]]) -> None:
    for name, value in values.items():
        setattr(proposal, name, value)
    proposal.budget_lines = [BudgetLine(position=i, item=item, amount_cents=amount)
                             for i, (item, amount) in enumerate(lines)]
    proposal.requested_cents = sum(amount for _, amount in lines)


def start_refusal(actor: User, call: Call) -> DomainError | None:
    """The refusal `start_proposal` would give this person in this call before looking at the form, if any."""
    try:
        require_poster(actor)
        if not call.is_open(utcnow()):
            raise CallNotOpen()
        workflow.check_residence(call, actor)
    except DomainError as exc:
        return exc
    return None


def start_proposal(actor: User, call_id: int, data: ProposalData) -> Proposal:
    """Start a draft plan in an open call, with the actor as lead and first team member. Commits.

    Raises CallNotFound, NotVerified, NotAllowed, CallNotOpen, NotResident, InvalidProposal or
    BudgetAboveMaximum; nothing is stored then.
    """
    require_poster(actor)
    call = queries.get_call(call_id)
    now = utcnow()
    if not call.is_open(now):
        raise CallNotOpen()
    workflow.check_residence(call, actor)
    values, lines = _checked_proposal(data, call, today=local_today(now), lead=actor)
    proposal = Proposal(call_id=call.id, lead_id=actor.id, status=S.DRAFT)
    _apply_proposal(proposal, values, lines)
    db.session.add(proposal)
    db.session.flush()
    workflow.add_member(proposal, actor)
    log(proposal, EventKind.CREATED, actor)
    db.session.commit()
    return proposal


def update_proposal(actor: User, proposal_id: int, data: ProposalData) -> Proposal:
    """Save the team's changes to a draft, or to a plan that came back with questions. Commits.

    Raises ProposalNotFound, NotVerified, NotInTeam, ProposalLocked (once sent), InvalidProposal or
    BudgetAboveMaximum; nothing is stored then.
    """
    require_poster(actor)
    proposal = queries.get_proposal(proposal_id)
    if not proposal.is_member(actor):
        raise NotInTeam()
    if proposal.status not in EDITABLE:
        raise ProposalLocked()
    if data.neighbourhood_id is None and proposal.neighbourhood_id is not None:
        data = replace(data, neighbourhood_id=proposal.neighbourhood_id)
    values, lines = _checked_proposal(data, proposal.call, today=local_today(), lead=proposal.lead)
    proposal = lock(proposal_id)  # the status is read again under the lock: a plan sent meanwhile stays as sent
    if proposal.status not in EDITABLE:
        db.session.rollback()
        raise ProposalLocked()
    _apply_proposal(proposal, values, lines)
    db.session.commit()
    return proposal


# ================================================================ sending

def readiness(proposal: Proposal) -> list[Any]:
    """What still stops the plan from being sent (for the page; `submit_proposal` checks again)."""
    now = utcnow()
    return submission_problems(proposal, confirmed=queries.confirmed_count(proposal.id), today=local_today(now),
                               now=now)


def submit_proposal(actor: User, proposal_id: int) -> Proposal:
    """The lead sends the plan for assessment (again, after changes were asked). Commits.

    The status changes with a conditional UPDATE, and the team is counted after it, inside the same
    transaction: a member who leaves at the same moment is either counted out here or flags the plan.
    A plan sent for the first time goes through pre-moderation (drafts are private, so this is when it would
    become public): when the lead's posts are held, the plan stays hidden until a manager lets it through in the
    moderation queue; the reviewers are not notified then, the plan appears in their list once it is visible.
    Raises ProposalNotFound, NotVerified, OnlyLead, ProposalLocked, StatusChanged or NotReadyToSubmit (every
    problem listed); nothing is stored then.
    """
    require_poster(actor)
    proposal = queries.get_proposal(proposal_id)
    if proposal.lead_id != actor.id:
        raise OnlyLead()
    if proposal.status not in EDITABLE:
        raise ProposalLocked()
    again = proposal.status == S.CHANGES_REQUESTED
    now = utcnow()
    proposal = transition(proposal_id, EDITABLE, S.SUBMITTED)
    problems = submission_problems(proposal, confirmed=queries.confirmed_count(proposal.id),
                                   today=local_today(now), now=now)
    if problems:
        db.session.rollback()
        raise NotReadyToSubmit(problems)
    first = proposal.submitted_at is None
    proposal.submitted_at = proposal.submitted_at or now
    proposal.below_minimum_since = None
    proposal.requested_cents = sum(line.amount_cents for line in proposal.budget_lines)
    log(proposal, EventKind.RESUBMITTED if again else EventKind.SUBMITTED, actor)
    held = first and premoderate(CONTENT_KEY, proposal, actor)
    message = (_l("The plan “%(title)s” has been changed and sent again. Please assess it.", title=proposal.title)
               if again else _l("A new plan has been sent: “%(title)s”. Please assess it.", title=proposal.title))
    if not held:
        tell(queries.reviewers_for_call(proposal.call), EVENT_REVIEW, message, workflow.review_path(proposal.id),
             skip=actor)
    tell(team_people(proposal), EVENT_DECISION, _l(
        "Your plan “%(title)s” has been sent. The community manager or the panel will assess it.",
        title=proposal.title), plan_path(proposal.id), skip=actor)
    db.session.commit()
    return proposal


def withdraw_proposal(actor: User, proposal_id: int, *, reason: str = "") -> Proposal:
    """The lead withdraws the plan before approval; waiting invitations and share links stop working. Commits.

    Raises ProposalNotFound, NotVerified, OnlyLead, InvalidProposal (reason too long) or StatusChanged.
    """
    require_poster(actor)
    proposal = queries.get_proposal(proposal_id)
    if proposal.lead_id != actor.id:
        raise OnlyLead()
    reason = clean_text(reason, MESSAGE_MAX, "reason")
    if proposal.status not in WITHDRAWABLE:
        raise StatusChanged(_l("This plan can no longer be withdrawn: it has already been decided about."))
    proposal = transition(proposal_id, WITHDRAWABLE, S.WITHDRAWN)
    close_invitations(proposal)
    log(proposal, EventKind.WITHDRAWN, actor, message=reason)
    tell(team_people(proposal), EVENT_DECISION, _l("The plan “%(title)s” has been withdrawn by the lead.",
                                                   title=proposal.title), plan_path(proposal.id), skip=actor)
    db.session.commit()
    return proposal
