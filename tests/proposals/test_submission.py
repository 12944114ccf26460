"""Drafting and sending: the rules for sending are enforced in the service, also against a race."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.accounts.models import NotVerified, User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.notifications.models import Notification
from wijkhulp.proposals import queries, services
from wijkhulp.proposals.services import team, workflow
from wijkhulp.proposals.models import (BudgetAboveMaximum, Call, CallNotOpen, EventKind, InvalidProposal,
                                       NotInTeam, NotReadyToSubmit, OnlyLead, Proposal, ProposalLocked,
                                       ProposalStatus, StatusChanged)


def _status(proposal_id):
    return db.session.scalar(select(Proposal.status).where(Proposal.id == proposal_id))


def test_a_draft_needs_only_a_title(ctx):
    proposal = h.draft(summary="", contribution="", plan_execution="", planned_end_on=None, lines=[])
    assert proposal.status == ProposalStatus.DRAFT and proposal.requested_cents == 0
    with pytest.raises(InvalidProposal) as refused:
        h.draft(title="  ")
    assert refused.value.field == "title"


@pytest.mark.parametrize(("lines", "error"), [
    ([("Bankjes", 50_000)], BudgetAboveMaximum),
    ([("Bankjes", 30_000), ("Verf", 20_000)], BudgetAboveMaximum),
    ([("", 1_000)], InvalidProposal),
    ([("Bankjes", None)], InvalidProposal),
    ([("Bankjes", 0)], InvalidProposal),
    ([("x" * 201, 1_000)], InvalidProposal),
    ([(f"post {i}", 100) for i in range(21)], InvalidProposal),
])
def test_budget_lines_are_checked_when_saving(ctx, lines, error):
    proposal = h.draft()
    with pytest.raises(error) as refused:
        services.update_proposal(proposal.lead, proposal.id, h.plan_data(title="Anders", lines=lines))
    assert refused.value.field == "lines"
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.title == "Bankjes op het plein" and proposal.requested_cents == 35_000  # nothing half-stored


def test_a_budget_above_the_maximum_names_both_amounts(ctx):
    proposal = h.draft()
    with pytest.raises(BudgetAboveMaximum, match="400"):
        services.update_proposal(proposal.lead, proposal.id, h.plan_data(lines=[("Alles", 45_000)]))


def test_dates_and_lengths(ctx):
    proposal = h.draft()
    today = workflow.local_today()
    for data, field in ((h.plan_data(planned_end_on=today - timedelta(days=1)), "planned_end_on"),
                        (h.plan_data(planned_end_on=today + timedelta(days=6 * 366)), "planned_end_on"),
                        (h.plan_data(summary="x" * 1001), "summary"),
                        (h.plan_data(contribution="x" * 4001), "contribution")):
        with pytest.raises(InvalidProposal) as refused:
            services.update_proposal(proposal.lead, proposal.id, data)
        assert refused.value.field == field


def test_members_may_edit_others_may_not(ctx):
    proposal = h.draft()
    sem = h.join(proposal)
    services.update_proposal(sem, proposal.id, h.plan_data(title="Door Sem"))
    with pytest.raises(NotInTeam):
        services.update_proposal(factories.user(), proposal.id, h.plan_data(title="Niet van mij"))
    assert db.session.get(Proposal, proposal.id).title == "Door Sem"


def test_only_verified_residents_start_plans_in_open_calls(ctx):
    with pytest.raises(NotVerified):
        h.draft(lead=factories.user(verified=False))
    closed = h.call(opens_at=utcnow() - timedelta(days=10), closes_at=utcnow() - timedelta(days=1))
    with pytest.raises(CallNotOpen):
        h.draft(closed)
    future = h.call(opens_at=utcnow() + timedelta(days=1), closes_at=utcnow() + timedelta(days=10))
    with pytest.raises(CallNotOpen):
        h.draft(future)
    assert db.session.scalar(select(Proposal.id)) is None


def test_submitting_with_two_members_is_refused(ctx):
    proposal = h.ready(members=2)
    with pytest.raises(NotReadyToSubmit) as refused:
        services.submit_proposal(proposal.lead, proposal.id)
    assert "has 2 confirmed members" in str(refused.value.message)
    assert "at least 3" in str(refused.value.message)
    assert _status(proposal.id) == ProposalStatus.DRAFT
    assert [e.kind for e in db.session.get(Proposal, proposal.id).events][-1] == EventKind.MEMBER_JOINED


def test_an_unverified_member_does_not_count(ctx):
    proposal = h.ready(members=3)
    member = next(m.user for m in proposal.memberships if m.user_id != proposal.lead_id)
    member.email_verified_at = None
    db.session.commit()
    assert queries.confirmed_count(proposal.id) == 2
    with pytest.raises(NotReadyToSubmit):
        services.submit_proposal(proposal.lead, proposal.id)


def test_every_problem_is_listed(ctx):
    proposal = h.draft(summary="", contribution="", plan_execution="", planned_end_on=None, lines=[])
    with pytest.raises(NotReadyToSubmit) as refused:
        services.submit_proposal(proposal.lead, proposal.id)
    assert [p.field for p in refused.value.problems] == ["summary", "contribution", "plan_execution",
                                                         "planned_end_on", "lines", "team"]
    assert refused.value.field == "summary"


def test_a_budget_above_a_lowered_maximum_is_refused_at_sending(ctx):
    proposal = h.ready()
    db.session.execute(update(Call).values(max_per_proposal_cents=10_000))
    db.session.commit()
    with pytest.raises(NotReadyToSubmit) as refused:
        services.submit_proposal(proposal.lead, proposal.id)
    assert [p.field for p in refused.value.problems] == ["lines"]
    assert _status(proposal.id) == ProposalStatus.DRAFT


def test_sending_in_a_closed_call_is_refused(ctx):
    proposal = h.ready()
    db.session.execute(update(Call).values(closes_at=utcnow() - timedelta(minutes=1),
                                           opens_at=utcnow() - timedelta(days=5)))
    db.session.commit()
    with pytest.raises(NotReadyToSubmit, match="not open"):
        services.submit_proposal(proposal.lead, proposal.id)


def test_only_the_lead_sends(ctx):
    proposal = h.ready()
    member = next(m.user for m in proposal.memberships if m.user_id != proposal.lead_id)
    with pytest.raises(OnlyLead):
        services.submit_proposal(member, proposal.id)


def test_sending_tells_reviewers_and_team(ctx):
    manager = h.manager()
    proposal = h.submitted()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.submitted_at is not None
    events = {n.event for n in db.session.scalars(select(Notification).where(Notification.user_id == manager.id))}
    assert events == {"proposal_review"}
    member = next(m.user_id for m in proposal.memberships if m.user_id != proposal.lead_id)
    assert db.session.scalar(select(Notification).where(Notification.user_id == member,
                                                        Notification.event == "proposal_decision"))


def test_editing_after_sending_is_refused(ctx):
    proposal = h.submitted()
    with pytest.raises(ProposalLocked):
        services.update_proposal(proposal.lead, proposal.id, h.plan_data(title="Later veranderd"))
    assert db.session.get(Proposal, proposal.id).title == "Bankjes op het plein"


def test_the_guarded_status_update_works_once(ctx):
    """Two clicks on "send" (or two tabs): the conditional UPDATE lets only the first one through."""
    proposal = h.ready()
    workflow.transition(proposal.id, {ProposalStatus.DRAFT}, ProposalStatus.SUBMITTED)
    with pytest.raises(StatusChanged):
        workflow.transition(proposal.id, {ProposalStatus.DRAFT}, ProposalStatus.SUBMITTED)


def test_a_member_leaving_just_before_sending_is_counted(app):
    """Race: the lead's page still shows three members while one of them leaves in another request."""
    with app.app_context():
        proposal = h.ready()
        proposal_id, lead_id = proposal.id, proposal.lead_id
        member_id = next(m.user_id for m in proposal.memberships if m.user_id != lead_id)
    with app.app_context():
        lead = db.session.get(User, lead_id)
        stale = db.session.get(Proposal, proposal_id)
        assert len(stale.memberships) == 3  # what the lead's request has loaded
        with app.app_context():
            team.leave_team(db.session.get(User, member_id), proposal_id)
        with pytest.raises(NotReadyToSubmit):
            services.submit_proposal(lead, proposal_id)
    with app.app_context():
        assert _status(proposal_id) == ProposalStatus.DRAFT


def test_a_member_leaving_just_after_sending_flags_the_plan(app):
    with app.app_context():
        proposal = h.ready()
        proposal_id, lead_id = proposal.id, proposal.lead_id
        member_id = next(m.user_id for m in proposal.memberships if m.user_id != lead_id)
    with app.app_context():
        member = db.session.get(User, member_id)
        stale = db.session.get(Proposal, proposal_id)
        assert stale.status == ProposalStatus.DRAFT  # what the member's request has loaded
        with app.app_context():
            services.submit_proposal(db.session.get(User, lead_id), proposal_id)
        team.leave_team(member, proposal_id)
    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        assert proposal.status == ProposalStatus.SUBMITTED and proposal.is_below_minimum


def test_resubmitting_after_changes(ctx):
    manager = h.manager()
    proposal = h.submitted()
    services.decide_proposal(manager, proposal.id, decision="changes", message="Meer uitleg.")
    services.update_proposal(proposal.lead, proposal.id, h.plan_data(plan_maintenance="Beter geregeld."))
    services.submit_proposal(proposal.lead, proposal.id)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert [e.kind for e in proposal.events][-2:] == [EventKind.CHANGES_REQUESTED, EventKind.RESUBMITTED]
