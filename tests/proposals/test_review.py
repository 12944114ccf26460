"""Review: who may assess and decide, the checklist, decisions with public reasons, the pot and its races, and
the flag for a team that became too small."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.notifications.models import Notification
from wijkhulp.proposals import permissions, queries, services
from wijkhulp.proposals.services import calls, team
from wijkhulp.proposals.models import (Assessment, Call, ConflictOfInterest, EventKind, InvalidDecision,
                                       NotAReviewer, PotExceeded, Proposal, ProposalStatus, StatusChanged,
                                       TeamBelowMinimum)


def _verdicts(proposal, verdict="yes"):
    return {c.id: (verdict, "") for c in proposal.call.criteria}


def _granted(call_id):
    return db.session.scalar(select(Call.granted_cents).where(Call.id == call_id).execution_options(
        populate_existing=True))


def test_a_resident_not_on_the_panel_cannot_review(ctx):
    proposal = h.submitted()
    outsider = factories.user()
    with pytest.raises(NotAReviewer):
        services.assess_proposal(outsider, proposal.id, _verdicts(proposal))
    with pytest.raises(NotAReviewer):
        services.decide_proposal(outsider, proposal.id, decision="approve", granted_cents=10_000)
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == 0
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.SUBMITTED


def test_panel_members_review_the_plans_of_their_call_only(ctx):
    manager = h.manager()
    proposal = h.submitted()
    els = factories.user()
    calls.add_panel_member(manager, proposal.call_id, els.email)
    assert permissions.can_review(els, proposal)
    other_call = h.call(title="Andere regeling")
    other = h.submitted(other_call)
    with pytest.raises(NotAReviewer):
        services.assess_proposal(els, other.id, _verdicts(other))
    els.blocked_at = els.created_at
    db.session.commit()
    assert not permissions.can_review(els, proposal)


def test_nobody_reviews_their_own_plan(ctx):
    proposal = h.submitted()
    manager = h.manager()
    link = team.create_share_link(proposal.lead, proposal.id)
    team.join_by_link(manager, link.token)
    with pytest.raises(ConflictOfInterest):
        services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=10_000)
    with pytest.raises(ConflictOfInterest):
        services.assess_proposal(manager, proposal.id, _verdicts(proposal))


def test_assessing_moves_the_plan_to_review_and_is_public(ctx):
    manager = h.manager()
    proposal = h.submitted()
    services.assess_proposal(manager, proposal.id, {**_verdicts(proposal),
                                                    proposal.call.criteria[0].id: ("partly", "Twijfel")})
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.IN_REVIEW
    grouped = queries.assessments_by_criterion(proposal)
    assert grouped[proposal.call.criteria[0].id][0].note == "Twijfel"
    services.assess_proposal(manager, proposal.id, _verdicts(proposal, "no"))  # changing one's answers
    assert {a.verdict.value for a in db.session.scalars(select(Assessment))} == {"no"}
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == len(proposal.call.criteria)
    note = db.session.scalar(select(Notification).where(Notification.user_id == proposal.lead_id,
                                                        Notification.event == "proposal_decision",
                                                        Notification.message.like("%being assessed%")))
    assert note is not None


def test_every_checklist_point_needs_an_answer(ctx):
    manager = h.manager()
    proposal = h.submitted()
    first = proposal.call.criteria[0].id
    with pytest.raises(InvalidDecision) as refused:
        services.assess_proposal(manager, proposal.id, {first: ("yes", "")})
    assert refused.value.field == f"verdict_{proposal.call.criteria[1].id}"
    with pytest.raises(InvalidDecision):
        services.assess_proposal(manager, proposal.id, {**_verdicts(proposal), first: ("misschien", "")})
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == 0


def test_a_draft_cannot_be_reviewed(ctx):
    manager = h.manager()
    proposal = h.ready()
    with pytest.raises(StatusChanged):
        services.assess_proposal(manager, proposal.id, _verdicts(proposal))
    with pytest.raises(StatusChanged):
        services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=10_000)


@pytest.mark.parametrize(("decision", "message", "amount", "field"), [
    ("reject", "", None, "message"),
    ("changes", "  ", None, "message"),
    ("approve", "", None, "amount"),
    ("approve", "", 0, "amount"),
    ("approve", "", 35_001, "amount"),  # more than asked
    ("maybe", "", None, "decision"),
    ("reject", "x" * 4001, None, "message"),
])
def test_decision_input_is_checked(ctx, decision, message, amount, field):
    manager = h.manager()
    proposal = h.submitted()
    with pytest.raises(InvalidDecision) as refused:
        services.decide_proposal(manager, proposal.id, decision=decision, message=message, granted_cents=amount)
    assert refused.value.field == field
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.SUBMITTED


def test_rejection_with_public_reasons(ctx):
    manager = h.manager()
    proposal = h.submitted()
    services.decide_proposal(manager, proposal.id, decision="reject", message="Past niet in de regeling.")
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.REJECTED and proposal.is_public
    assert proposal.events[-1].kind == EventKind.REJECTED and proposal.events[-1].message == "Past niet in de regeling."
    with pytest.raises(StatusChanged):  # decided once
        services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=10_000)


def test_approval_reserves_money_and_sets_the_report_date(ctx):
    manager = h.manager()
    proposal = h.submitted()
    services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=20_000)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.APPROVED and proposal.granted_cents == 20_000
    assert _granted(proposal.call_id) == 20_000
    assert proposal.report_due_on is not None and proposal.report_due_on > proposal.planned_end_on
    assert proposal.events[-1].amount_cents == 20_000


def test_approval_beyond_the_pot_is_refused(ctx):
    manager = h.manager()
    call = h.call(pot_cents=50_000)
    first, second = h.submitted(call), h.submitted(call)
    services.decide_proposal(manager, first.id, decision="approve", granted_cents=35_000)
    with pytest.raises(PotExceeded, match="150") as refused:
        services.decide_proposal(manager, second.id, decision="approve", granted_cents=35_000)
    assert refused.value.field == "amount"
    assert db.session.get(Proposal, second.id).status == ProposalStatus.SUBMITTED
    assert _granted(call.id) == 35_000
    services.decide_proposal(manager, second.id, decision="approve", granted_cents=15_000)  # what is left is fine
    assert _granted(call.id) == 50_000


def test_the_guarded_budget_update_refuses_the_second_of_two_grants(ctx):
    call = h.call(pot_cents=50_000)
    assert services._reserve_budget(call.id, 30_000)
    assert not services._reserve_budget(call.id, 30_000)
    assert services._reserve_budget(call.id, 20_000)
    db.session.commit()
    assert _granted(call.id) == 50_000


def test_two_approvals_from_stale_pages_cannot_overspend(app):
    """Both reviewers' requests have loaded the call while 500 euro was left; the second approval must fail."""
    with app.app_context():
        manager, els = h.manager(), factories.user()
        call = h.call(pot_cents=50_000)
        calls.add_panel_member(manager, call.id, els.email)
        first, second = h.submitted(call), h.submitted(call)
        ids = (manager.id, els.id, call.id, first.id, second.id)
    manager_id, els_id, call_id, first_id, second_id = ids
    with app.app_context():
        reviewer = db.session.get(User, manager_id)
        assert db.session.get(Call, call_id).remaining_cents == 50_000  # stale from now on
        with app.app_context():
            services.decide_proposal(db.session.get(User, els_id), first_id, decision="approve",
                                     granted_cents=35_000)
        with pytest.raises(PotExceeded):
            services.decide_proposal(reviewer, second_id, decision="approve", granted_cents=35_000)
    with app.app_context():
        assert _granted(call_id) == 35_000
        assert db.session.get(Proposal, second_id).status == ProposalStatus.SUBMITTED


def test_two_approvals_at_the_same_moment_in_two_threads(app):
    with app.app_context():
        manager = h.manager()
        call = h.call(pot_cents=50_000)
        plans = [h.submitted(call).id, h.submitted(call).id]
        manager_id, call_id = manager.id, call.id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(proposal_id: int) -> None:
        with app.app_context():
            reviewer = db.session.get(User, manager_id)
            db.session.get(Proposal, proposal_id).call  # load the (soon stale) call first
            barrier.wait(timeout=10)
            try:
                services.decide_proposal(reviewer, proposal_id, decision="approve", granted_cents=35_000)
                outcomes.append("approved")
            except PotExceeded:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(pid,)) for pid in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approved", "refused"]
    with app.app_context():
        assert _granted(call_id) == 35_000


def test_the_same_plan_approved_twice_at_once_is_approved_once(app):
    with app.app_context():
        manager = h.manager()
        proposal = h.submitted()
        manager_id, proposal_id, call_id = manager.id, proposal.id, proposal.call_id
    with app.app_context():
        reviewer = db.session.get(User, manager_id)
        db.session.get(Proposal, proposal_id)
        with app.app_context():
            services.decide_proposal(db.session.get(User, manager_id), proposal_id, decision="approve",
                                     granted_cents=20_000)
        with pytest.raises(StatusChanged):
            services.decide_proposal(reviewer, proposal_id, decision="approve", granted_cents=20_000)
    with app.app_context():
        assert _granted(call_id) == 20_000


def test_a_team_that_falls_below_the_minimum_is_flagged_and_cannot_be_approved(ctx):
    manager = h.manager()
    proposal = h.submitted()
    member = next(m.user for m in proposal.memberships if m.user_id != proposal.lead_id)
    team.leave_team(member, proposal.id)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.is_below_minimum and proposal.events[-1].kind == EventKind.BELOW_MINIMUM
    told = db.session.scalar(select(Notification).where(Notification.user_id == proposal.lead_id,
                                                        Notification.message.like("%cannot be approved%")))
    assert told is not None
    with pytest.raises(TeamBelowMinimum):
        services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=10_000)
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.SUBMITTED
    assert _granted(proposal.call_id) == 0
    services.decide_proposal(manager, proposal.id, decision="changes", message="Zoek eerst een derde buur.")

    h.join(db.session.get(Proposal, proposal.id))  # the team is whole again
    proposal = db.session.get(Proposal, proposal.id)
    assert not proposal.is_below_minimum and proposal.events[-1].kind == EventKind.TEAM_WHOLE
    services.submit_proposal(proposal.lead, proposal.id)
    services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=10_000)
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.APPROVED


def test_approval_recounts_even_without_a_flag(ctx):
    """A member whose account got blocked no longer counts, even though nobody left the team."""
    manager = h.manager()
    proposal = h.submitted()
    member = next(m.user for m in proposal.memberships if m.user_id != proposal.lead_id)
    member.blocked_at = member.created_at
    db.session.commit()
    with pytest.raises(TeamBelowMinimum):
        services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=10_000)


def test_the_team_hears_the_decision(ctx):
    manager = h.manager()
    proposal = h.submitted()
    services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=20_000)
    notes = db.session.scalars(select(Notification).where(Notification.event == "proposal_decision",
                                                          Notification.message.like("%approved%")))
    assert {n.user_id for n in notes} == {m.user_id for m in proposal.memberships}


def test_the_panel_sees_a_plan_only_once_it_is_sent(ctx):
    manager = h.manager()
    els = factories.user()
    draft = h.ready()
    calls.add_panel_member(manager, draft.call_id, els.email)
    assert not permissions.can_view(els, draft) and permissions.can_view(manager, draft)
    services.submit_proposal(draft.lead, draft.id)
    assert permissions.can_view(els, db.session.get(Proposal, draft.id))
