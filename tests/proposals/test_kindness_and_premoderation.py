"""The kindness nudge on the plan and report forms, and pre-moderation of a plan when it is first sent (drafts are
private to the team, so that is the moment it would become public)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.accounts.models import User
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.moderation import services as moderation
from wijkhulp.moderation.models import ReviewHold
from wijkhulp.notifications.models import Notification
from wijkhulp.proposals import queries, services
from wijkhulp.proposals.services import calls
from wijkhulp.proposals.models import Proposal, ProposalStatus
from wijkhulp.settings import services as settings

NUDGE = "A moment, please"
END = (date.today() + timedelta(days=60)).isoformat()


def _client(app, email):
    client = app.test_client()
    factories.login(client, email)
    return client


def _titled(app, title: str) -> list[Proposal]:
    with app.app_context():
        return list(db.session.scalars(select(Proposal).where(Proposal.title == title)))


def _plan_form(**overrides: str) -> dict[str, str]:
    form = {"title": "Bankjes op het plein", "summary": "Drie bankjes.", "contribution": "Buren ontmoeten elkaar.",
            "plan_execution": "Wij plaatsen ze samen.", "planned_end_on": END, "lines-0-item": "Bankjes",
            "lines-0-amount": "300"}
    form.update(overrides)
    return form


# ---------------------------------------------------------------- the kindness nudge

def test_a_hurtful_word_in_a_new_plan_asks_the_lead_to_reconsider(app):
    with app.app_context():
        call_id = h.call().id
        email = factories.user().email
    client = _client(app, email)
    url = f"/plans/calls/{call_id}/new"
    response = client.post(url, data=_plan_form(contribution="Dan hoeven we die idioot van nummer 3 niet te zien."))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and NUDGE in html and "“idioot”" in html
    assert "I have read this and want to post my text as it is" in html
    assert "Dan hoeven we die idioot van nummer 3 niet te zien." in html  # kept, to change
    assert _titled(app, "Bankjes op het plein") == []
    assert client.post(url, data=_plan_form()).status_code == 302
    assert len(_titled(app, "Bankjes op het plein")) == 1


def test_the_lead_may_keep_the_text(app):
    with app.app_context():
        call_id = h.call().id
        email = factories.user().email
    form = _plan_form(title="Weg met die kankerherrie", kindness_ack="y")
    assert _client(app, email).post(f"/plans/calls/{call_id}/new", data=form).status_code == 302
    assert len(_titled(app, "Weg met die kankerherrie")) == 1


def test_changing_a_plan_is_nudged_too(app):
    with app.app_context():
        draft = h.draft()
        pid, lead = draft.id, draft.lead.email
    client = _client(app, lead)
    response = client.post(f"/plans/{pid}/edit", data=_plan_form(plan_maintenance="Die sukkel van de gemeente."))
    assert response.status_code == 422 and NUDGE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Proposal, pid).plan_maintenance == "Jan kijkt ze elk jaar na."


def test_the_final_report_is_nudged(app):
    with app.app_context():
        proposal = h.submitted()
        services.decide_proposal(h.manager(), proposal.id, decision="approve", granted_cents=20_000)
        pid, lead = proposal.id, proposal.lead.email
    client = _client(app, lead)
    text = "Het ging goed, maar die debiel van de overkant deed niet mee."
    response = client.post(f"/plans/{pid}/report", data={"report": text, "spent": "150"})
    assert response.status_code == 422 and NUDGE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Proposal, pid).status == ProposalStatus.APPROVED
    assert client.post(f"/plans/{pid}/report", data={"report": text, "spent": "150",
                                                     "kindness_ack": "y"}).status_code == 302


def test_no_nudge_without_listed_words(app):
    with app.app_context():
        call_id = h.call().id
        email = factories.user().email
    html = _client(app, email).get(f"/plans/calls/{call_id}/new").get_data(as_text=True)
    assert NUDGE not in html and "kindness_ack" not in html


# ---------------------------------------------------------------- pre-moderation

def test_without_premoderation_a_sent_plan_is_public_at_once(ctx):
    proposal = h.submitted()
    assert proposal.hidden_at is None and proposal.is_public
    assert db.session.scalar(select(ReviewHold)) is None


def test_with_premoderation_a_new_residents_plan_waits_until_it_is_sent(ctx):
    settings.set_value("premoderation", "true")
    manager = h.manager()
    panel = factories.user()
    call = h.call()
    calls.add_panel_member(manager, call.id, panel.email)
    draft = h.ready(call)
    assert draft.hidden_at is None  # a draft is private anyway: nothing to hold
    sent = services.submit_proposal(draft.lead, draft.id)
    assert sent.hidden_at is not None and queries.public_proposals() == []
    hold = db.session.scalar(select(ReviewHold))
    assert (hold.content_key, hold.object_id, hold.author_id) == ("proposal", sent.id, sent.lead_id)
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "moderation.hold"))
    told = [n.message for n in db.session.scalars(select(Notification).where(Notification.user_id == panel.id))]
    assert not any("A new plan has been sent" in m for m in told)  # the managers see it in the queue first
    assert queries.proposals_to_review(db.session.get(User, panel.id)) == []

    moderation.approve_content(manager, "proposal", sent.id)
    sent = db.session.get(Proposal, sent.id)
    assert sent.hidden_at is None and [p.id for p in queries.public_proposals()] == [sent.id]
    assert [p.id for p in queries.proposals_to_review(db.session.get(User, panel.id))] == [sent.id]


def test_sending_again_after_changes_is_not_held_again(ctx):
    settings.set_value("premoderation", "true")
    manager = h.manager()
    proposal = services.submit_proposal(*_lead_and_id(h.ready()))
    moderation.approve_content(manager, "proposal", proposal.id)
    services.decide_proposal(manager, proposal.id, decision="changes", message="Graag een tekening.")
    again = services.submit_proposal(*_lead_and_id(db.session.get(Proposal, proposal.id)))
    assert again.hidden_at is None and again.status == ProposalStatus.SUBMITTED
    assert len(list(db.session.scalars(select(ReviewHold)))) == 1


def _lead_and_id(proposal: Proposal) -> tuple[User, int]:
    return proposal.lead, proposal.id


def test_the_lead_is_told_that_a_manager_looks_first(app):
    with app.app_context():
        settings.set_value("premoderation", "true")
        proposal = h.ready()
        pid, lead = proposal.id, proposal.lead.email
    response = _client(app, lead).post(f"/plans/{pid}/submit", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Because you are new here, the community manager looks at it first." in html
    with app.app_context():
        assert db.session.get(Proposal, pid).hidden_at is not None


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_plans_are_not_held(ctx, role):
    settings.set_value("premoderation", "true")
    lead = h.manager() if role == "manager" else factories.admin()
    proposal = h.ready(lead=lead)
    assert services.submit_proposal(lead, proposal.id).hidden_at is None
