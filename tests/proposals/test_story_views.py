"""The "done when" of issue 7, in the running app: a lead invites two neighbours by e-mail, they accept through
the links in their mail, the team sends the plan, a panel member asks for a change, the team sends it again, the
manager approves within the budget and the team reports completion."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests import factories
from tests.mailutil import link_in, mails_to
from tests.proposals import helpers as h
from wijkhulp.extensions import db
from wijkhulp.proposals.services import calls
from wijkhulp.proposals.models import Call, Proposal, ProposalStatus


END = (date.today() + timedelta(days=60)).isoformat()


def _client(app, email):
    client = app.test_client()
    factories.login(client, email)
    return client


def test_the_whole_story_in_the_browser_pages(app, outbox):
    with app.app_context():
        manager = h.manager(display_name="Marieke")
        els = factories.user(display_name="Els")
        lotte = factories.user(display_name="Lotte")
        sem = factories.user(display_name="Sem")
        fatima = factories.user(display_name="Fatima")
        the_call = h.call()
        calls.add_panel_member(manager, the_call.id, els.email)
        call_id = the_call.id
        criteria = [c.id for c in the_call.criteria]
        emails = {p.display_name: p.email for p in (manager, els, lotte, sem, fatima)}

    lead = _client(app, emails["Lotte"])
    assert "Start a plan" in lead.get(f"/plans/calls/{call_id}").get_data(as_text=True)
    assert lead.get(f"/plans/calls/{call_id}/new").status_code == 200
    response = lead.post(f"/plans/calls/{call_id}/new", data={
        "title": "Bankjes op het plein", "summary": "Drie bankjes.", "contribution": "Buren ontmoeten elkaar.",
        "plan_execution": "Wij zetten ze samen neer.", "planned_end_on": END,
        "lines-0-item": "Drie bankjes", "lines-0-amount": "300", "lines-1-item": "Verf", "lines-1-amount": "50,00"})
    assert response.status_code == 302
    plan_id = int(re.search(r"/plans/(\d+)/team", response.headers["Location"])[1])

    for name in ("Sem", "Fatima"):
        response = lead.post(f"/plans/{plan_id}/team/invitations", data={"email": emails[name]})
        assert response.status_code == 302
        join_path = link_in(mails_to(outbox, emails[name])[-1], "/plans/join/")
        member = _client(app, emails[name])
        page = member.get(join_path)
        assert page.status_code == 200 and "Yes, I join the team" in page.get_data(as_text=True)
        assert member.post(join_path + "/accept").status_code == 302

    assert "Everything is ready" in lead.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert lead.post(f"/plans/{plan_id}/submit").status_code == 302

    panel = _client(app, emails["Els"])
    assert panel.get(f"/plans/{plan_id}/review").status_code == 200
    verdicts = {f"verdict_{cid}": "partly" for cid in criteria}
    assert panel.post(f"/plans/{plan_id}/review/assessment", data=verdicts).status_code == 302
    response = panel.post(f"/plans/{plan_id}/review/decision",
                          data={"decision": "changes", "message": "Wie onderhoudt de bankjes?"})
    assert response.status_code == 302

    sem_client = _client(app, emails["Sem"])
    form = {"title": "Bankjes op het plein", "summary": "Drie bankjes.", "contribution": "Buren ontmoeten elkaar.",
            "plan_execution": "Wij zetten ze samen neer.", "plan_maintenance": "Sem verft ze elk voorjaar.",
            "planned_end_on": END, "lines-0-item": "Drie bankjes", "lines-0-amount": "300",
            "lines-1-item": "Verf", "lines-1-amount": "50"}
    assert sem_client.post(f"/plans/{plan_id}/edit", data=form).status_code == 302
    assert lead.post(f"/plans/{plan_id}/submit").status_code == 302

    boss = _client(app, emails["Marieke"])
    response = boss.post(f"/plans/{plan_id}/review/decision",
                         data={"decision": "approve", "amount": "350", "message": "Goed plan."})
    assert response.status_code == 302

    assert lead.post(f"/plans/{plan_id}/start").status_code == 302
    assert lead.get(f"/plans/{plan_id}/report").status_code == 200
    response = lead.post(f"/plans/{plan_id}/report", data={
        "report": "De bankjes staan er. Veel buren zitten er elke avond.", "spent": "340,50"})
    assert response.status_code == 302

    with app.app_context():
        proposal = db.session.get(Proposal, plan_id)
        assert proposal.status == ProposalStatus.COMPLETED
        assert (proposal.requested_cents, proposal.granted_cents, proposal.spent_cents) == (35_000, 35_000, 34_050)
        assert db.session.get(Call, call_id).granted_cents == 35_000

    public = app.test_client().get(f"/plans/{plan_id}").get_data(as_text=True)
    for text in ("Completed", "Wie onderhoudt de bankjes?", "asked the team to change the plan",
                 "changed the plan and sent it again", "approved the plan and granted", "De bankjes staan er."):
        assert text in public, text
    for name in ("Els", "Fatima"):  # visitors see no resident's name (Sem is in the plan's own text)
        assert name not in public, name
    signed_in = sem_client.get(f"/plans/{plan_id}").get_data(as_text=True)
    for name in ("Els", "Sem", "Fatima"):
        assert name in signed_in, name
    budget = app.test_client().get(f"/plans/calls/{call_id}/budget").get_data(as_text=True)
    assert "Bankjes op het plein" in budget
