"""The whole story of issue 6, through the pages and the cron command, as the people involved would do it."""

from __future__ import annotations

import re
from datetime import timedelta

from tests import factories
from tests.ideas import helpers
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas.models import AuctionRound, Idea, Outcome, Pledge, PledgeStatus, RoundStatus
from wijkhulp.organisations.models import Organisation


def _local(moment) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m-%dT%H:%M")


def test_round_ideas_pledges_closing_acceptance_and_results(app, client, runner):
    with app.app_context():
        factories.manager(email="manager@example.org", display_name="Marieke")
        factories.user(email="anna@example.org", display_name="Anna", postcode="3601 AB")
        factories.user(email="bram@example.org", display_name="Bram")
        factories.user(email="jan@example.org", display_name="Jan de bakker")
        hood = helpers.neighbourhood("Maarssen", ("3601", "3602")).id

    # 1. The manager starts a round and publishes it.
    factories.login(client, "manager@example.org")
    now = utcnow()
    response = client.post("/ideas/rounds/new", data={
        "name": "Ideeënveiling Maarssen", "description": "Wat wil jij in je wijk?", "neighbourhoods": [str(hood)],
        "opens_at": _local(now - timedelta(hours=1)), "closes_at": _local(now + timedelta(days=14))})
    assert response.status_code == 302
    with app.app_context():
        round_id = db.session.scalars(db.select(AuctionRound.id)).one()
    assert client.post(f"/ideas/rounds/{round_id}/publish").status_code == 302
    client.post("/logout")

    # 2. Anna submits an idea (her neighbourhood is chosen for her).
    factories.login(client, "anna@example.org")
    form = client.get(f"/ideas/rounds/{round_id}/ideas/new").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*name="neighbourhood_id"[^>]*value="{hood}"', form)
    response = client.post(f"/ideas/rounds/{round_id}/ideas/new", data={
        "title": "Moestuin bij de school", "description": "Samen groente kweken met de kinderen.",
        "own_contribution": "Ik maak het rooster en geef elke woensdag les.", "neighbourhood_id": str(hood),
        "needs-0-type": "time", "needs-0-description": "Helpers op zaterdag", "needs-0-quantity": "40",
        "needs-0-unit": "hours",
        "needs-1-type": "money", "needs-1-description": "Zaden en gereedschap", "needs-1-quantity": "250",
        "needs-1-unit": "euro"})
    assert response.status_code == 302
    with app.app_context():
        idea = db.session.scalars(db.select(Idea)).one()
        idea_id, hours_id, money_id = idea.id, idea.needs[0].id, idea.needs[1].id
    client.post("/logout")

    # 3. Jan registers his bakery; the manager checks it.
    factories.login(client, "jan@example.org")
    response = client.post("/organisations/new", data={"name": "Bakkerij De Vecht", "type": "business",
                                                       "description": "Brood uit Maarssen.",
                                                       "kvk_number": "12345678"})
    assert response.status_code == 302
    with app.app_context():
        org_id = db.session.scalars(db.select(Organisation.id)).one()
    pledge_url = f"/ideas/{idea_id}/needs/{money_id}/pledge"
    assert f'value="o:{org_id}"' not in client.get(pledge_url).get_data(as_text=True)  # not checked yet
    client.post("/logout")
    factories.login(client, "manager@example.org")
    assert "Bakkerij De Vecht" in client.get("/organisations/review").get_data(as_text=True)
    assert client.post(f"/organisations/{org_id}/verify").status_code == 302
    client.post("/logout")

    # 4. The bakery (through Jan) and Bram pledge; everyone sees the coverage.
    factories.login(client, "jan@example.org")
    assert client.post(pledge_url, data={"partner": f"o:{org_id}", "amount": "250",
                                         "description": "Wij betalen de zaden."}).status_code == 302
    client.post("/logout")
    factories.login(client, "bram@example.org")
    assert client.post(f"/ideas/{idea_id}/needs/{hours_id}/pledge",
                       data={"partner": "me", "amount": "40", "estimated_value": "600"}).status_code == 302
    html = client.get(f"/ideas/{idea_id}").get_data(as_text=True)
    assert "€250 of €250 pledged" in html and "40 of 40 hours pledged" in html
    assert "Bakkerij De Vecht" in html and "Bram" in html
    client.post("/logout")
    html = client.get(f"/ideas/{idea_id}").get_data(as_text=True)  # visitors: organisations by name only
    assert "Bakkerij De Vecht" in html and "Bram" not in html and "A neighbour" in html

    # 5. The closing time passes; cron closes the round (twice: nothing happens the second time).
    with app.app_context():
        auction = db.session.get(AuctionRound, round_id)
        auction.closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    result = runner.invoke(args=["auction", "close-due"])
    assert result.exit_code == 0 and "Closed 1 round(s)" in result.output
    assert "No rounds to close." in runner.invoke(args=["auction", "close-due"]).output
    with app.app_context():
        assert db.session.get(AuctionRound, round_id).status == RoundStatus.CLOSED

    # 6. Anna accepts both pledges; the partners are told.
    factories.login(client, "anna@example.org")
    with app.app_context():
        pledge_ids = [p.id for p in helpers.pledges()]
    for pledge_id in pledge_ids:
        assert client.post(f"/ideas/pledges/{pledge_id}/decision", data={"decision": "accept"}).status_code == 302
    with app.app_context():
        assert {p.status for p in db.session.scalars(db.select(Pledge))} == {PledgeStatus.ACCEPTED}
        assert db.session.get(Idea, idea_id).outcome == Outcome.MATCHED
        jan = db.session.scalars(db.select(factories.User).where(factories.User.email == "jan@example.org")).one()
        assert helpers.notifications_for(jan, "pledge_decided")
    client.post("/logout")

    # 7. The results page shows the match, the partners and the total estimated value.
    html = client.get(f"/ideas/rounds/{round_id}/results").get_data(as_text=True)
    assert "Moestuin bij de school" in html and "Matched" in html
    assert "Bakkerij De Vecht" in html and "A neighbour" in html
    assert "€850.00" in html  # 250 in money + 600 estimated for the hours
    # and the bakery's public page shows what it pledged
    assert "Moestuin bij de school" in client.get(f"/organisations/{org_id}").get_data(as_text=True)
