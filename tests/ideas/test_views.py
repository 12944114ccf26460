"""Pages of the ideas auction: what people see, what they may do, and clear refusals (422 / 403 / 404)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import url_for

from tests import factories
from tests.ideas import helpers
from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas import services
from wijkhulp.ideas.models import (AuctionRound, Idea, NeedInput, NeedType, Outcome, Pledge, PledgeStatus,
                                   RoundStatus)


def _no_inline_code(html: str) -> None:
    assert "style=" not in html and "<script" not in html  # the CSP forbids both


def _setup(app, **round_kw):
    """A round with one idea by Anna; returns plain values."""
    with app.app_context():
        anna = factories.user(email="anna@example.org", display_name="Anna")
        bram = factories.user(email="bram@example.org", display_name="Bram")
        manager = factories.manager(email="manager@example.org")
        auction = helpers.auction_round(creator=manager, **round_kw)
        idea = helpers.idea(auction, author=anna, title="Moestuin")
        return {"round": auction.id, "idea": idea.id, "hours": idea.needs[0].id, "money": idea.needs[1].id,
                "hood": auction.neighbourhoods[0].id, "anna": anna.id, "bram": bram.id}


# ---------------------------------------------------------------- browsing

def test_the_overview_and_a_round_are_public_and_show_coverage(app, client):
    ids = _setup(app)
    with app.app_context():
        services.make_pledge(db.session.get(User, ids["bram"]), ids["idea"], ids["hours"],
                             amount=30)
    page = client.get("/ideas")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Open now" in html and f"/ideas/rounds/{ids['round']}" in html
    _no_inline_code(html)
    page = client.get(f"/ideas/rounds/{ids['round']}")
    html = page.get_data(as_text=True)
    assert "Moestuin" in html and "30 of 50 hours pledged" in html
    assert '<meter min="0" max="50" value="30"' in html
    _no_inline_code(html)
    html = client.get(f"/ideas/{ids['idea']}").get_data(as_text=True)
    assert "What I do myself" in html and "30 of 50 hours pledged" in html
    assert "Sign in to pledge" in html
    assert "Bram" not in html and "Anna" not in html and "A neighbour" in html  # visitors see no names
    _no_inline_code(html)
    factories.login(client, "anna@example.org")
    html = client.get(f"/ideas/{ids['idea']}").get_data(as_text=True)
    assert "Bram" in html and "An idea of Anna" in html


def test_the_main_menu_links_the_ideas_auction(client):
    assert 'href="/ideas"' in client.get("/ideas").get_data(as_text=True)


def test_drafts_and_hidden_ideas_are_not_shown(app, client):
    with app.app_context():
        draft = helpers.auction_round(status=RoundStatus.DRAFT)
        hidden = helpers.idea(helpers.auction_round(), hidden=True)
        ids = (draft.id, hidden.id)
    assert client.get(f"/ideas/rounds/{ids[0]}").status_code == 404
    assert client.get(f"/ideas/{ids[1]}").status_code == 404
    assert client.get("/ideas/rounds/999999").status_code == 404


def test_a_round_past_its_time_shows_as_closed_until_cron_closes_it(app, client):
    ids = _setup(app, closes_in=-0.001)
    html = client.get(f"/ideas/rounds/{ids['round']}").get_data(as_text=True)
    assert "This round closed on" in html
    with app.app_context():
        assert db.session.get(AuctionRound, ids["round"]).status == RoundStatus.OPEN  # a GET writes nothing
        assert services.close_due_rounds() == [ids["round"]]
        assert db.session.get(AuctionRound, ids["round"]).status == RoundStatus.CLOSED


# ---------------------------------------------------------------- submitting an idea

def _idea_form(hood: int, **overrides):
    data = {"title": "Bankjes verven", "description": "De bankjes in het park opknappen.",
            "own_contribution": "Ik schuur en verf mee.", "offer_in_return": "", "neighbourhood_id": str(hood),
            "needs-0-type": "materials", "needs-0-description": "Verf", "needs-0-quantity": "10",
            "needs-0-unit": "pieces",
            "needs-1-type": "", "needs-1-description": "", "needs-1-quantity": "", "needs-1-unit": "",
            "needs-2-type": "", "needs-2-description": "", "needs-2-quantity": "", "needs-2-unit": ""}
    data.update(overrides)
    return data


def test_a_resident_submits_an_idea(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    page = client.get(f"/ideas/rounds/{ids['round']}/ideas/new")
    assert page.status_code == 200
    _no_inline_code(page.get_data(as_text=True))
    response = client.post(f"/ideas/rounds/{ids['round']}/ideas/new", data=_idea_form(
        ids["hood"], **{"needs-1-type": "time", "needs-1-description": "Helpers", "needs-1-quantity": "1.000",
                        "needs-1-unit": "hours"}))
    assert response.status_code == 302
    with app.app_context():
        idea = db.session.scalars(db.select(Idea).where(Idea.title == "Bankjes verven")).one()
        assert [(n.type, n.quantity) for n in idea.needs] == [(NeedType.MATERIALS, 10), (NeedType.TIME, 1000)]
        assert response.headers["Location"].endswith(f"/ideas/{idea.id}")


@pytest.mark.parametrize("overrides, message", [
    ({"own_contribution": ""}, "Tell what you do yourself for this idea."),
    ({"needs-0-type": "", "needs-0-description": "", "needs-0-quantity": "", "needs-0-unit": ""},
     "Add at least one thing the idea needs"),
    ({"needs-0-quantity": "tien"}, "Enter a whole number, for example 20."),
    ({"needs-0-unit": ""}, "Choose a unit: euro, hours or pieces."),
    ({"needs-0-type": "money", "needs-0-unit": "pieces"}, "Money: choose euro as the unit."),
    ({"needs-0-quantity": "0"}, "Enter at least 1 piece."),
    ({"needs-0-quantity": "10001"}, "Enter at most 10000 pieces."),
])
def test_bad_ideas_come_back_with_a_clear_message(app, client, overrides, message):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    response = client.post(f"/ideas/rounds/{ids['round']}/ideas/new", data=_idea_form(ids["hood"], **overrides))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'role="alert"' in html
    with app.app_context():
        assert helpers.count(Idea) == 1  # only the one from _setup


def test_adding_a_row_for_another_need_keeps_what_was_typed(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    response = client.post(f"/ideas/rounds/{ids['round']}/ideas/new",
                           data={**_idea_form(ids["hood"]), "add_need": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="needs-3-type"' in html and "Bankjes verven" in html
    with app.app_context():
        assert helpers.count(Idea) == 1


def test_visitors_are_sent_to_sign_in_and_unconfirmed_accounts_are_told_what_to_do(app, client):
    ids = _setup(app)
    response = client.get(f"/ideas/rounds/{ids['round']}/ideas/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    with app.app_context():
        factories.user(email="new@example.org", verified=False)
    factories.login(client, "new@example.org")
    response = client.get(f"/ideas/rounds/{ids['round']}/ideas/new")
    assert response.status_code == 403
    assert "confirm your e-mail address" in response.get_data(as_text=True)


def test_a_closed_round_sends_you_back_with_an_explanation(app, client):
    ids = _setup(app, status=RoundStatus.CLOSED, opens_in=-9, closes_in=-1)
    factories.login(client, "bram@example.org")
    response = client.get(f"/ideas/rounds/{ids['round']}/ideas/new", follow_redirects=True)
    assert "This round does not take ideas right now." in response.get_data(as_text=True)


# ---------------------------------------------------------------- pledging

def test_pledging_as_a_resident_and_for_an_organisation(app, client):
    ids = _setup(app)
    with app.app_context():
        bram = db.session.get(User, ids["bram"])
        organisation = helpers.organisation(members=[bram], name="Bakkerij De Vecht")
        org_id = organisation.id
    factories.login(client, "bram@example.org")
    page = client.get(f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Bakkerij De Vecht (I am a member)" in html
    assert "In hours, from 1 to 50 hours." in html
    _no_inline_code(html)
    url = f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge"
    assert client.post(url, data={"partner": "me", "amount": "5", "description": "Zaterdag"}).status_code == 302
    assert client.post(url, data={"partner": f"o:{org_id}", "amount": "20", "estimated_value": "€ 1.250,50",
                                  "conditions": "Alleen in mei"}).status_code == 302
    response = client.post(url, data={"partner": "me", "amount": "7"}, follow_redirects=True)
    assert "It replaces your earlier pledge" in response.get_data(as_text=True)
    with app.app_context():
        rows = helpers.pledges()
        assert [(p.partner_name, p.amount, p.estimated_value_cents) for p in rows] == [
            ("Bram", 7, None), ("Bakkerij De Vecht", 20, 125050)]


@pytest.mark.parametrize("data, message", [
    ({"amount": "51"}, "Enter at most 50 hours: that is what this idea needs."),
    ({"amount": "0"}, "Enter at least 1 hour."),
    ({"amount": "-3"}, "Enter at least 1 hour."),
    ({"amount": "drie"}, "Enter a whole number, for example 20."),
    ({"amount": ""}, "Enter how much you pledge"),
    ({"amount": "5", "estimated_value": "veel"}, "Enter an amount in euros"),
])
def test_bad_pledges_come_back_with_a_clear_message(app, client, data, message):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    response = client.post(f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge", data={"partner": "me", **data})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert helpers.count(Pledge) == 0


def test_acting_for_an_organisation_you_are_not_a_member_of_is_refused(app, client):
    ids = _setup(app)
    with app.app_context():
        organisation = helpers.organisation(name="Niet van Bram")
        org_id = organisation.id
    factories.login(client, "bram@example.org")
    response = client.post(f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge",
                           data={"partner": f"o:{org_id}", "amount": "5"})
    assert response.status_code == 422  # not one of Bram's choices
    with app.app_context():
        assert helpers.count(Pledge) == 0


def test_changing_and_withdrawing_a_pledge(app, client):
    ids = _setup(app)
    with app.app_context():
        bram = db.session.get(User, ids["bram"])
        pledge, _ = services.make_pledge(bram, ids["idea"], ids["hours"], amount=5)
        pledge_id = pledge.id
    factories.login(client, "anna@example.org")
    assert client.get(f"/ideas/pledges/{pledge_id}/edit").status_code == 403
    assert client.post(f"/ideas/pledges/{pledge_id}/withdraw").status_code == 403
    client.post("/logout")
    factories.login(client, "bram@example.org")
    assert client.get(f"/ideas/pledges/{pledge_id}/edit").status_code == 200
    assert client.post(f"/ideas/pledges/{pledge_id}/edit", data={"amount": "99"}).status_code == 422
    assert client.post(f"/ideas/pledges/{pledge_id}/edit", data={"amount": "9"}).status_code == 302
    assert client.get(f"/ideas/pledges/{pledge_id}/withdraw").status_code == 200
    assert client.post(f"/ideas/pledges/{pledge_id}/withdraw").status_code == 302
    with app.app_context():
        pledge = db.session.get(Pledge, pledge_id)
        assert (pledge.amount, pledge.status) == (9, PledgeStatus.WITHDRAWN)


def test_no_pledge_form_on_a_closed_round(app, client):
    ids = _setup(app, status=RoundStatus.CLOSED, opens_in=-9, closes_in=-1)
    factories.login(client, "bram@example.org")
    response = client.post(f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge", data={"partner": "me",
                                                                                      "amount": "5"})
    assert response.status_code == 302
    with app.app_context():
        assert helpers.count(Pledge) == 0


# ---------------------------------------------------------------- deciding, results, follow-up

def _closed_with_pledge(app):
    ids = _setup(app)
    with app.app_context():
        bram = db.session.get(User, ids["bram"])
        pledge, _ = services.make_pledge(bram, ids["idea"], ids["hours"], amount=50, estimated_value_cents=50000)
        auction = db.session.get(AuctionRound, ids["round"])
        auction.closes_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        services.close_due_rounds()
        ids["pledge"] = pledge.id
    return ids


def test_the_owner_accepts_a_pledge_others_get_403(app, client):
    ids = _closed_with_pledge(app)
    factories.login(client, "bram@example.org")
    assert client.post(f"/ideas/pledges/{ids['pledge']}/decision", data={"decision": "accept"}).status_code == 403
    client.post("/logout")
    factories.login(client, "anna@example.org")
    html = client.get(f"/ideas/{ids['idea']}").get_data(as_text=True)
    assert "1 pledge waits for your decision." in html and "Accept the pledge of Bram" in html
    response = client.post(f"/ideas/pledges/{ids['pledge']}/decision", data={"decision": "accept"},
                           follow_redirects=True)
    assert "You accepted the pledge of Bram." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Pledge, ids["pledge"]).status == PledgeStatus.ACCEPTED
        assert db.session.get(Idea, ids["idea"]).outcome == Outcome.PARTLY_MATCHED
    html = client.get(f"/ideas/rounds/{ids['round']}/results").get_data(as_text=True)
    assert "Accepted pledges per partner" in html and "Bram" in html and "€500.00" in html
    _no_inline_code(html)


def test_results_wait_until_the_round_closes(app, client):
    ids = _setup(app)
    html = client.get(f"/ideas/rounds/{ids['round']}/results").get_data(as_text=True)
    assert "The results appear when the round has closed" in html


def test_the_follow_up_form(app, client):
    ids = _closed_with_pledge(app)
    with app.app_context():
        anna = db.session.get(User, ids["anna"])
        services.decide_pledge(anna, ids["pledge"], accept=True)
    factories.login(client, "anna@example.org")
    assert client.get(f"/ideas/{ids['idea']}/follow-up").status_code == 200
    assert client.post(f"/ideas/{ids['idea']}/follow-up", data={"note": "x"}).status_code == 422
    response = client.post(f"/ideas/{ids['idea']}/follow-up", data={"realised": "partly", "note": "Bijna klaar"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Partly, it is under way" in html and "Bijna klaar" in html
    client.post("/logout")
    factories.login(client, "bram@example.org")
    assert client.get(f"/ideas/{ids['idea']}/follow-up").status_code == 403


def test_my_ideas_and_pledges(app, client):
    ids = _closed_with_pledge(app)
    factories.login(client, "anna@example.org")
    html = client.get("/ideas/mine").get_data(as_text=True)
    assert "Moestuin" in html and "1 pledge waits for your decision." in html
    client.post("/logout")
    factories.login(client, "bram@example.org")
    html = client.get("/ideas/mine").get_data(as_text=True)
    assert "Moestuin" in html and "Offered" in html


# ---------------------------------------------------------------- managers: rounds, approval, the auction evening

def test_a_manager_creates_and_publishes_a_round_through_the_pages(app, client):
    with app.app_context():
        factories.manager(email="manager@example.org")
        hood = helpers.neighbourhood("Maarssen").id
    factories.login(client, "manager@example.org")
    page = client.get("/ideas/rounds/new")
    assert page.status_code == 200 and "Maarssen" in page.get_data(as_text=True)
    bad = client.post("/ideas/rounds/new", data={"name": "Ronde", "opens_at": "2030-03-01T19:00",
                                                 "closes_at": "2030-02-01T19:00"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "Choose at least one neighbourhood" in html or "The round must close after it opens." in html
    response = client.post("/ideas/rounds/new", data={
        "name": "Ideeënveiling Maarssen", "description": "Doe mee", "neighbourhoods": [str(hood)],
        "opens_at": "14-03-2030 19:30", "closes_at": "2030-04-01T22:00", "requires_approval": "y"})
    assert response.status_code == 302
    with app.app_context():
        auction = db.session.scalars(db.select(AuctionRound)).one()
        assert auction.status == RoundStatus.DRAFT and auction.requires_approval
        assert auction.opens_at.isoformat() == "2030-03-14T18:30:00+00:00"  # 19:30 Dutch winter time
        assert auction.closes_at.isoformat() == "2030-04-01T20:00:00+00:00"  # 22:00 Dutch summer time
        round_id = auction.id
    edit = client.get(f"/ideas/rounds/{round_id}/edit").get_data(as_text=True)
    assert 'value="2030-03-14T19:30"' in edit
    assert client.post(f"/ideas/rounds/{round_id}/publish").status_code == 302
    with app.app_context():
        assert db.session.get(AuctionRound, round_id).status == RoundStatus.OPEN


def test_round_pages_for_managers_only(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    for url in ("/ideas/rounds/new", f"/ideas/rounds/{ids['round']}/edit", "/ideas/rounds",
                f"/ideas/rounds/{ids['round']}/record-pledge",
                f"/ideas/rounds/{ids['round']}/close"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/ideas/rounds/{ids['round']}/publish").status_code == 403


def test_the_presenter_page_refreshes_itself_only_when_the_presenter_chooses(app, client):
    ids = _setup(app)
    with app.app_context():
        bram = db.session.get(User, ids["bram"])
        helpers.idea(db.session.get(AuctionRound, ids["round"]), title="Tweede idee")
        services.make_pledge(bram, ids["idea"], ids["hours"], amount=10)
    factories.login(client, "manager@example.org")
    html = client.get(f"/ideas/rounds/{ids['round']}/presenter").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in html and "Refresh every 15 seconds" in html  # WCAG 2.2.1: off by default
    assert "Idea 1 of 2" in html and "Moestuin" in html and "Bram" in html and "Next idea" in html
    assert "style=" not in html and "<script>" not in html
    html = client.get(f"/ideas/rounds/{ids['round']}/presenter?position=2&refresh=15").get_data(as_text=True)
    assert re.search(r'<meta http-equiv="refresh" content="15">', html)
    assert "Tweede idee" in html and "Previous idea" in html
    assert client.get(f"/ideas/rounds/{ids['round']}/presenter?position=99").status_code == 200


def test_a_manager_records_a_pledge_made_in_the_room(app, client):
    ids = _setup(app)
    with app.app_context():
        org_id = helpers.organisation(name="Vechtzorg").id
    factories.login(client, "manager@example.org")
    url = f"/ideas/rounds/{ids['round']}/record-pledge?idea={ids['idea']}"
    assert client.get(url).status_code == 200
    bad = client.post(url, data={"need_id": str(ids["hours"]), "partner_kind": "guest", "guest_name": "",
                                 "amount": "5"})
    assert bad.status_code == 422 and "Choose one partner" in bad.get_data(as_text=True)
    ok = client.post(url, data={"need_id": str(ids["hours"]), "partner_kind": "organisation",
                                "organisation_id": str(org_id), "guest_name": "ignored", "amount": "12"})
    assert ok.status_code == 302
    ok = client.post(url, data={"need_id": str(ids["money"]), "partner_kind": "guest",
                                "guest_name": "Bakker Jan", "amount": "100"}, follow_redirects=True)
    assert "The pledge of Bakker Jan has been recorded." in ok.get_data(as_text=True)
    with app.app_context():
        assert [(p.partner_name, p.amount) for p in helpers.pledges()] == [("Vechtzorg", 12), ("Bakker Jan", 100)]


def test_approving_an_idea_through_the_page(app, client):
    ids = _setup(app, requires_approval=True)
    with app.app_context():
        anna = db.session.get(User, ids["anna"])
        auction = db.session.get(AuctionRound, ids["round"])
        idea = services.submit_idea(anna, auction.id, title="Nog te keuren", description="d", own_contribution="o",
                                    neighbourhood_id=ids["hood"],
                                    needs=[NeedInput(type="time", description="Uren", quantity=4, unit="hours")])
        idea_id = idea.id
    assert client.get(f"/ideas/{idea_id}").status_code == 404  # not public yet
    factories.login(client, "manager@example.org")
    html = client.get(f"/ideas/rounds/{ids['round']}").get_data(as_text=True)
    assert "1 idea waits for approval" in html
    bad = client.post(f"/ideas/{idea_id}/review", data={"decision": "reject", "reason": ""})
    assert bad.status_code == 422 and "Write in a few words why" in bad.get_data(as_text=True)
    assert client.post(f"/ideas/{idea_id}/review", data={"decision": "approve"}).status_code == 302
    client.post("/logout")
    assert client.get(f"/ideas/{idea_id}").status_code == 200


def test_closing_a_round_by_hand(app, client):
    ids = _setup(app)
    factories.login(client, "manager@example.org")
    assert client.get(f"/ideas/rounds/{ids['round']}/close").status_code == 200
    assert client.post(f"/ideas/rounds/{ids['round']}/close").status_code == 302
    with app.app_context():
        assert db.session.get(AuctionRound, ids["round"]).status == RoundStatus.CLOSED


def test_the_organisation_page_lists_its_pledges(app, client):
    ids = _setup(app)
    with app.app_context():
        bram = db.session.get(User, ids["bram"])
        organisation = helpers.organisation(members=[bram], name="Bakkerij De Vecht")
        services.make_pledge(bram, ids["idea"], ids["hours"], amount=8, organisation_id=organisation.id)
        org_id = organisation.id
    html = client.get(f"/organisations/{org_id}").get_data(as_text=True)
    assert "Pledges in the ideas auction" in html and "Moestuin" in html and "8 hours" in html


def test_notification_paths_match_the_routes(app):
    with app.test_request_context():
        assert services.round_path(3) == url_for("ideas.show_round", round_id=3)
        assert services.idea_path(4) == url_for("ideas.show_idea", idea_id=4)
        assert services.followup_path(5) == url_for("ideas.follow_up", idea_id=5)
        from wijkhulp.organisations import services as organisation_services

        assert organisation_services.organisation_path(6) == url_for("organisations.show", organisation_id=6)
        assert organisation_services.invitation_path(7) == url_for("organisations.show_invitation",
                                                                   invitation_id=7)
        assert organisation_services.REVIEW_PATH == url_for("organisations.admin_index")
        assert organisation_services.REGISTER_PATH == url_for("auth.register")


def test_the_admin_page_links_rounds_and_organisations(app, client):
    with app.app_context():
        factories.admin(email="admin@example.org")
    factories.login(client, "admin@example.org")
    html = client.get("/admin/").get_data(as_text=True)
    assert 'href="/ideas/rounds"' in html and 'href="/organisations/review"' in html


def test_owners_do_not_pledge_on_their_own_idea_except_for_an_organisation(app, client):
    ids = _setup(app)
    factories.login(client, "anna@example.org")
    html = client.get(f"/ideas/{ids['idea']}").get_data(as_text=True)
    assert "Pledge for this need" not in html
    response = client.get(f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge", follow_redirects=True)
    assert "This is your own idea." in response.get_data(as_text=True)
    with app.app_context():
        anna = db.session.get(User, ids["anna"])
        org_id = helpers.organisation(members=[anna], name="Stichting Moestuin").id
    html = client.get(f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge").get_data(as_text=True)
    assert "Me, as a resident" not in html and "You pledge for: Stichting Moestuin" in html
    assert client.post(f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge",
                       data={"partner": f"o:{org_id}", "amount": "4"}).status_code == 302
    assert client.post(f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge",
                       data={"partner": "me", "amount": "4"}).status_code == 422
    with app.app_context():
        assert [p.partner_name for p in helpers.pledges()] == ["Stichting Moestuin"]


def test_editing_an_idea_with_pledges_keeps_its_needs(app, client):
    ids = _setup(app)
    with app.app_context():
        services.make_pledge(db.session.get(User, ids["bram"]), ids["idea"], ids["hours"], amount=5)
    factories.login(client, "anna@example.org")
    page = client.get(f"/ideas/{ids['idea']}/edit").get_data(as_text=True)
    assert "can no longer be changed" in page and 'type="hidden" name="needs-0-quantity" value="50"' in page
    hidden = dict(re.findall(r'<input type="hidden" name="(needs-\d-\w+)" value="([^"]*)"', page))
    response = client.post(f"/ideas/{ids['idea']}/edit", data={
        "title": "Moestuin 2.0", "description": "Groter", "own_contribution": "Alles", "neighbourhood_id":
        str(ids["hood"]), **hidden})
    assert response.status_code == 302
    with app.app_context():
        idea = db.session.get(Idea, ids["idea"])
        assert idea.title == "Moestuin 2.0" and [n.quantity for n in idea.needs] == [50, 300]


def test_a_manager_enters_an_idea_for_a_neighbourhood_table_in_a_draft_round(app, client):
    ids = _setup(app, status=RoundStatus.DRAFT)
    factories.login(client, "manager@example.org")
    form = client.get(f"/ideas/rounds/{ids['round']}/ideas/new").get_data(as_text=True)
    assert "Entered on behalf of a neighbourhood table" in form
    response = client.post(f"/ideas/rounds/{ids['round']}/ideas/new",
                           data=_idea_form(ids["hood"], entered_for="Wijktafel Zuilen"))
    assert response.status_code == 302
    with app.app_context():
        idea = db.session.scalars(db.select(Idea).where(Idea.entered_for == "Wijktafel Zuilen")).one()
        assert idea.author.email == "manager@example.org"


def test_what_people_type_is_shown_as_text(app, client):
    with app.app_context():
        auction = helpers.auction_round()
        idea = helpers.idea(auction, title="<script>alert(1)</script>")
        idea.description = "<b>vet</b>"
        db.session.commit()
        ids = (auction.id, idea.id)
    for path in (f"/ideas/{ids[1]}", f"/ideas/rounds/{ids[0]}"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b>vet</b>" not in client.get(f"/ideas/{ids[1]}").get_data(as_text=True)


def test_a_closed_round_cannot_be_edited(app, client):
    ids = _setup(app, status=RoundStatus.CLOSED, opens_in=-9, closes_in=-1)
    factories.login(client, "manager@example.org")
    response = client.get(f"/ideas/rounds/{ids['round']}/edit", follow_redirects=True)
    assert "This round has closed and can no longer be changed." in response.get_data(as_text=True)
