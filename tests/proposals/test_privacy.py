"""My data and deleting the account: a person leaves running teams; history stays with "a former resident"."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.accounts import services as accounts
from wijkhulp.extensions import db
from wijkhulp.proposals import queries, services
from wijkhulp.proposals.services import calls, team
from wijkhulp.proposals.models import EventKind, PanelMember, Proposal, ProposalStatus, Support, TeamInvitation


def _delete(user):
    accounts.delete_account(user, password=factories.PASSWORD)


def test_export_lists_teams_invitations_supports_and_panels(ctx):
    manager = h.manager()
    proposal = h.submitted()
    anna = factories.user()
    services.support_proposal(anna, proposal.id)
    calls.add_panel_member(manager, proposal.call_id, anna.email)
    services.assess_proposal(anna, proposal.id, {c.id: ("yes", "Prima") for c in proposal.call.criteria})
    data = accounts.export_data(anna)["neighbourhood_plans"]
    assert data["supports"][0]["plan_id"] == proposal.id
    assert data["panels"][0]["call_id"] == proposal.call_id
    assert data["assessments"][0]["note"] == "Prima"
    lead_data = accounts.export_data(proposal.lead)["neighbourhood_plans"]
    assert lead_data["teams"][0]["lead"] is True


def test_a_member_who_deletes_the_account_leaves_and_the_plan_is_flagged(ctx):
    proposal = h.submitted()
    member = next(m.user for m in proposal.memberships if m.user_id != proposal.lead_id)
    _delete(member)
    proposal = db.session.get(Proposal, proposal.id)
    assert not proposal.is_member(member) and proposal.is_below_minimum
    left = [e for e in proposal.events if e.kind == EventKind.MEMBER_LEFT][0]
    assert left.actor.public_name == "a former resident"


def test_a_lead_who_deletes_the_account_hands_over_the_lead(ctx):
    proposal = h.ready()
    lead = proposal.lead
    first_member = next(m.user_id for m in sorted(proposal.memberships, key=lambda m: m.joined_at)
                        if m.user_id != lead.id)
    _delete(lead)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.lead_id == first_member and proposal.status == ProposalStatus.DRAFT


def test_a_lead_alone_withdraws_the_draft(ctx):
    proposal = h.draft()
    pending = team.invite_member(proposal.lead, proposal.id, "iemand@example.org")
    _delete(proposal.lead)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.WITHDRAWN and not proposal.memberships
    assert db.session.get(TeamInvitation, pending.invitation.id).status.value == "revoked"


def test_a_finished_plan_keeps_its_team_and_supports_stay_counted(ctx):
    manager = h.manager()
    proposal = h.submitted()
    supporter = factories.user()
    services.support_proposal(supporter, proposal.id)
    services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=10_000)
    services.complete_proposal(proposal.lead, proposal.id, report="Het is klaar en iedereen is blij.",
                               spent_cents=10_000)
    member = next(m.user for m in proposal.memberships if m.user_id != proposal.lead_id)
    _delete(member)
    _delete(supporter)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.is_member(member) and len(proposal.memberships) == 3
    assert "a former resident" in [m.user.public_name for m in proposal.memberships]
    assert queries.support_count(proposal) == 1
    assert db.session.scalar(select(func.count()).select_from(Support)) == 1


def test_invitations_to_the_address_and_panel_seats_are_removed(ctx):
    manager = h.manager()
    proposal = h.draft()
    anna = factories.user()
    team.invite_member(proposal.lead, proposal.id, anna.email)
    calls.add_panel_member(manager, proposal.call_id, anna.email)
    _delete(anna)
    assert db.session.scalar(select(func.count()).select_from(TeamInvitation)) == 0
    assert db.session.scalar(select(func.count()).select_from(PanelMember)) == 0


@pytest.mark.parametrize("verified", [True, False])
def test_an_invitation_by_address_is_removed_with_the_account(ctx, verified):
    proposal = h.draft()
    team.invite_member(proposal.lead, proposal.id, "later@example.org")
    later = factories.user(email="later@example.org", verified=verified)
    _delete(later)
    assert db.session.scalar(select(func.count()).select_from(TeamInvitation)) == 0
