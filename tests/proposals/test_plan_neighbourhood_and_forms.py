"""Issue 13, item 15 for plans: a plan asks which of its call's neighbourhoods it is for (defaulting from the lead's
postcode) and is filed there in the audit log; "Send the plan" is the primary button only when the plan can be
sent; the plan form shows every problem at once."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.proposals import services
from wijkhulp.proposals.models import InvalidProposal, Proposal

END = (date.today() + timedelta(days=60)).isoformat()


def _two_village_call():
    """A call for Breukelen and Maarssen (Breukelen comes first by name)."""
    maarssen = h.neighbourhood()
    breukelen = h.neighbourhood("Breukelen", "3621")
    call = h.call(neighbourhood_ids=[breukelen.id, maarssen.id])
    return call, maarssen, breukelen


def _plan_form(**overrides: str) -> dict[str, str]:
    form = {"title": "Bankjes op het plein", "summary": "Drie bankjes.", "contribution": "Buren ontmoeten elkaar.",
            "plan_execution": "Wij plaatsen ze samen.", "planned_end_on": END, "lines-0-item": "Bankjes",
            "lines-0-amount": "300"}
    form.update(overrides)
    return form


def _client(app, email):
    client = app.test_client()
    factories.login(client, email)
    return client


def test_an_approved_plan_of_a_maarssen_team_is_filed_under_maarssen(ctx):
    call, maarssen, _ = _two_village_call()
    manager = h.manager()
    h.assign(manager, *[hood for hood in call.neighbourhoods if hood.id != maarssen.id])
    proposal = h.submitted(call)  # the lead lives in 3601: Maarssen
    assert proposal.neighbourhood_id == maarssen.id
    services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=30_000)
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("proposal.%approve%"))).all()
    assert entry.pc4 == "3601"  # was the call's first area: 3621, Breukelen


def test_the_team_chooses_another_neighbourhood_of_the_call(ctx):
    call, _, breukelen = _two_village_call()
    proposal = h.draft(call, neighbourhood_id=breukelen.id)
    assert proposal.neighbourhood_id == breukelen.id and proposal.area_pc4 == "3621"


def test_a_neighbourhood_outside_the_call_is_refused(ctx):
    call = h.call()
    elsewhere = h.neighbourhood("Vreeland", "3633")
    lead = factories.user()
    with pytest.raises(InvalidProposal) as refused:
        services.start_proposal(lead, call.id, h.plan_data(neighbourhood_id=elsewhere.id))
    assert refused.value.field == "neighbourhood_id"
    assert db.session.scalars(select(Proposal)).first() is None


def test_a_lead_from_outside_the_call_must_choose(ctx):
    call, _, _ = _two_village_call()
    lead = factories.user(postcode="3633 AA")  # Vreeland: in neither neighbourhood
    with pytest.raises(InvalidProposal) as refused:
        services.start_proposal(lead, call.id, h.plan_data())
    assert str(refused.value.message) == "Choose the neighbourhood your plan is for."


def test_the_form_offers_only_the_calls_neighbourhoods_with_the_leads_chosen(app):
    with app.app_context():
        call, maarssen, breukelen = _two_village_call()
        h.neighbourhood("Vreeland", "3633")
        call_id, maarssen_id, breukelen_id = call.id, maarssen.id, breukelen.id
        email = factories.user().email
    client = _client(app, email)
    html = client.get(f"/plans/calls/{call_id}/new").get_data(as_text=True)
    assert "For which neighbourhood is your plan?" in html
    assert "Breukelen" in html and "Vreeland" not in html
    assert re.search(rf'<input checked[^>]*value="{maarssen_id}"', html)
    response = client.post(f"/plans/calls/{call_id}/new", data=_plan_form(neighbourhood_id=str(breukelen_id)))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Proposal)).one().neighbourhood_id == breukelen_id


def test_a_posted_neighbourhood_of_another_call_is_refused_in_the_form(app):
    with app.app_context():
        call_id = h.call().id
        other_id = h.neighbourhood("Vreeland", "3633").id
        email = factories.user().email
    client = _client(app, email)
    response = client.post(f"/plans/calls/{call_id}/new", data=_plan_form(neighbourhood_id=str(other_id)))
    assert response.status_code == 422
    assert "Choose the neighbourhood your plan is for." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Proposal)).first() is None


def test_the_plan_page_shows_its_neighbourhood(app):
    with app.app_context():
        call, _, breukelen = _two_village_call()
        proposal = h.submitted(call, neighbourhood_id=breukelen.id)
        proposal_id = proposal.id
    html = app.test_client().get(f"/plans/{proposal_id}").get_data(as_text=True)
    assert "<dt>Neighbourhood</dt><dd>Breukelen</dd>" in html


def test_every_problem_of_the_plan_form_shows_at_once(app):
    with app.app_context():
        call_id = h.call().id
        email = factories.user().email
    client = _client(app, email)
    response = client.post(f"/plans/calls/{call_id}/new", data=_plan_form(
        title="", planned_end_on="2020-01-01", **{"lines-0-amount": "", "lines-1-item": "", "lines-1-amount": "50",
                                                   "lines-2-item": "Verf", "lines-2-amount": "veel"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Give your plan a title.", "Choose a date in the future.", "Fill in an amount for this line.",
                    "Say what this amount is for.", "Enter an amount in euros"):
        assert message in html, message
    with app.app_context():
        assert db.session.scalars(select(Proposal)).first() is None


# ---------------------------------------------------------------- "Send the plan"

def _buttons(html: str) -> dict[str, str]:
    """Link text -> its classes, for the button links of the plan page."""
    return {text.strip(): classes for classes, text in re.findall(r'<a class="(button[^"]*)"[^>]*>([^<]+)</a>', html)}


def test_send_the_plan_is_no_primary_button_while_the_team_is_too_small(app):
    with app.app_context():
        proposal = h.draft()
        proposal_id, email = proposal.id, proposal.lead.email
    client = _client(app, email)
    html = client.get(f"/plans/{proposal_id}").get_data(as_text=True)
    buttons = _buttons(html)
    assert "Send the plan" not in buttons
    assert "button--primary" in buttons["Team"] and "button--primary" not in buttons["Change the plan"]
    assert "Before you can send your plan, this is still needed:" in html


def test_send_the_plan_is_primary_when_the_plan_can_be_sent(app):
    with app.app_context():
        proposal = h.ready()
        proposal_id, email = proposal.id, proposal.lead.email
    client = _client(app, email)
    buttons = _buttons(client.get(f"/plans/{proposal_id}").get_data(as_text=True))
    assert "button--primary" in buttons["Send the plan"]
    assert "button--primary" not in buttons["Team"] and "button--primary" not in buttons["Change the plan"]


def test_a_missing_text_makes_change_the_plan_the_primary_button(app):
    with app.app_context():
        proposal = h.ready(summary="")
        proposal_id, email = proposal.id, proposal.lead.email
    client = _client(app, email)
    buttons = _buttons(client.get(f"/plans/{proposal_id}").get_data(as_text=True))
    assert "Send the plan" not in buttons and "button--primary" in buttons["Change the plan"]
