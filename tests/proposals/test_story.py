"""The whole story of issue 7 through the service layer: invite two, accept, submit, a panel member asks for a
change, the team sends again, the manager approves within the budget, the team reports completion."""

from __future__ import annotations

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.extensions import db
from wijkhulp.proposals import queries, services
from wijkhulp.proposals.services import calls, team
from wijkhulp.proposals.models import Call, EventKind, Proposal, ProposalStatus


def test_story_from_invitation_to_report(ctx):
    manager = h.manager(display_name="Marieke")
    panel_member = factories.user(display_name="Els")
    the_call = h.call()
    calls.add_panel_member(manager, the_call.id, panel_member.email)
    lead = factories.user(display_name="Lotte")
    proposal = h.draft(the_call, lead)

    sem, fatima = factories.user(display_name="Sem"), factories.user(display_name="Fatima")
    for person in (sem, fatima):
        sent = team.invite_member(lead, proposal.id, person.email)
        team.respond_to_invitation(person, accept=True, token=sent.token)
    assert queries.confirmed_count(proposal.id) == 3

    services.submit_proposal(lead, proposal.id)
    services.assess_proposal(panel_member, proposal.id, {c.id: ("partly", "Meer uitleg graag") for c in
                                                        the_call.criteria})
    services.decide_proposal(panel_member, proposal.id, decision="changes", message="Vertel wie de bankjes verft.")
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.CHANGES_REQUESTED

    services.update_proposal(sem, proposal.id, h.plan_data(plan_maintenance="Sem verft de bankjes elk voorjaar."))
    services.submit_proposal(lead, proposal.id)
    services.decide_proposal(manager, proposal.id, decision="approve", message="Mooi plan.", granted_cents=35_000)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.APPROVED and proposal.granted_cents == 35_000
    assert db.session.get(Call, the_call.id).granted_cents == 35_000

    services.start_work(fatima, proposal.id)
    services.complete_proposal(lead, proposal.id, report="De bankjes staan er en worden veel gebruikt.",
                               spent_cents=34_000)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.COMPLETED and proposal.spent_cents == 34_000
    kinds = [e.kind for e in proposal.events]
    assert kinds == [EventKind.CREATED, EventKind.MEMBER_JOINED, EventKind.MEMBER_JOINED, EventKind.SUBMITTED,
                     EventKind.ASSESSED, EventKind.CHANGES_REQUESTED, EventKind.RESUBMITTED, EventKind.APPROVED,
                     EventKind.STARTED, EventKind.COMPLETED]
