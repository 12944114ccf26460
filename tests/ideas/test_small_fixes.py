"""Texts the translator asked about, the presenter's projector styles, and the way to "My organisations"."""

from __future__ import annotations

from tests import factories
from tests.ideas import helpers
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.ideas import services
from wijkhulp.ideas.models import MAX_NEEDS, Approval


def _setup(app):
    with app.app_context():
        anna = factories.user(email="anna@example.org", display_name="Anna")
        bram = factories.user(email="bram@example.org", display_name="Bram")
        factories.manager(email="manager@example.org")
        auction = helpers.auction_round()
        idea = helpers.idea(auction, author=anna, title="Moestuin")
        org = helpers.organisation(members=[bram], name="Stichting Groen")
        return {"round": auction.id, "idea": idea.id, "hours": idea.needs[0].id, "hood": auction.neighbourhoods[0].id,
                "org": org.id}


def test_a_member_chooses_between_me_as_a_resident_and_the_organisation(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    html = client.get(f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge").get_data(as_text=True)
    assert "Me, as a resident" in html and "Stichting Groen (I am a member)" in html
    assert "I do, as a resident" not in html


def test_the_add_a_row_message_names_the_maximum(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    data = {"title": "Bankjes", "description": "Verven.", "own_contribution": "Ik verf.",
            "neighbourhood_id": str(ids["hood"]), "add_need": "1"}
    for row in range(MAX_NEEDS):
        data.update({f"needs-{row}-type": "time", f"needs-{row}-description": f"Hulp {row}",
                     f"needs-{row}-quantity": "2", f"needs-{row}-unit": "hours"})
    response = client.post(f"/ideas/rounds/{ids['round']}/ideas/new", data=data)
    assert response.status_code == 200
    assert f"An idea can have at most {MAX_NEEDS} needs." in response.get_data(as_text=True)


def test_the_rejection_message_ends_the_reason_as_a_sentence(ctx):
    manager = factories.manager()
    auction = helpers.auction_round(requires_approval=True)
    first = helpers.idea(auction, approval=Approval.PENDING, title="Eerste")
    second = helpers.idea(auction, approval=Approval.PENDING, title="Tweede")
    services.review_idea(manager, first.id, approve=False, reason="Te vaag")
    services.review_idea(manager, second.id, approve=False, reason="Wat bedoel je?")
    [one] = helpers.notifications_for(db.session.get(User, first.author_id), "idea_reviewed")
    [two] = helpers.notifications_for(db.session.get(User, second.author_id), "idea_reviewed")
    assert "The reason: Te vaag.\nYou can change the idea and send it again." in one.message
    assert "The reason: Wat bedoel je?\nYou can change" in two.message
    assert first.rejection_reason == "Te vaag"  # the stored reason is as the manager wrote it


def test_the_presenter_page_has_projector_styles_and_starts_refreshing_again(app, client):
    ids = _setup(app)
    factories.login(client, "manager@example.org")
    html = client.get(f"/ideas/rounds/{ids['round']}/presenter?refresh=off").get_data(as_text=True)
    assert "/static/css/presenter.css" in html and 'class="presenter"' in html
    assert "Refresh every 15 seconds" in html and "Refresh by itself again" not in html
    assert "/static/css/presenter.css" not in client.get(f"/ideas/rounds/{ids['round']}").get_data(as_text=True)
    css = client.get("/static/css/presenter.css")
    assert css.status_code == 200 and b".presenter" in css.data
    css.close()


def test_my_account_links_to_my_organisations(app, client):
    _setup(app)
    factories.login(client, "bram@example.org")
    html = client.get("/account/").get_data(as_text=True)
    assert 'href="/organisations/mine"' in html and "My organisations" in html
