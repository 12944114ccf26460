"""Review services: assessing and deciding on a sent plan (reserving the money), starting the work, the final
report and the report reminders.

Each public function is one transaction ending in a commit; refusals are the DomainErrors of models.py, and
nothing is stored when one is raised.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit
from wijkhulp.database import guarded_update, utcnow
from wijkhulp.extensions import db
from wijkhulp.i18n import money
from wijkhulp.proposals import permissions, queries
from wijkhulp.proposals.models import (CONTENT_KEY, DECIDABLE, MESSAGE_MAX, NOTE_MAX, REPORTABLE, TEXT_MAX,
                                       Assessment, Call, ConflictOfInterest, Decision, EventKind, InvalidDecision,
                                       InvalidReport, NotAReviewer, NotInTeam, PotExceeded, Proposal, ProposalStatus,
                                       StatusChanged, TeamBelowMinimum, Verdict, add_months)
from wijkhulp.proposals.services import workflow
from wijkhulp.proposals.services.workflow import (EVENT_DECISION, EVENT_REPORT_DUE, EVENT_REVIEW, clean_text,
                                                  local_today, log, plan_path, reload, require_poster, tell,
                                                  team_people, transition)

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User

S = ProposalStatus


# ================================================================ review

def _ensure_reviewer(actor: User, proposal: Proposal) -> None:
    if not permissions.can_review_call(actor, proposal.call):
        raise NotAReviewer()
    if proposal.is_member(actor):
        raise ConflictOfInterest()


def _not_waiting() -> StatusChanged:
    return StatusChanged(_l("This plan is not waiting for an assessment now. Look at its current status."))


def assess_proposal(actor: User, proposal_id: int, verdicts: dict[int, tuple[str, str]]) -> Proposal:
    """Save one reviewer's verdict (yes, partly, no, with a note) on every checklist point. The first assessment
    moves a sent plan to "being assessed" and tells the team. Commits.

    `verdicts` maps criterion id -> (verdict, note). Raises ProposalNotFound, NotAReviewer, ConflictOfInterest,
    StatusChanged or InvalidDecision (field "verdict_<id>" / "note_<id>"); nothing is stored then.
    """
    proposal = queries.get_proposal(proposal_id)
    _ensure_reviewer(actor, proposal)
    if proposal.status not in DECIDABLE:
        raise _not_waiting()
    checked: dict[int, tuple[Verdict, str]] = {}
    for criterion in proposal.call.criteria:
        raw, note = verdicts.get(criterion.id, ("", ""))
        try:
            verdict = Verdict(raw)
        except ValueError:
            raise InvalidDecision(_l("Choose yes, partly or no for this point."),
                                  field=f"verdict_{criterion.id}") from None
        checked[criterion.id] = (verdict, clean_text(note, NOTE_MAX, f"note_{criterion.id}", InvalidDecision))
    first = proposal.status == S.SUBMITTED
    proposal = transition(proposal_id, DECIDABLE, S.IN_REVIEW)
    mine = {a.criterion_id: a for a in proposal.assessments if a.reviewer_id == actor.id}
    now = utcnow()
    for criterion_id, (verdict, note) in checked.items():
        assessment = mine.get(criterion_id)
        if assessment is None:
            db.session.add(Assessment(proposal_id=proposal.id, criterion_id=criterion_id, reviewer_id=actor.id,
                                      verdict=verdict, note=note, updated_at=now))
        else:
            assessment.verdict, assessment.note = verdict, note
    log(proposal, EventKind.ASSESSED, actor)
    if first:
        tell(team_people(proposal), EVENT_DECISION, _l(
            "Your plan “%(title)s” is being assessed. You can follow it on the page of your plan.",
            title=proposal.title), plan_path(proposal.id))
    try:
        db.session.commit()
    except IntegrityError:  # the same reviewer saved twice at the same moment
        db.session.rollback()
        raise StatusChanged() from None
    return proposal


def _reserve_budget(call_id: int, amount_cents: int) -> bool:
    """Add to the call's granted total only if the pot still holds it: one guarded UPDATE, so two approvals at
    the same moment can never together overspend (the second one sees the first one's total). Flush only."""
    return guarded_update(Call, call_id, where=(Call.granted_cents + amount_cents <= Call.pot_cents,),
                          values={"granted_cents": Call.granted_cents + amount_cents})


def _fresh_call(call_id: int) -> Call:
    return db.session.execute(select(Call).where(Call.id == call_id)
                              .execution_options(populate_existing=True)).scalar_one()


DECISIONS = {Decision.APPROVE: S.APPROVED, Decision.CHANGES: S.CHANGES_REQUESTED, Decision.REJECT: S.REJECTED}
DECISION_EVENTS = {Decision.APPROVE: EventKind.APPROVED, Decision.CHANGES: EventKind.CHANGES_REQUESTED,
                   Decision.REJECT: EventKind.REJECTED}
DECISION_AUDIT = {Decision.APPROVE: "proposal.approve", Decision.CHANGES: "proposal.request_changes",
                  Decision.REJECT: "proposal.reject"}


def decide_proposal(actor: User, proposal_id: int, *, decision: str, message: str = "",
                    granted_cents: int | None = None) -> Proposal:
    """Approve (with a granted amount), reject (with public reasons) or ask for changes (with comments); the
    decision is also written in the audit log. Commits.

    Approval recounts the team and reserves the money with a guarded UPDATE on the call, inside one
    transaction with the conditional status change. Raises ProposalNotFound, NotAReviewer, ConflictOfInterest,
    InvalidDecision, StatusChanged, TeamBelowMinimum or PotExceeded; nothing is stored then.
    """
    proposal = queries.get_proposal(proposal_id)
    _ensure_reviewer(actor, proposal)
    try:
        choice = Decision(decision)
    except ValueError:
        raise InvalidDecision(field="decision") from None
    text = clean_text(message, MESSAGE_MAX, "message", InvalidDecision)
    if choice == Decision.REJECT and not text:
        raise InvalidDecision(_l("Write why the plan is not approved. The team and everyone else can read it."),
                              field="message")
    if choice == Decision.CHANGES and not text:
        raise InvalidDecision(_l("Write what the team should change."), field="message")
    if proposal.status not in DECIDABLE:
        raise _not_waiting()
    call = proposal.call
    amount: int | None = None
    if choice == Decision.APPROVE:
        if granted_cents is None or granted_cents <= 0:
            raise InvalidDecision(_l("Fill in the amount you grant, in euros."), field="amount")
        if granted_cents > proposal.requested_cents:
            raise InvalidDecision(_l("The team asked for %(asked)s. You cannot grant more than that.",
                                     asked=money(proposal.requested_cents)), field="amount")
        if granted_cents > call.max_per_proposal_cents:
            raise InvalidDecision(_l("This call gives at most %(maximum)s per plan.",
                                     maximum=money(call.max_per_proposal_cents)), field="amount")
        if granted_cents > call.remaining_cents:  # a courtesy; _reserve_budget is the rule
            raise PotExceeded.for_remaining(call.remaining_cents)
        amount = int(granted_cents)
    now = utcnow()
    proposal = transition(proposal_id, DECIDABLE, DECISIONS[choice], decided_at=now)
    if choice == Decision.APPROVE:
        assert amount is not None
        if queries.confirmed_count(proposal.id) < call.min_team_size:
            db.session.rollback()
            raise TeamBelowMinimum()
        if not _reserve_budget(call.id, amount):
            db.session.rollback()
            raise PotExceeded.for_remaining(_fresh_call(call.id).remaining_cents)
        proposal.granted_cents = amount
        proposal.below_minimum_since = None
        today = local_today(now)
        start = max(proposal.planned_end_on or today, today)
        proposal.report_due_on = add_months(start, workflow.setting(workflow.REPORT_DUE_MONTHS))
    log(proposal, DECISION_EVENTS[choice], actor, message=text, amount_cents=amount)
    audit.record(actor, DECISION_AUDIT[choice], CONTENT_KEY, proposal.id, reason=text,
                 details={"call_id": call.id, "granted_cents": amount, "requested_cents": proposal.requested_cents},
                 pc4=proposal.area_pc4, subject=proposal.lead)
    notices = {
        Decision.APPROVE: _l("Good news: your plan “%(title)s” is approved. You get %(amount)s.",
                             title=proposal.title, amount=money(amount or 0)),
        Decision.CHANGES: _l("The assessors ask you to change your plan “%(title)s”. Read their comments, change "
                             "the plan and send it again.", title=proposal.title),
        Decision.REJECT: _l("Your plan “%(title)s” is not approved. On the page of your plan you can read why.",
                            title=proposal.title),
    }
    tell(team_people(proposal), EVENT_DECISION, notices[choice], plan_path(proposal.id), skip=actor)
    db.session.commit()
    return proposal


# ================================================================ after approval

def _ensure_team_member(actor: User, proposal: Proposal) -> None:
    require_poster(actor)
    if not proposal.is_member(actor):
        raise NotInTeam()


def start_work(actor: User, proposal_id: int) -> Proposal:
    """A team member says the work has started. Commits. Raises ProposalNotFound, NotInTeam or StatusChanged."""
    proposal = queries.get_proposal(proposal_id)
    _ensure_team_member(actor, proposal)
    proposal = transition(proposal_id, {S.APPROVED}, S.IN_PROGRESS, started_at=utcnow())
    log(proposal, EventKind.STARTED, actor)
    db.session.commit()
    return proposal


def complete_proposal(actor: User, proposal_id: int, *, report: str, spent_cents: int | None) -> Proposal:
    """A team member reports that the plan is done: a short report and the amount spent. Commits.

    Raises ProposalNotFound, NotInTeam, InvalidReport or StatusChanged; nothing is stored then.
    """
    proposal = queries.get_proposal(proposal_id)
    _ensure_team_member(actor, proposal)
    text = clean_text(report, TEXT_MAX, "report", InvalidReport)
    if len(text) < 20:
        raise InvalidReport(_l("Write a few sentences: what did you do, and how did it go?"), field="report")
    granted = proposal.granted_cents or 0
    if spent_cents is None or spent_cents < 0:
        raise InvalidReport(_l("Fill in how much of the granted money you spent, in euros."), field="spent")
    if spent_cents > granted:
        raise InvalidReport(_l("You were granted %(granted)s. Fill in how much of that you spent: at most "
                               "%(granted)s.", granted=money(granted)), field="spent")
    if proposal.status not in REPORTABLE:
        raise StatusChanged(_l("You can only write the final report about a plan that is approved and not "
                               "finished yet."))
    proposal = transition(proposal_id, REPORTABLE, S.COMPLETED, completed_at=utcnow(), report=text,
                          spent_cents=int(spent_cents))
    log(proposal, EventKind.COMPLETED, actor, amount_cents=int(spent_cents))
    tell(queries.reviewers_for_call(proposal.call), EVENT_REVIEW, _l(
        "The team of “%(title)s” has finished the plan and written a report.", title=proposal.title),
        plan_path(proposal.id), skip=actor)
    db.session.commit()
    return proposal


def send_report_reminders(now: datetime | None = None) -> int:
    """Remind the team of each approved plan whose report is due, once. Safe to run again (cron): a guarded UPDATE
    marks each plan before its team is told. Commits. Returns how many plans were reminded."""
    now = now or utcnow()
    reminded = 0
    for proposal_id in queries.reports_due(local_today(now)):
        if not guarded_update(Proposal, proposal_id, where=(Proposal.report_reminded_at.is_(None),
                                                            Proposal.status.in_(list(REPORTABLE))),
                              values={"report_reminded_at": now}):
            continue
        proposal = reload(proposal_id)
        log(proposal, EventKind.REPORT_REMINDER, None)
        tell(team_people(proposal), EVENT_REPORT_DUE, _l(
            "It is time to tell how your plan “%(title)s” went. Write a short report and fill in how much money you "
            "spent.", title=proposal.title), workflow.report_path(proposal.id))
        reminded += 1
    db.session.commit()
    return reminded
