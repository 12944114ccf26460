"""Issue 13, items 14 and 15: the presenter mode of the auction evening (public as its round, no site chrome, opt-in
timed refresh, a JSON state for its script) and the amounts of needs and pledges (whole euros, messages in the
unit of the need, every error of a form at once, "2 of 3 needs covered")."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.ideas import helpers
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.ideas import services
from wijkhulp.ideas.models import AuctionRound, Idea, NeedType, Pledge, RoundStatus, Unit


def _setup(app, **round_kw):
    with app.app_context():
        anna = factories.user(email="anna@example.org", display_name="Anna Jansen")
        bram = factories.user(email="bram@example.org", display_name="Bram Bakker")
        factories.user(email="nl@example.org", display_name="Nel", locale="nl")
        manager = factories.manager(email="manager@example.org")
        auction = helpers.auction_round(creator=manager, **round_kw)
        idea = helpers.idea(auction, author=anna, title="Moestuin", needs=[
            (NeedType.TIME, "Helpers", 40, Unit.HOURS), (NeedType.MONEY, "Zaden", 300, Unit.EURO),
            (NeedType.MATERIALS, "Bakken", 8, Unit.PIECES)])
        second = helpers.idea(auction, author=anna, title="Tweede idee")
        return {"round": auction.id, "idea": idea.id, "second": second.id, "hours": idea.needs[0].id,
                "money": idea.needs[1].id, "pieces": idea.needs[2].id, "hood": auction.neighbourhoods[0].id,
                "bram": bram.id}


def _pledges(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Pledge.id)))


def _pledge(client, ids, need: str, amount: str, **extra):
    data = {"partner": "me", "amount": amount, "description": "", "estimated_value": "", "conditions": "", **extra}
    return client.post(f"/ideas/{ids['idea']}/needs/{ids[need]}/pledge", data=data)


# ---------------------------------------------------------------- pledges: amounts in the unit of the need

def test_a_negative_money_pledge_asks_for_at_least_one_euro_in_dutch(app, client):
    ids = _setup(app)
    factories.login(client, "nl@example.org")
    response = _pledge(client, ids, "money", "-100")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul een bedrag van minstens € 1 in." in html
    assert "heel getal" not in html
    assert _pledges(app) == 0


@pytest.mark.parametrize("need, amount, message", [
    ("money", "0", "Enter an amount of at least € 1."),
    ("money", "-1", "Enter an amount of at least € 1."),
    ("money", "301", "Enter at most €300: that is what this idea needs."),
    ("money", "150,50", "Enter whole euros, without cents, for example 150."),
    ("money", "tien", "Enter an amount in whole euros, for example 150."),
    ("hours", "0", "Enter at least 1 hour."),
    ("hours", "41", "Enter at most 40 hours: that is what this idea needs."),
    ("hours", "2,5", "Enter a whole number, for example 20."),
    ("pieces", "-3", "Enter at least 1 piece."),
    ("money", "", "Enter how much you pledge."),
])
def test_a_pledge_outside_its_bounds_is_refused_in_the_unit_of_the_need(app, client, need, amount, message):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    response = _pledge(client, ids, need, amount)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _pledges(app) == 0


@pytest.mark.parametrize("amount, stored", [("1", 1), ("300", 300), ("€ 150", 150), ("150,00", 150),
                                            ("150,-", 150), ("1,5", None)])
def test_whole_euros_at_the_boundaries_are_accepted(app, client, amount, stored):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    response = _pledge(client, ids, "money", amount)
    with app.app_context():
        amounts = list(db.session.scalars(db.select(Pledge.amount)))
    if stored is None:
        assert response.status_code == 422 and amounts == []
    else:
        assert response.status_code == 302 and amounts == [stored]


def test_the_pledge_form_shows_the_limits_in_whole_euros(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    html = client.get(f"/ideas/{ids['idea']}/needs/{ids['money']}/pledge").get_data(as_text=True)
    assert "In whole euros, from € 1 to €300." in html
    assert "300.00" not in html


def test_every_error_of_the_pledge_form_shows_at_once(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    response = _pledge(client, ids, "money", "-5", description="x" * 501, estimated_value="veel")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter an amount of at least € 1." in html
    assert "Use at most 500 characters." in html
    assert "Enter an amount in euros, for example 150 or 150,50." in html


def test_a_manager_recording_a_pledge_gets_the_same_bound_messages(app, client):
    ids = _setup(app)
    factories.login(client, "manager@example.org")
    response = client.post(f"/ideas/rounds/{ids['round']}/record-pledge?idea={ids['idea']}", data={
        "need_id": str(ids["money"]), "partner_kind": "guest", "guest_name": "", "amount": "-100",
        "organisation_id": "0", "resident_email": "", "description": "", "estimated_value": "", "conditions": ""})
    assert response.status_code == 422
    assert "Enter an amount of at least € 1." in response.get_data(as_text=True)
    assert _pledges(app) == 0


def test_an_edited_pledge_is_checked_against_its_need(app, client):
    ids = _setup(app)
    with app.app_context():
        pledge, _ = services.make_pledge(db.session.get(User, ids["bram"]), ids["idea"], ids["hours"], amount=5)
        pledge_id = pledge.id
    factories.login(client, "bram@example.org")
    response = client.post(f"/ideas/pledges/{pledge_id}/edit", data={
        "amount": "0", "description": "", "estimated_value": "", "conditions": ""})
    assert response.status_code == 422 and "Enter at least 1 hour." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Pledge, pledge_id).amount == 5


# ---------------------------------------------------------------- needs: the unit follows from the kind

def _idea_form(hood: int, **overrides):
    data = {"title": "Bankjes verven", "description": "De bankjes in het park opknappen.",
            "own_contribution": "Ik schuur en verf mee.", "offer_in_return": "", "neighbourhood_id": str(hood)}
    for row in range(3):
        data.update({f"needs-{row}-type": "", f"needs-{row}-description": "", f"needs-{row}-quantity": "",
                     f"needs-{row}-unit": ""})
    data.update(overrides)
    return data


def test_money_and_time_needs_take_their_unit_from_their_kind(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    response = client.post(f"/ideas/rounds/{ids['round']}/ideas/new", data=_idea_form(ids["hood"], **{
        "needs-0-type": "money", "needs-0-description": "Verf", "needs-0-quantity": "€ 250",
        "needs-1-type": "time", "needs-1-description": "Schilders", "needs-1-quantity": "12"}))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        idea = db.session.scalars(db.select(Idea).where(Idea.title == "Bankjes verven")).one()
        assert [(n.type, n.quantity, n.unit) for n in idea.needs] == [
            (NeedType.MONEY, 250, Unit.EURO), (NeedType.TIME, 12, Unit.HOURS)]


def test_every_error_of_the_idea_form_shows_at_once(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    response = client.post(f"/ideas/rounds/{ids['round']}/ideas/new", data=_idea_form(ids["hood"], **{
        "title": "",
        "needs-0-type": "money", "needs-0-description": "Verf", "needs-0-quantity": "-100",
        "needs-1-type": "time", "needs-1-description": "Schilders", "needs-1-quantity": "5", "needs-1-unit": "pieces",
        "needs-2-type": "materials", "needs-2-description": "Kwasten", "needs-2-quantity": "20000",
        "needs-2-unit": "pieces"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give your idea a short title." in html
    assert "Enter an amount of at least € 1." in html
    assert "Volunteers (time): choose hours as the unit." in html
    assert "Enter at most 10000 pieces." in html
    with app.app_context():
        assert db.session.scalars(db.select(Idea).where(Idea.title == "")).first() is None


def test_a_need_of_minus_100_euros_gets_the_dutch_message(app, client):
    ids = _setup(app)
    factories.login(client, "nl@example.org")
    response = client.post(f"/ideas/rounds/{ids['round']}/ideas/new", data=_idea_form(ids["hood"], **{
        "needs-0-type": "money", "needs-0-description": "Verf", "needs-0-quantity": "-100"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Vul een bedrag van minstens € 1 in." in html


# ---------------------------------------------------------------- coverage on the idea page

def test_the_idea_says_how_many_needs_are_covered(app, client):
    ids = _setup(app)
    with app.app_context():
        bram = db.session.get(User, ids["bram"])
        services.make_pledge(bram, ids["idea"], ids["money"], amount=300)
        services.make_pledge(bram, ids["idea"], ids["hours"], amount=10)
    html = client.get(f"/ideas/{ids['idea']}").get_data(as_text=True)
    assert "1 of 3 needs covered" in html
    assert "€300 of €300 pledged" in html and "300.00" not in html
    factories.login(client, "nl@example.org")
    html = client.get(f"/ideas/{ids['idea']}").get_data(as_text=True).replace("\u00a0", " ")
    assert "1 van 3 behoeften gedekt" in html and "€ 300 van € 300 geboden" in html


# ---------------------------------------------------------------- presenter mode

def _presenter(client, ids, query=""):
    return client.get(f"/ideas/rounds/{ids['round']}/presenter{query}")


def test_the_presenter_page_has_no_site_chrome_and_no_timed_refresh_by_default(app, client):
    ids = _setup(app)
    factories.login(client, "manager@example.org")
    html = _presenter(client, ids).get_data(as_text=True)
    assert 'class="site-header' not in html and "Main menu" not in html and "site-footer" not in html
    assert 'http-equiv="refresh"' not in html
    assert "Refresh now" in html and "?position=1&amp;refresh=15" in html  # the presenter may switch it on
    assert '<link rel="next" href="/ideas/rounds/' in html and 'rel="prev"' not in html
    assert re.search(r'<script src="/static/js/presenter\.js(\?v=[0-9a-f]+)?" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "style=" not in html and " onclick" not in html
    assert "Idea 1 of 2" in html and "Moestuin" in html and "0 of 3 needs covered" in html
    assert "Record a pledge" in html


def test_the_presenter_switches_the_timed_refresh_on_and_off(app, client):
    ids = _setup(app)
    html = _presenter(client, ids, "?position=2&refresh=30").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="30">' in html
    assert "Tweede idee" in html and 'rel="prev"' in html and "Stop refreshing" in html
    assert "position=1&amp;refresh=30" in html  # navigating keeps the choice
    assert 'http-equiv="refresh"' not in _presenter(client, ids, "?refresh=off").get_data(as_text=True)
    html = _presenter(client, ids, "?refresh=1").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="5">' in html  # never faster than every 5 seconds


def test_visitors_see_the_presenter_of_a_public_round_without_residents_names(app, client):
    ids = _setup(app)
    with app.app_context():
        services.make_pledge(db.session.get(User, ids["bram"]), ids["idea"], ids["hours"], amount=10)
    response = _presenter(client, ids)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bram" not in html and "Anna" not in html and "A neighbour" in html
    assert "Record a pledge" not in html
    state = client.get(f"/ideas/rounds/{ids['round']}/presenter/state.json").get_json()
    assert "Bram" not in str(state) and state["pledges"][0]["partner"] == "A neighbour"
    factories.login(client, "nl@example.org")
    state = client.get(f"/ideas/rounds/{ids['round']}/presenter/state.json").get_json()
    assert state["pledges"][0]["partner"] == "Bram Bakker"  # signed-in residents see names, as on the idea page


def test_the_presenter_of_a_draft_round_is_for_its_managers_only(app, client):
    ids = _setup(app, status=RoundStatus.DRAFT)
    assert _presenter(client, ids).status_code == 404
    assert client.get(f"/ideas/rounds/{ids['round']}/presenter/state.json").status_code == 404
    factories.login(client, "bram@example.org")
    assert _presenter(client, ids).status_code == 404
    assert client.get(f"/ideas/rounds/{ids['round']}/presenter/state.json").status_code == 404
    with app.app_context():
        other = factories.manager(email="elders@example.org")
        helpers.assign(other, helpers.neighbourhood(managed=False))
    client.post("/logout")
    factories.login(client, "elders@example.org")
    assert client.get(f"/ideas/rounds/{ids['round']}/presenter/state.json").status_code == 404
    client.post("/logout")
    factories.login(client, "manager@example.org")
    assert _presenter(client, ids).status_code == 200
    assert client.get(f"/ideas/rounds/{ids['round']}/presenter/state.json").status_code == 200


def test_the_state_follows_a_new_pledge(app, client):
    ids = _setup(app)
    url = f"/ideas/rounds/{ids['round']}/presenter/state.json?position=1"
    before = client.get(url)
    assert before.headers["Cache-Control"] == "no-store"
    state = before.get_json()
    assert state["idea"] == ids["idea"] and state["total"] == 2 and state["pledges"] == []
    assert [n["id"] for n in state["needs"]] == [ids["hours"], ids["money"], ids["pieces"]]
    with app.app_context():
        services.make_pledge(db.session.get(User, ids["bram"]), ids["idea"], ids["pieces"], amount=8)
    state = client.get(url).get_json()
    pieces = next(n for n in state["needs"] if n["id"] == ids["pieces"])
    assert pieces == {"id": ids["pieces"], "value": 8, "max": 8, "covered": True, "text": "8 of 8 pieces pledged"}
    assert state["covered"] == "1 of 3 needs covered"
    assert state["pledges"][0]["amount"] == "8 pieces"
    assert client.get(f"/ideas/rounds/{ids['round']}/presenter/state.json?position=2").get_json()["idea"] == \
        ids["second"]


def test_the_presenter_shows_at_most_six_needs(app, client):
    ids = _setup(app)
    with app.app_context():
        auction = db.session.get(AuctionRound, ids["round"])
        many = helpers.idea(auction, title="Groot idee", needs=[
            (NeedType.TIME, f"Taak {n}", 5, Unit.HOURS) for n in range(8)])
        many_id = many.id
    html = _presenter(client, ids, "?position=3").get_data(as_text=True)
    assert "Groot idee" in html and html.count('<li class="presenter__need') == 6
    assert "And 2 more needs on the idea page." in html
    state = client.get(f"/ideas/rounds/{ids['round']}/presenter/state.json?position=3").get_json()
    assert state["idea"] == many_id and len(state["needs"]) == 6


def test_the_round_page_links_managers_to_presenter_mode(app, client):
    ids = _setup(app)
    factories.login(client, "manager@example.org")
    html = client.get(f"/ideas/rounds/{ids['round']}").get_data(as_text=True)
    assert f'href="/ideas/rounds/{ids["round"]}/presenter"' in html


def test_the_presenter_script_is_a_static_file(client):
    response = client.get("/static/js/presenter.js")
    body = response.get_data(as_text=True)
    response.close()
    assert response.status_code == 200
    assert "PageDown" in body and "state-url" in body and "fetch(" in body
