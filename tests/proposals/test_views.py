"""The pages: who sees what, refusals shown with a clear message (422) and nothing stored, 403 and 404."""

from __future__ import annotations

import pathlib
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.proposals import services
from wijkhulp.proposals.services import team
from wijkhulp.proposals.models import Call, Proposal, ProposalStatus, Support, TeamInvitation

TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "wijkhulp" / "templates" / "proposals"
END = (date.today() + timedelta(days=60)).isoformat()


def _client(app, email):
    client = app.test_client()
    factories.login(client, email)
    return client


def _text(response):
    return response.get_data(as_text=True)


@pytest.fixture
def plan(app):
    """A submitted plan; returns plain values."""
    with app.app_context():
        manager = h.manager()
        proposal = h.submitted()
        member = next(m.user for m in proposal.memberships if m.user_id != proposal.lead_id)
        return {"id": proposal.id, "call": proposal.call_id, "lead": proposal.lead.email, "member": member.email,
                "manager": manager.email, "criteria": [c.id for c in proposal.call.criteria]}


def test_templates_have_no_inline_script_or_style():
    for path in TEMPLATES.glob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert "<script" not in source and "style=" not in source, path.name


def test_public_pages(app, client, plan):
    assert client.get("/plans").status_code == 200
    assert client.get(f"/plans/calls/{plan['call']}").status_code == 200
    assert client.get(f"/plans/calls/{plan['call']}/budget").status_code == 200
    page = client.get(f"/plans/{plan['id']}")
    assert page.status_code == 200 and "Sign in to support this plan" in _text(page)
    assert client.get("/plans/calls/999").status_code == 404
    assert client.get("/plans/999").status_code == 404


def test_a_draft_is_only_for_its_team_and_the_people_invited(app, client):
    with app.app_context():
        proposal = h.draft()
        invited = factories.user()
        team.invite_member(proposal.lead, proposal.id, invited.email)
        outsider = factories.user()
        pid, lead, invited_email, outsider_email = proposal.id, proposal.lead.email, invited.email, outsider.email
    assert client.get(f"/plans/{pid}").status_code == 404
    assert _client(app, outsider_email).get(f"/plans/{pid}").status_code == 404
    assert "Answer the invitation" in _text(_client(app, invited_email).get(f"/plans/{pid}"))
    assert _client(app, lead).get(f"/plans/{pid}").status_code == 200


def test_visitors_are_sent_to_sign_in(client, plan):
    for path in (f"/plans/{plan['id']}/edit", f"/plans/{plan['id']}/team", "/plans/mine",
                 f"/plans/calls/{plan['call']}/new"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(f"/plans/{plan['id']}/support").status_code == 302


def test_manager_pages_are_for_managers(app, client, plan):
    resident = _client(app, plan["member"])
    assert resident.get("/plans/manage").status_code == 403
    assert resident.get("/plans/manage/calls/new").status_code == 403
    assert resident.get(f"/plans/manage/calls/{plan['call']}/panel").status_code == 403
    manager = _client(app, plan["manager"])
    for path in ("/plans/manage", "/plans/manage/calls/new", f"/plans/manage/calls/{plan['call']}/edit",
                 f"/plans/manage/calls/{plan['call']}/panel", f"/plans/{plan['id']}/review"):
        assert manager.get(path).status_code == 200, path


def test_making_a_call_through_the_form(app, plan):
    with app.app_context():
        neighbourhood_id = h.neighbourhood().id
    manager = _client(app, plan["manager"])
    form = {"title": "Buurtbudget Breukelen", "neighbourhood_ids": str(neighbourhood_id), "pot": "10.000",
            "max_per_proposal": "2500", "checklist": "Prettig samenleven\nOnderhoud", "opens_at": "2030-01-01T09:00",
            "closes_at": "2030-03-01T17:00", "min_team_size": "2"}
    refused = manager.post("/plans/manage/calls/new", data=form)
    assert refused.status_code == 422 and 'id="min_team_size-error"' in _text(refused)
    bad_money = manager.post("/plans/manage/calls/new", data={**form, "min_team_size": "3", "pot": "tien"})
    assert bad_money.status_code == 422 and "Enter an amount in euros" in _text(bad_money)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Call)) == 1
    made = manager.post("/plans/manage/calls/new", data={**form, "min_team_size": "3"})
    assert made.status_code == 302
    with app.app_context():
        call = db.session.scalar(select(Call).where(Call.title == "Buurtbudget Breukelen"))
        assert (call.pot_cents, call.max_per_proposal_cents) == (1_000_000, 250_000)
        assert call.opens_at.hour == 8  # 09:00 in Amsterdam (winter time) is 08:00 UTC
        assert [c.text for c in call.criteria] == ["Prettig samenleven", "Onderhoud"]


def test_saving_a_budget_above_the_maximum_is_refused(app, plan):
    with app.app_context():
        proposal = h.draft()
        pid, lead = proposal.id, proposal.lead.email
    client = _client(app, lead)
    response = client.post(f"/plans/{pid}/edit", data={"title": "Te duur", "lines-0-item": "Alles",
                                                       "lines-0-amount": "450", "planned_end_on": END})
    assert response.status_code == 422
    assert 'id="lines-error"' in _text(response) and "at most €400.00 per plan" in _text(response)
    with app.app_context():
        assert db.session.get(Proposal, pid).title == "Bankjes op het plein"


def test_editing_after_sending_is_refused(app, plan):
    client = _client(app, plan["lead"])
    page = client.get(f"/plans/{plan['id']}/edit")
    assert page.status_code == 302  # back to the plan, with a message
    response = client.post(f"/plans/{plan['id']}/edit", data={"title": "Later", "planned_end_on": END})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, plan["id"]).title == "Bankjes op het plein"


def test_others_cannot_edit(app, plan):
    with app.app_context():
        proposal = h.draft()
        outsider = factories.user()
        pid, outsider_email = proposal.id, outsider.email
    assert _client(app, outsider_email).post(f"/plans/{pid}/edit", data={"title": "X"}).status_code == 404


def test_submitting_with_two_members_shows_why(app):
    with app.app_context():
        proposal = h.ready(members=2)
        pid, lead = proposal.id, proposal.lead.email
    client = _client(app, lead)
    page = client.get(f"/plans/{pid}/submit")
    assert page.status_code == 200 and "has 2 confirmed members" in _text(page)
    response = client.post(f"/plans/{pid}/submit")
    assert response.status_code == 422 and "Your plan has not been sent" in _text(response)
    with app.app_context():
        assert db.session.get(Proposal, pid).status == ProposalStatus.DRAFT


def test_only_the_lead_submits(app, plan):
    with app.app_context():
        proposal = h.ready()
        member = next(m.user.email for m in proposal.memberships if m.user_id != proposal.lead_id)
        pid = proposal.id
    assert _client(app, member).post(f"/plans/{pid}/submit").status_code == 403


def test_invitation_refusals_on_the_team_page(app, plan):
    with app.app_context():
        proposal = h.draft()
        pid, lead = proposal.id, proposal.lead.email
    client = _client(app, lead)
    yourself = client.post(f"/plans/{pid}/team/invitations", data={"email": lead})
    assert yourself.status_code == 422 and "You are already in the team" in _text(yourself)
    assert client.post(f"/plans/{pid}/team/invitations", data={"email": "a@example.org"}).status_code == 302
    twice = client.post(f"/plans/{pid}/team/invitations", data={"email": "A@example.org"})
    assert twice.status_code == 422 and "already invited" in _text(twice)
    empty = client.post(f"/plans/{pid}/team/invitations", data={"email": ""})
    assert empty.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TeamInvitation)
                                 .where(TeamInvitation.proposal_id == pid)) == 1
    member = _client(app, plan["member"])
    assert member.post(f"/plans/{pid}/team/invitations", data={"email": "b@example.org"}).status_code in (403, 404)


def test_join_links_that_no_longer_work(app):
    with app.app_context():
        proposal = h.draft()
        sem = factories.user()
        sent = team.invite_member(proposal.lead, proposal.id, sem.email)
        link = team.create_share_link(proposal.lead, proposal.id)
        db.session.execute(update(TeamInvitation).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
        team.revoke_share_link(proposal.lead, proposal.id)
        token, link_token, sem_email, pid = sent.token, link.token, sem.email, proposal.id
    client = _client(app, sem_email)
    expired = client.get(f"/plans/join/{token}")
    assert expired.status_code == 410 and "This invitation has expired" in _text(expired)
    assert client.post(f"/plans/join/{token}/accept").status_code == 410
    revoked = client.post(f"/plans/join/{link_token}/accept")
    assert revoked.status_code == 410 and "switched it off" in _text(revoked)
    assert client.get("/plans/join/onzin").status_code == 404
    with app.app_context():
        assert len(db.session.get(Proposal, pid).memberships) == 1


def test_the_join_page_for_visitors_and_unverified_people(app):
    with app.app_context():
        proposal = h.draft()
        link = team.create_share_link(proposal.lead, proposal.id)
        unverified = factories.user(verified=False)
        token, email = link.token, unverified.email
    visitor = app.test_client().get(f"/plans/join/{token}")
    assert visitor.status_code == 200 and "You need an account to join" in _text(visitor)
    assert f"next=/plans/join/{token}" in _text(visitor)
    client = _client(app, email)
    assert "First confirm your e-mail address" in _text(client.get(f"/plans/join/{token}"))
    refused = client.post(f"/plans/join/{token}/accept")
    assert refused.status_code == 403 and "First confirm your e-mail address" in _text(refused)


def test_accepting_and_declining_from_my_plans(app):
    with app.app_context():
        proposal = h.draft()
        sem, fatima = factories.user(), factories.user()
        first = team.invite_member(proposal.lead, proposal.id, sem.email).invitation.id
        second = team.invite_member(proposal.lead, proposal.id, fatima.email).invitation.id
        pid, sem_email, fatima_email = proposal.id, sem.email, fatima.email
    sem_client = _client(app, sem_email)
    page = sem_client.get("/plans/mine")
    assert "Yes, I join the team" in _text(page)
    assert sem_client.post(f"/plans/invitations/{second}/accept").status_code == 404  # not Sem's
    assert sem_client.post(f"/plans/invitations/{first}/accept").status_code == 302
    fatima_client = _client(app, fatima_email)
    assert fatima_client.post(f"/plans/invitations/{second}/decline").status_code == 302
    again = fatima_client.post(f"/plans/invitations/{second}/accept")
    assert again.status_code == 409 and "already been answered" in _text(again)
    with app.app_context():
        assert len(db.session.get(Proposal, pid).memberships) == 2


def test_leaving_through_the_page(app, plan):
    client = _client(app, plan["member"])
    assert client.get(f"/plans/{plan['id']}/team/leave").status_code == 200
    assert client.post(f"/plans/{plan['id']}/team/leave").status_code == 302
    lead = _client(app, plan["lead"])
    page = lead.get(f"/plans/{plan['id']}")
    assert "cannot be approved until the team is complete again" in _text(page)
    refused = lead.post(f"/plans/{plan['id']}/team/leave")
    assert refused.status_code == 422 and "As the lead you cannot leave" in _text(refused)


def test_supporting_through_the_page(app, plan):
    with app.app_context():
        neighbour = factories.user().email
    client = _client(app, neighbour)
    assert client.post(f"/plans/{plan['id']}/support").status_code == 302
    again = client.post(f"/plans/{plan['id']}/support")
    assert again.status_code == 409 and "You already support this plan" in _text(again)
    assert "1 neighbour supports this plan" in _text(client.get(f"/plans/{plan['id']}"))
    own = _client(app, plan["member"]).post(f"/plans/{plan['id']}/support")
    assert own.status_code == 422 and "your support would not count" in _text(own)
    assert client.post(f"/plans/{plan['id']}/support/remove").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_reviewing_through_the_pages(app, plan):
    resident = _client(app, plan["member"])
    assert resident.get(f"/plans/{plan['id']}/review").status_code == 403
    with app.app_context():
        outsider = factories.user().email
    stranger = _client(app, outsider)
    assert stranger.get(f"/plans/{plan['id']}/review").status_code == 403
    assert stranger.post(f"/plans/{plan['id']}/review/decision",
                         data={"decision": "approve", "amount": "100"}).status_code == 403
    manager = _client(app, plan["manager"])
    missing = manager.post(f"/plans/{plan['id']}/review/assessment", data={})
    assert missing.status_code == 422 and "Choose yes, partly or no" in _text(missing)
    no_reasons = manager.post(f"/plans/{plan['id']}/review/decision", data={"decision": "reject"})
    assert no_reasons.status_code == 422 and "Write why the plan is not approved" in _text(no_reasons)
    too_much = manager.post(f"/plans/{plan['id']}/review/decision", data={"decision": "approve", "amount": "5000"})
    assert too_much.status_code == 422 and 'id="amount-error"' in _text(too_much)
    with app.app_context():
        db.session.execute(update(Call).values(pot_cents=30_000))
        db.session.commit()
    beyond = manager.post(f"/plans/{plan['id']}/review/decision", data={"decision": "approve", "amount": "350"})
    assert beyond.status_code == 422 and "There is only €300.00 left" in _text(beyond)
    with app.app_context():
        assert db.session.get(Proposal, plan["id"]).status == ProposalStatus.SUBMITTED


def test_report_form_refusals(app, plan):
    with app.app_context():
        from wijkhulp.accounts.models import User
        manager = db.session.scalar(select(User).where(User.email == plan["manager"]))
        services.decide_proposal(manager, plan["id"], decision="approve", granted_cents=20_000)
    client = _client(app, plan["member"])
    response = client.post(f"/plans/{plan['id']}/report", data={"report": "Goed.", "spent": "500"})
    assert response.status_code == 422
    body = _text(response)
    assert 'id="report-error"' in body or 'id="spent-error"' in body
    with app.app_context():
        assert db.session.get(Proposal, plan["id"]).status == ProposalStatus.APPROVED


def test_the_panel_page(app, plan):
    with app.app_context():
        els = factories.user(display_name="Els").email
    manager = _client(app, plan["manager"])
    unknown = manager.post(f"/plans/manage/calls/{plan['call']}/panel", data={"email": "niemand@example.org"})
    assert unknown.status_code == 422 and "no account" in _text(unknown)
    assert manager.post(f"/plans/manage/calls/{plan['call']}/panel", data={"email": els}).status_code == 302
    assert "Els" in _text(manager.get(f"/plans/manage/calls/{plan['call']}/panel"))
    assert "Plans waiting for your assessment" in _text(_client(app, els).get("/plans/mine"))


def test_new_plan_page_explains_why_someone_cannot_start(app):
    with app.app_context():
        call = h.call(opens_at=utcnow() + timedelta(days=2), closes_at=utcnow() + timedelta(days=9))
        resident = factories.user().email
        call_id = call.id
    page = _client(app, resident).get(f"/plans/calls/{call_id}/new")
    assert page.status_code == 422 and "This call is not open" in _text(page)


def test_the_share_link_shows_on_the_team_page(app):
    with app.app_context():
        proposal = h.draft()
        pid, lead = proposal.id, proposal.lead.email
    client = _client(app, lead)
    assert client.post(f"/plans/{pid}/team/share-link").status_code == 302
    page = _text(client.get(f"/plans/{pid}/team"))
    token = re.search(r"/plans/join/([\w-]+)", page)[1]
    assert client.post(f"/plans/{pid}/team/share-link/revoke").status_code == 302
    assert "/plans/join/" not in _text(client.get(f"/plans/{pid}/team"))
    assert client.get(f"/plans/join/{token}").status_code == 410


def test_a_wrong_amount_in_a_budget_line_is_named_in_the_summary(app):
    with app.app_context():
        proposal = h.draft()
        pid, lead = proposal.id, proposal.lead.email
    response = _client(app, lead).post(f"/plans/{pid}/edit", data={
        "title": "Bankjes", "lines-0-item": "Bankjes", "lines-0-amount": "veel", "planned_end_on": END})
    assert response.status_code == 422
    body = _text(response)
    assert 'href="#lines-0-amount"' in body and "Line 1, Amount (euros): Enter an amount in euros" in body
    assert "{" not in body.split('id="error-summary-title"')[1].split("</div>")[0]


def test_the_edit_page_shows_the_stored_plan_and_empty_lines(app):
    with app.app_context():
        proposal = h.draft()
        pid, lead = proposal.id, proposal.lead.email
    body = _text(_client(app, lead).get(f"/plans/{pid}/edit"))
    assert 'value="Drie bankjes"' in body and 'value="300"' in body and 'value="50"' in body
    assert 'id="lines-4-item"' in body  # two filled lines and three empty ones


def test_a_plan_can_be_reported_but_a_draft_does_not_show_its_title(app, plan):
    with app.app_context():
        neighbour = factories.user().email
        draft = h.draft(title="Geheim plan")
        draft_id = draft.id
    client = _client(app, neighbour)
    assert "Report this plan" in _text(client.get(f"/plans/{plan['id']}"))
    page = client.get(f"/report/proposal/{plan['id']}")
    assert page.status_code == 200 and "Bankjes op het plein" in _text(page)
    assert "Geheim plan" not in _text(client.get(f"/report/proposal/{draft_id}"))
