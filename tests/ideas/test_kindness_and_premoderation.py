"""The kindness nudge on the idea and pledge forms, and pre-moderation of new ideas (the `premoderation` setting)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import factories
from tests.ideas import helpers
from wijkhulp.registry import content as contenttypes
from wijkhulp.accounts.models import User
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.ideas import services
from wijkhulp.ideas.models import Approval, Idea, IdeaNotOpenForPledges, NeedInput, Pledge
from wijkhulp.moderation import services as moderation
from wijkhulp.moderation.models import ReviewHold
from wijkhulp.settings import services as settings

NUDGE = "A moment, please"


def _setup(app, **round_kw):
    with app.app_context():
        anna = factories.user(email="anna@example.org", display_name="Anna")
        factories.user(email="bram@example.org", display_name="Bram")
        factories.manager(email="manager@example.org")
        auction = helpers.auction_round(**round_kw)
        idea = helpers.idea(auction, author=anna, title="Moestuin")
        return {"round": auction.id, "idea": idea.id, "hours": idea.needs[0].id, "hood": auction.neighbourhoods[0].id}


def _idea_form(hood: int, **overrides: str) -> dict[str, str]:
    data = {"title": "Bankjes verven", "description": "De bankjes in het park opknappen.",
            "own_contribution": "Ik schuur en verf mee.", "offer_in_return": "", "neighbourhood_id": str(hood),
            "needs-0-type": "materials", "needs-0-description": "Verf", "needs-0-quantity": "10",
            "needs-0-unit": "pieces"}
    data.update(overrides)
    return data


def _ideas_titled(app, title: str) -> list[Idea]:
    with app.app_context():
        return list(db.session.scalars(select(Idea).where(Idea.title == title)))


# ---------------------------------------------------------------- the kindness nudge

def test_a_hurtful_word_in_an_idea_asks_the_author_to_reconsider(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    url = f"/ideas/rounds/{ids['round']}/ideas/new"
    form = _idea_form(ids["hood"], description="Die idioot van de gemeente doet niets aan de bankjes.")
    response = client.post(url, data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and NUDGE in html and "“idioot”" in html
    assert "I have read this and want to post my text as it is" in html
    assert "Die idioot van de gemeente" in html  # the text is kept for the author to change
    assert _ideas_titled(app, "Bankjes verven") == []
    # Changed: posted without a word
    assert client.post(url, data=_idea_form(ids["hood"])).status_code == 302
    assert len(_ideas_titled(app, "Bankjes verven")) == 1


def test_the_author_may_post_anyway(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    form = _idea_form(ids["hood"], title="Rot op met die auto's", kindness_ack="y")
    assert client.post(f"/ideas/rounds/{ids['round']}/ideas/new", data=form).status_code == 302
    assert len(_ideas_titled(app, "Rot op met die auto's")) == 1


def test_changing_an_idea_is_nudged_too(app, client):
    ids = _setup(app)
    factories.login(client, "anna@example.org")
    form = _idea_form(ids["hood"], title="Moestuin", own_contribution="Ik hou je bek niet over de moestuin.")
    response = client.post(f"/ideas/{ids['idea']}/edit", data=form)
    assert response.status_code == 422 and NUDGE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Idea, ids["idea"]).own_contribution == "Ik organiseer de werkdagen."


def test_a_pledge_with_a_hurtful_word_is_nudged(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    url = f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge"
    response = client.post(url, data={"partner": "me", "amount": "5",
                                      "conditions": "Niet met die sukkel van hiernaast"})
    assert response.status_code == 422 and NUDGE in response.get_data(as_text=True)
    with app.app_context():
        assert helpers.count(Pledge) == 0
    response = client.post(url, data={"partner": "me", "amount": "5", "conditions": "Alleen op zaterdag"})
    assert response.status_code == 302
    with app.app_context():
        pledge_id = helpers.pledges()[0].id
    edit = f"/ideas/pledges/{pledge_id}/edit"
    response = client.post(edit, data={"amount": "6", "description": "Hou je bek, ik kom wel"})
    assert response.status_code == 422 and NUDGE in response.get_data(as_text=True)
    assert client.post(edit, data={"amount": "6", "description": "Hou je bek, ik kom wel",
                                   "kindness_ack": "y"}).status_code == 302
    with app.app_context():
        assert [(p.amount, p.description) for p in helpers.pledges()] == [(6, "Hou je bek, ik kom wel")]


def test_the_forms_show_no_nudge_without_listed_words(app, client):
    ids = _setup(app)
    factories.login(client, "bram@example.org")
    html = client.get(f"/ideas/rounds/{ids['round']}/ideas/new").get_data(as_text=True)
    assert NUDGE not in html and "kindness_ack" not in html
    html = client.get(f"/ideas/{ids['idea']}/needs/{ids['hours']}/pledge").get_data(as_text=True)
    assert NUDGE not in html and "kindness_ack" not in html


# ---------------------------------------------------------------- pre-moderation

def _submit(author: User, round_id: int, hood_id: int) -> Idea:
    return services.submit_idea(author, round_id, title="Buurtbarbecue", description="Samen eten op het plein.",
                                own_contribution="Ik regel de barbecue.", neighbourhood_id=hood_id,
                                needs=[NeedInput(type="money", description="Vlees", quantity=50, unit="euro")])


def test_without_premoderation_a_new_idea_is_public_at_once(ctx):
    auction = helpers.auction_round()
    idea = _submit(factories.user(), auction.id, auction.neighbourhoods[0].id)
    assert idea.hidden_at is None and idea.is_public
    assert db.session.scalar(select(ReviewHold)) is None


def test_with_premoderation_a_new_accounts_idea_waits_for_a_manager(ctx):
    settings.set_value("premoderation", "true")
    admin = factories.admin()  # may moderate everywhere (a manager only in assigned neighbourhoods)
    auction = helpers.auction_round(neighbourhoods=[helpers.neighbourhood(pc4s=("3604",))])
    author = factories.user()
    idea = _submit(author, auction.id, auction.neighbourhoods[0].id)
    assert idea.hidden_at is not None and not idea.is_public
    hold = db.session.scalar(select(ReviewHold))
    assert hold is not None and (hold.content_key, hold.object_id, hold.pc4) == ("idea", idea.id, "3604")
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "moderation.hold"))
    with pytest.raises(IdeaNotOpenForPledges):
        services.make_pledge(factories.user(), idea.id, idea.needs[0].id, amount=5)

    moderation.approve_content(admin, "idea", idea.id)
    idea = db.session.get(Idea, idea.id)
    assert idea.hidden_at is None and idea.is_public
    second = _submit(db.session.get(User, author.id), auction.id, auction.neighbourhoods[0].id)
    assert second.hidden_at is None  # approved once: trusted from now on


def test_ideas_that_wait_for_approval_and_managers_are_not_held_twice(ctx):
    settings.set_value("premoderation", "true")
    auction = helpers.auction_round(requires_approval=True)
    idea = _submit(factories.user(), auction.id, auction.neighbourhoods[0].id)
    assert idea.approval == Approval.PENDING and idea.hidden_at is None  # the approval queue is enough
    open_round = helpers.auction_round()
    by_manager = _submit(factories.manager(), open_round.id, open_round.neighbourhoods[0].id)
    assert by_manager.hidden_at is None
    assert db.session.scalar(select(ReviewHold)) is None
    assert contenttypes.content_type("idea") is not None


def test_the_author_is_told_that_a_manager_looks_first(app, client):
    ids = _setup(app)
    with app.app_context():
        settings.set_value("premoderation", "true")
    factories.login(client, "bram@example.org")
    response = client.post(f"/ideas/rounds/{ids['round']}/ideas/new", data=_idea_form(ids["hood"]),
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Because you are new here, the community manager looks at it first." in html
    [idea] = _ideas_titled(app, "Bankjes verven")
    assert idea.hidden_at is not None
    assert f'href="/ideas/{idea.id}"' not in html  # not listed in the round
    with app.app_context():
        assert db.session.scalar(select(ReviewHold.object_id)) == idea.id
