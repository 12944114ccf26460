"""Services for neighbourhood plans: drafting, sending, review and decisions, the work after approval, supports,
report reminders and personal data. Calls and their panels are in calls.py, the team services in team.py.

Each public function is one transaction ending in a commit; refusals are the DomainErrors of models.py, and
nothing is stored when one is raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit
from wijkhulp.database import guarded_update, utcnow
from wijkhulp.registry.content import premoderate
from wijkhulp.errors import DomainError
from wijkhulp.extensions import db
from wijkhulp.i18n import money
from wijkhulp.proposals import permissions, queries, workflow
from wijkhulp.proposals.calls import call_pc4
from wijkhulp.proposals.models import (CONTENT_KEY, DECIDABLE, EDITABLE, FINISHED, ITEM_MAX, MAX_BUDGET_LINES,
                                       MAX_CENTS, MESSAGE_MAX, NOTE_MAX, REPORTABLE, SUMMARY_MAX, SUPPORTABLE, TEXT_MAX,
                                       TITLE_MAX, WITHDRAWABLE, AlreadySupported, Assessment, BudgetAboveMaximum,
                                       BudgetLine, Call, CallNotOpen, CannotSupport, ConflictOfInterest, Decision,
                                       EventKind, InvalidDecision, InvalidProposal, InvalidReport, InvitationStatus,
                                       NotAReviewer, NotReadyToSubmit, NotInTeam, OnlyLead, OwnPlan, PanelMember,
                                       PotExceeded, Proposal, ProposalLocked, ProposalStatus, StatusChanged, Support,
                                       TeamBelowMinimum, TeamInvitation, TeamMembership, Verdict, add_months,
                                       counts_as_member, submission_problems)
from wijkhulp.proposals.workflow import (EVENT_DECISION, EVENT_REPORT_DUE, EVENT_REVIEW, EVENT_TEAM, lock, log,
                                         local_today, plan_path, refresh_team_flag, reload, require_poster, tell,
                                         team_people, transition)

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User

S = ProposalStatus


def _too_long(limit: int, field_name: str, error: type = InvalidProposal) -> Any:
    return error(_l("Use at most %(n)s characters.", n=limit), field=field_name)


def _clean(value: str | None, limit: int, field_name: str, error: type = InvalidProposal) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise _too_long(limit, field_name, error)
    return text


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


def _checked_proposal(data: ProposalData, call: Call, *, today: date) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    title = (data.title or "").strip()
    if not title:
        raise InvalidProposal(_l("Give your plan a title. You can change it later."), field="title")
    if len(title) > TITLE_MAX:
        raise _too_long(TITLE_MAX, "title")
    values: dict[str, Any] = {"title": title}
    for name, limit in TEXT_FIELDS:
        values[name] = _clean(getattr(data, name), limit, name)
    end = data.planned_end_on
    if end is not None and end < today:
        raise InvalidProposal(_l("Choose a date in the future."), field="planned_end_on")
    if end is not None and end > add_months(today, 60):
        raise InvalidProposal(_l("Choose a date within five years."), field="planned_end_on")
    values["planned_end_on"] = end
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
    values, lines = _checked_proposal(data, call, today=local_today(now))
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
    values, lines = _checked_proposal(data, proposal.call, today=local_today())
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
    reason = _clean(reason, MESSAGE_MAX, "reason")
    if proposal.status not in WITHDRAWABLE:
        raise StatusChanged(_l("This plan can no longer be withdrawn: it has already been decided about."))
    proposal = transition(proposal_id, WITHDRAWABLE, S.WITHDRAWN)
    _close_invitations(proposal)
    log(proposal, EventKind.WITHDRAWN, actor, message=reason)
    tell(team_people(proposal), EVENT_DECISION, _l("The plan “%(title)s” has been withdrawn by the lead.",
                                                   title=proposal.title), plan_path(proposal.id), skip=actor)
    db.session.commit()
    return proposal


def _close_invitations(proposal: Proposal) -> None:
    now = utcnow()
    for invitation in proposal.invitations:
        if invitation.status == InvitationStatus.PENDING:
            invitation.status = InvitationStatus.REVOKED
            invitation.responded_at = now
    for link in proposal.share_links:
        if link.revoked_at is None:
            link.revoked_at = now


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
        checked[criterion.id] = (verdict, _clean(note, NOTE_MAX, f"note_{criterion.id}", InvalidDecision))
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
    text = _clean(message, MESSAGE_MAX, "message", InvalidDecision)
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
                 pc4=call_pc4(call), subject=proposal.lead)
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
    text = _clean(report, TEXT_MAX, "report", InvalidReport)
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


# ================================================================ supports

def support_proposal(actor: User, proposal_id: int) -> Support:
    """Support a sent plan, once per person; the team's own members cannot. Commits.

    Raises ProposalNotFound, NotVerified, NotAllowed, CannotSupport, OwnPlan or AlreadySupported.
    """
    require_poster(actor)
    proposal = queries.visible_proposal(actor, proposal_id)
    if proposal.status not in SUPPORTABLE or proposal.is_hidden:
        raise CannotSupport()
    if proposal.is_member(actor):
        raise OwnPlan()
    support = Support(proposal_id=proposal.id, user_id=actor.id, created_at=utcnow())
    db.session.add(support)
    try:
        db.session.flush()  # uq_proposal_support_proposal_id_user_id: once each, also with two clicks at once
    except IntegrityError:
        db.session.rollback()
        raise AlreadySupported() from None
    db.session.commit()
    return support


def withdraw_support(actor: User, proposal_id: int) -> bool:
    """Take back one's support. Commits. Returns False when there was none. Raises ProposalNotFound."""
    proposal = queries.visible_proposal(actor, proposal_id)
    result = db.session.execute(delete(Support).where(Support.proposal_id == proposal.id,
                                                      Support.user_id == actor.id)
                                .execution_options(synchronize_session="fetch"))
    db.session.commit()
    return bool(result.rowcount)


# ================================================================ personal data

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
                _close_invitations(proposal)
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
