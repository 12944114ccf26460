"""After approval (start, report, reminders), withdrawing, and supports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.accounts.models import NotVerified
from wijkhulp.database import utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.notifications.models import Notification
from wijkhulp.proposals import queries, services
from wijkhulp.proposals.services import team
from wijkhulp.proposals.models import (AlreadySupported, CannotSupport, EventKind, InvalidReport, InvitationStatus,
                                       NotInTeam, OnlyLead, OwnPlan, Proposal, ProposalNotFound,
                                       ProposalStatus, StatusChanged, Support)


def approved(amount=30_000):
    manager = h.manager()
    proposal = h.submitted()
    return services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=amount)


def test_start_and_complete(ctx):
    proposal = approved()
    member = next(m.user for m in proposal.memberships if m.user_id != proposal.lead_id)
    services.start_work(member, proposal.id)
    with pytest.raises(StatusChanged):
        services.start_work(member, proposal.id)
    services.complete_proposal(member, proposal.id, report="Alles is gelukt, de buurt is blij.", spent_cents=0)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.COMPLETED and proposal.spent_cents == 0
    assert proposal.events[-1].kind == EventKind.COMPLETED


@pytest.mark.parametrize(("report", "spent", "field"), [
    ("Kort.", 10_000, "report"),
    ("Alles is gelukt, de buurt is blij.", None, "spent"),
    ("Alles is gelukt, de buurt is blij.", -1, "spent"),
    ("Alles is gelukt, de buurt is blij.", 30_001, "spent"),
    ("x" * 4001, 10_000, "report"),
])
def test_report_refusals(ctx, report, spent, field):
    proposal = approved()
    with pytest.raises(InvalidReport) as refused:
        services.complete_proposal(proposal.lead, proposal.id, report=report, spent_cents=spent)
    assert refused.value.field == field
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.APPROVED


def test_only_the_team_reports_and_only_after_approval(ctx):
    proposal = approved()
    with pytest.raises(NotInTeam):
        services.complete_proposal(factories.user(), proposal.id, report="Alles is gelukt, echt waar.",
                                   spent_cents=1)
    draft = h.ready()
    with pytest.raises(StatusChanged):
        services.complete_proposal(draft.lead, draft.id, report="Alles is gelukt, echt waar.", spent_cents=0)


def test_report_reminders_are_sent_once(app, runner):
    with app.app_context():
        proposal = approved()
        proposal_id = proposal.id
        assert services.send_report_reminders() == 0  # not due yet
        db.session.execute(update(Proposal).values(report_due_on=proposal.report_due_on - timedelta(days=400)))
        db.session.commit()
    result = runner.invoke(args=["proposals", "send-reminders"])
    assert result.exit_code == 0 and "Reminded 1 team(s)" in result.output
    result = runner.invoke(args=["proposals", "send-reminders"])
    assert "Reminded 0 team(s)" in result.output
    with app.app_context():
        notes = list(db.session.scalars(select(Notification).where(Notification.event == "proposal_report_due")))
        assert len(notes) == 3 and notes[0].url == f"/plans/{proposal_id}/report"
        proposal = db.session.get(Proposal, proposal_id)
        assert proposal.report_reminded_at is not None
        assert proposal.events[-1].kind == EventKind.REPORT_REMINDER


def test_no_reminder_once_completed(ctx):
    proposal = approved()
    services.complete_proposal(proposal.lead, proposal.id, report="Alles is gelukt, de buurt is blij.",
                               spent_cents=100)
    db.session.execute(update(Proposal).values(report_due_on=utcnow().date() - timedelta(days=1)))
    db.session.commit()
    assert services.send_report_reminders() == 0


def test_withdrawing(ctx):
    proposal = h.submitted()
    pending = team.invite_member(proposal.lead, proposal.id, "later@example.org")
    member = next(m.user for m in proposal.memberships if m.user_id != proposal.lead_id)
    with pytest.raises(OnlyLead):
        services.withdraw_proposal(member, proposal.id)
    services.withdraw_proposal(proposal.lead, proposal.id, reason="Gemeente doet het zelf.")
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.WITHDRAWN and proposal.events[-1].message == "Gemeente doet het zelf."
    assert pending.invitation.status == InvitationStatus.REVOKED
    with pytest.raises(StatusChanged):
        services.withdraw_proposal(proposal.lead, proposal.id)


def test_an_approved_plan_cannot_be_withdrawn(ctx):
    proposal = approved()
    with pytest.raises(StatusChanged):
        services.withdraw_proposal(proposal.lead, proposal.id)


def test_supports(ctx):
    proposal = h.submitted()
    anna, bram = factories.user(), factories.user()
    services.support_proposal(anna, proposal.id)
    services.support_proposal(bram, proposal.id)
    with pytest.raises(AlreadySupported):
        services.support_proposal(anna, proposal.id)
    assert queries.support_count(proposal) == 2
    with pytest.raises(OwnPlan):
        services.support_proposal(proposal.lead, proposal.id)
    with pytest.raises(NotVerified):
        services.support_proposal(factories.user(verified=False), proposal.id)
    team.join_by_link(bram, team.create_share_link(proposal.lead, proposal.id).token)
    assert queries.support_count(proposal) == 1  # a supporter who joins the team no longer counts
    assert services.withdraw_support(anna, proposal.id) is True
    assert services.withdraw_support(anna, proposal.id) is False
    assert queries.support_count(proposal) == 0
    assert db.session.scalar(select(func.count()).select_from(Support)) == 1


def test_drafts_and_withdrawn_plans_cannot_be_supported(ctx):
    draft = h.ready()
    with pytest.raises(ProposalNotFound):  # a draft is not public
        services.support_proposal(factories.user(), draft.id)
    proposal = h.submitted()
    services.withdraw_proposal(proposal.lead, proposal.id)
    with pytest.raises(CannotSupport):
        services.support_proposal(factories.user(), proposal.id)


def test_a_hidden_plan_cannot_be_supported(ctx):
    proposal = h.submitted()
    db.session.execute(update(Proposal).values(hidden_at=utcnow()))
    db.session.commit()
    with pytest.raises(ProposalNotFound):
        services.support_proposal(factories.user(), proposal.id)


def test_visitors_cannot_act(ctx):
    from flask_login import AnonymousUserMixin

    proposal = h.submitted()
    with pytest.raises(NotAllowed):
        services.support_proposal(AnonymousUserMixin(), proposal.id)
