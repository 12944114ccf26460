"""Marketplace pages: what visitors, residents, owners and managers see; refusals as 403/404/422 with nothing
stored. View tests hold no app context around client calls."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import Listing, ListingStatus, Match, Message, Response, UserBlock


@pytest.fixture
def world(app):
    """Anna asks for help in Maarssen, Bram may help; plain values only."""
    with app.app_context():
        cat = helpers.category("Boodschappen")
        anna = factories.user(email="anna@example.org", display_name="Anna", phone="0611111111")
        bram = factories.user(email="bram@example.org", display_name="Bram", postcode="3603 AB")
        cor = factories.user(email="cor@example.org", display_name="Cor")
        request = helpers.listing(anna, category_id=cat.id, title="Boodschappen op dinsdag",
                                  description="Wie kan mij helpen met de boodschappen?")
        return {"cat": cat.id, "anna": anna.id, "bram": bram.id, "cor": cor.id, "request": request.id}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def _form(**kw):
    data = {"kind": "request", "title": "Hulp bij de tuin", "description": "De heg moet geknipt worden.",
            "pc4": "3601", "radius_km": "5", "timing": "flexible", "urgency": "normal"}
    data.update(kw)
    return data


def _token(html: str) -> str:
    return re.search(r'name="form_token" type="hidden" value="([^"]+)"', html)[1]


# ---------------------------------------------------------------- finding

def test_visitors_see_listings_without_names(client, world) -> None:
    page = client.get("/help")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Boodschappen op dinsdag" in html and "3601 Maarssen" in html and "posted today" in html
    assert "Anna" not in html
    detail = client.get(f"/help/{world['request']}").get_data(as_text=True)
    assert "Wie kan mij helpen" in detail and "Anna" not in detail and "Sign in to react" in detail
    assert "anna@example.org" not in detail and "0611111111" not in detail


def test_residents_see_the_author_name(client, world) -> None:
    factories.login(client, "bram@example.org")
    html = client.get("/help").get_data(as_text=True)
    assert "Posted by Anna" in html
    assert "Near your postcode area 3603" in html and "distance: &lt;1 km" in html
    assert "Posted by <a" in client.get(f"/help/{world['request']}").get_data(as_text=True)


def test_search_near_a_place_or_postcode(client, world) -> None:
    assert "Boodschappen op dinsdag" in client.get("/help?near=Breukelen&km=5").get_data(as_text=True)
    assert "Boodschappen op dinsdag" not in client.get("/help?near=Breukelen&km=2").get_data(as_text=True)
    assert "Boodschappen op dinsdag" in client.get("/help?near=3601&kind=request").get_data(as_text=True)
    assert "Boodschappen op dinsdag" not in client.get("/help?near=3601&kind=offer").get_data(as_text=True)
    for bad in ("1020", "Atlantis"):
        response = client.get(f"/help?near={bad}")
        assert response.status_code == 422 and 'id="near-error"' in response.get_data(as_text=True)
    listing_page = client.get("/help?near=Breukelen&km=5").get_data(as_text=True)
    assert f'href="/help/{world["request"]}?near=3621"' in listing_page and "distance: 2–5 km" in listing_page
    detail = client.get(f"/help/{world['request']}?near=3621").get_data(as_text=True)
    assert "2–5 km from 3621" in detail
    # tampered filters fall back to defaults instead of failing
    assert client.get("/help?kind=x&category=abc&km=7&page=-3").status_code == 200


def test_paging_keeps_the_filters(app, client, world) -> None:
    with app.app_context():
        anna = db.session.get(Listing, world["request"]).author
        for i in range(21):
            helpers.raw_listing(anna, category_id=world["cat"], title=f"Nog een vraag {i}")
    html = client.get("/help?near=3601&kind=request").get_data(as_text=True)
    assert 'href="/help?page=2&amp;kind=request&amp;near=3601&amp;km=10"' in html
    assert "Nog een vraag" in client.get("/help?page=2&kind=request&near=3601&km=10").get_data(as_text=True)


def test_hidden_listing_is_404_except_for_owner_and_manager(app, client, world) -> None:
    with app.app_context():
        db.session.get(Listing, world["request"]).hidden_at = utcnow()
        db.session.commit()
        helpers.manager_of("3601", email="manager@example.org")
    url = f"/help/{world['request']}"
    assert client.get(url).status_code == 404
    assert "Boodschappen op dinsdag" not in client.get("/help").get_data(as_text=True)
    factories.login(client, "bram@example.org")
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/respond", data={"message": "Hoi"}).status_code == 404
    client.post("/logout")
    factories.login(client, "anna@example.org")
    assert "A community manager has hidden this" in client.get(url).get_data(as_text=True)
    client.post("/logout")
    factories.login(client, "manager@example.org")
    assert client.get(url).status_code == 200


def test_unknown_listing_is_404(client, world) -> None:
    assert client.get("/help/99999").status_code == 404


# ---------------------------------------------------------------- posting

def test_post_a_request(app, client, world) -> None:
    factories.login(client, "cor@example.org")
    form = client.get("/help/new?kind=request")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and 'value="3601"' in html and "Boodschappen" in html
    response = client.post("/help/new", data=_form(category_id=str(world["cat"]), form_token=_token(html)))
    assert response.status_code == 302
    listing_url = response.headers["Location"]
    assert "Thank you! Your request is online." in client.get(listing_url).get_data(as_text=True)


def test_double_submission_makes_one_listing(app, client, world) -> None:
    factories.login(client, "cor@example.org")
    token = _token(client.get("/help/new").get_data(as_text=True))
    before = _count(app, Listing)
    first = client.post("/help/new", data=_form(category_id=str(world["cat"]), form_token=token))
    second = client.post("/help/new", data=_form(category_id=str(world["cat"]), form_token=token))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"] and _count(app, Listing) == before + 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "x" * 101}, "title"),
    ({"title": ""}, "title"),
    ({"description": "x" * 2001}, "description"),
    ({"category_id": "99999"}, "category_id"),
    ({"category_id": ""}, "category_id"),
    ({"pc4": "1020"}, "pc4"),
    ({"pc4": "abc"}, "pc4"),
    ({"radius_km": "3"}, "radius_km"),
    ({"timing": "date", "timing_date": "31-02-2030"}, "timing_date"),
    ({"timing": "date", "timing_date": "01-01-2000"}, "timing_date"),
    ({"on_behalf": "y", "on_behalf_name": "Truus"}, "on_behalf_consent"),
])
def test_bad_input_gives_422_and_stores_nothing(app, client, world, changes, field) -> None:
    factories.login(client, "cor@example.org")
    before = _count(app, Listing)
    data = _form(category_id=str(world["cat"]))
    data.update(changes)
    response = client.post("/help/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in html and "Please check the form" in html
    assert _count(app, Listing) == before


def test_outside_the_service_area(app, client, world) -> None:
    with app.app_context():
        from wijkhulp.settings import services as settings
        settings.set_value("service_area", "3601-3612")
    factories.login(client, "cor@example.org")
    response = client.post("/help/new", data=_form(category_id=str(world["cat"]), pc4="3621"))
    assert response.status_code == 422 and "is not part of it" in response.get_data(as_text=True)


def test_dutch_date_is_understood(app, client, world) -> None:
    factories.login(client, "cor@example.org")
    day = (utcnow() + timedelta(days=10)).date()
    response = client.post("/help/new", data=_form(category_id=str(world["cat"]), timing="date",
                                                   timing_date=day.strftime("%d-%m-%Y"), part_of_day="morning"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Listing.timing_date).order_by(Listing.id.desc()).limit(1)) == day


def test_visitors_and_unverified_people_cannot_post(app, client, world) -> None:
    response = client.get("/help/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    with app.app_context():
        factories.user(email="new@example.org", verified=False)
    factories.login(client, "new@example.org")
    assert client.get("/help/new").status_code == 403
    assert client.post("/help/new", data=_form(category_id=str(world["cat"]))).status_code == 403
    assert "First confirm your e-mail" in client.get(f"/help/{world['request']}").get_data(as_text=True)


def test_fresh_installation_gets_the_default_categories(tmp_path) -> None:
    """The first migration stores the defaults of DESIGN.md (the page no longer adds them: a GET only reads)."""
    from tests.conftest import TEST_CONFIG
    from wijkhulp import create_app
    from wijkhulp.marketplace.models import Category

    fresh = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"})
    assert fresh.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with fresh.app_context():
        names = set(db.session.scalars(select(Category.name)))
        db.engine.dispose()
    assert {"Computerhulp", "Huisdieren"} <= names


def test_manager_posts_for_a_resident(app, client, world) -> None:
    with app.app_context():
        helpers.manager_of("3601", email="manager@example.org")
    factories.login(client, "manager@example.org")
    html = client.get("/help/new?assisted=1").get_data(as_text=True)
    assert "I post this for a resident who phoned" in html
    response = client.post("/help/new", data=_form(category_id=str(world["cat"]), assisted="y",
                                                   on_behalf_name="Gerrit", on_behalf_consent="y",
                                                   assisted_note="Bereikbaar via de wijkbalie"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Posted by the community manager for Gerrit" in page and "wijkbalie" in page
    edit_url = response.headers["Location"] + "/edit"
    assert "wijkbalie" in client.get(edit_url).get_data(as_text=True)
    client.post(edit_url, data=_form(category_id=str(world["cat"]), title="Hulp bij de tuin van Gerrit",
                                     on_behalf_name="Gerrit", on_behalf_consent="y",
                                     assisted_note="Bereikbaar via de wijkbalie, op dinsdag"))
    assert "op dinsdag" in client.get(response.headers["Location"]).get_data(as_text=True)
    client.post("/logout")
    factories.login(client, "bram@example.org")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "community manager for Gerrit" in page and "wijkbalie" not in page


def test_residents_cannot_post_assisted(app, client, world) -> None:
    factories.login(client, "cor@example.org")
    assert "I post this for a resident" not in client.get("/help/new?assisted=1").get_data(as_text=True)
    client.post("/help/new", data=_form(category_id=str(world["cat"]), assisted="y", on_behalf_name="Gerrit",
                                        on_behalf_consent="y"))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Listing).where(
            Listing.assisted_by_id.is_not(None))) == 0


# ---------------------------------------------------------------- changing

def test_only_the_owner_edits_withdraws_and_renews(client, world) -> None:
    listing = world["request"]
    factories.login(client, "bram@example.org")
    assert client.get(f"/help/{listing}/edit").status_code == 403
    assert client.post(f"/help/{listing}/edit", data=_form(category_id=str(world["cat"]))).status_code == 403
    assert client.get(f"/help/{listing}/withdraw").status_code == 403
    assert client.post(f"/help/{listing}/withdraw").status_code == 403
    assert client.post(f"/help/{listing}/renew").status_code == 403
    client.post("/logout")
    assert client.get(f"/help/{listing}/edit").status_code == 302  # to the sign-in page


def test_owner_edits_and_withdraws(app, client, world) -> None:
    listing = world["request"]
    factories.login(client, "anna@example.org")
    form = client.get(f"/help/{listing}/edit").get_data(as_text=True)
    assert "Boodschappen op dinsdag" in form and '<input checked class="radio" id="radius_km-2"' in form
    bad = client.post(f"/help/{listing}/edit", data=_form(category_id=str(world["cat"]), title="Hoi"))
    assert bad.status_code == 422
    ok = client.post(f"/help/{listing}/edit", data=_form(category_id=str(world["cat"]), title="Boodschappen vrijdag"))
    assert ok.status_code == 302
    assert "Are you sure" not in client.get(f"/help/{listing}/withdraw").get_data(as_text=True)
    assert client.post(f"/help/{listing}/withdraw").status_code == 302
    with app.app_context():
        item = db.session.get(Listing, listing)
        assert (item.title, item.status) == ("Boodschappen vrijdag", ListingStatus.WITHDRAWN)
    assert client.post(f"/help/{listing}/withdraw").status_code == 422  # already closed: said clearly
    assert client.post(f"/help/{listing}/renew").status_code == 409


def test_renew_an_expired_listing(app, client, world) -> None:
    with app.app_context():
        item = db.session.get(Listing, world["request"])
        item.expires_at = utcnow() - timedelta(days=1)
        db.session.commit()
    factories.login(client, "anna@example.org")
    page = client.get(f"/help/{world['request']}").get_data(as_text=True)
    assert "Put back online" in page and "Offline (expired)" in page
    assert client.post(f"/help/{world['request']}/renew").status_code == 302
    with app.app_context():
        assert db.session.get(Listing, world["request"]).is_open(utcnow())


# ---------------------------------------------------------------- reacting, the thread, the match

def _react(client, world, message="Ik kan helpen op dinsdag!"):
    factories.login(client, "bram@example.org")
    response = client.post(f"/help/{world['request']}/respond", data={"message": message})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_whole_story(app, client, world, outbox) -> None:
    thread = _react(client, world)
    assert f"/responses/{thread}" in client.get(f"/help/{world['request']}").get_data(as_text=True)
    client.post("/logout")
    factories.login(client, "anna@example.org")
    page = client.get(f"/help/{world['request']}").get_data(as_text=True)
    assert "Reaction from Bram" in page and "Ik kan helpen op dinsdag!" in page
    html = client.get(f"/responses/{thread}").get_data(as_text=True)
    assert "bram@example.org" not in html and "Accept Bram" in html  # no contact details before a match
    assert client.post(f"/responses/{thread}/accept").status_code == 302
    html = client.get(f"/responses/{thread}").get_data(as_text=True)
    assert "bram@example.org" not in html and "Yes, it is done" in html  # contact details: only when both share
    sent = client.post(f"/responses/{thread}/messages", data={"body": "Tot dinsdag!", "form_token": "x1"})
    assert sent.status_code == 302
    assert client.post(f"/responses/{thread}/messages", data={"body": "Tot dinsdag!", "form_token": "x1"}
                       ).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Message).where(Message.body == "Tot dinsdag!")) == 1
    done = client.post(f"/responses/{thread}/complete", data={"hours": "1,5", "thanks": "Dank je wel, Bram!",
                                                              "thanks_public": "y"})
    assert done.status_code == 302
    client.post("/logout")
    factories.login(client, "bram@example.org")
    html = client.get(f"/responses/{thread}").get_data(as_text=True)
    assert "Dank je wel, Bram!" in html and "anna@example.org" not in html  # neither chose to share
    assert client.post(f"/responses/{thread}/thanks-visibility", data={"public": "1"}).status_code == 302
    profile = client.get(f"/people/{world['bram']}/help").get_data(as_text=True)
    assert "Dank je wel, Bram!" in profile and "1,5" in profile
    with app.app_context():
        assert db.session.scalar(select(Match.status)) == "completed"


def test_refusals_when_reacting(app, client, world) -> None:
    factories.login(client, "anna@example.org")
    own = client.post(f"/help/{world['request']}/respond", data={"message": "Hoi"})
    assert own.status_code == 403
    client.post("/logout")
    factories.login(client, "bram@example.org")
    empty = client.post(f"/help/{world['request']}/respond", data={"message": ""})
    assert empty.status_code == 422
    long = client.post(f"/help/{world['request']}/respond", data={"message": "x" * 2001})
    assert long.status_code == 422 and 'id="message-error"' in long.get_data(as_text=True)
    assert _count(app, Response) == 0
    first = client.post(f"/help/{world['request']}/respond", data={"message": "Ik help"})
    again = client.post(f"/help/{world['request']}/respond", data={"message": "Ik help"})
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    assert _count(app, Response) == 1


def test_reacting_to_a_closed_listing(app, client, world) -> None:
    with app.app_context():
        db.session.get(Listing, world["request"]).status = ListingStatus.WITHDRAWN
        db.session.commit()
    factories.login(client, "bram@example.org")  # never reacted: a closed listing is gone for him (410)
    page = client.get(f"/help/{world['request']}")
    assert page.status_code == 410 and "no longer available" in page.get_data(as_text=True)
    response = client.post(f"/help/{world['request']}/respond", data={"message": "Hoi"})
    assert response.status_code == 410 and "no longer available" in response.get_data(as_text=True)


def test_threads_are_private(app, client, world) -> None:
    thread = _react(client, world)
    client.post("/logout")
    factories.login(client, "cor@example.org")
    assert client.get(f"/responses/{thread}").status_code == 404
    assert client.post(f"/responses/{thread}/messages", data={"body": "Hoi"}).status_code == 404
    assert client.post(f"/responses/{thread}/accept").status_code == 404
    assert client.post(f"/responses/{thread}/decline").status_code == 404
    assert client.get(f"/responses/{thread}/complete").status_code == 404
    assert client.get("/responses/99999").status_code == 404
    client.post("/logout")
    assert client.get(f"/responses/{thread}").status_code == 302  # visitors: sign in first


def test_responder_cannot_accept_and_helper_cannot_complete(app, client, world) -> None:
    thread = _react(client, world)
    assert client.post(f"/responses/{thread}/accept").status_code == 403
    assert client.post(f"/responses/{thread}/decline").status_code == 403
    with app.app_context():
        services.accept_response(db.session.get(Listing, world["request"]).author, thread)
    assert client.get(f"/responses/{thread}/complete").status_code == 403
    assert client.post(f"/responses/{thread}/complete", data={"hours": "1"}).status_code == 403
    html = client.get(f"/responses/{thread}").get_data(as_text=True)
    assert "anna@example.org" not in html and "0611111111" not in html  # a default alone shares nothing


def test_second_accept_fails_cleanly_in_the_page(app, client, world) -> None:
    thread = _react(client, world)
    client.post("/logout")
    with app.app_context():
        other = services.respond(db.session.get(User, world["cor"]), world["request"], "Ik ook").id
    factories.login(client, "anna@example.org")
    assert client.post(f"/responses/{thread}/accept").status_code == 302
    second = client.post(f"/responses/{other}/accept")
    assert second.status_code == 409 and "already has a helper" in second.get_data(as_text=True)
    assert _count(app, Match) == 1


def test_bad_message_and_hours_give_422(app, client, world) -> None:
    thread = _react(client, world)
    empty = client.post(f"/responses/{thread}/messages", data={"body": ""})
    assert empty.status_code == 422 and 'id="body-error"' in empty.get_data(as_text=True)
    client.post("/logout")
    factories.login(client, "anna@example.org")
    client.post(f"/responses/{thread}/accept")
    bad = client.post(f"/responses/{thread}/complete", data={"hours": "veel"})
    assert bad.status_code == 422 and 'id="hours-error"' in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Match.status)) == "active"


def test_contact_details_need_both_and_consent_can_be_withdrawn(app, client, world) -> None:
    thread = _react(client, world)
    client.post("/logout")
    factories.login(client, "anna@example.org")
    client.post(f"/responses/{thread}/accept")
    client.post("/logout")
    factories.login(client, "bram@example.org")
    html = client.get(f"/responses/{thread}").get_data(as_text=True)
    assert "anna@example.org" not in html and "0611111111" not in html  # Anna's default alone shows nothing
    assert client.post(f"/responses/{thread}/contact", data={"share_email": "y"}).status_code == 302
    html = client.get(f"/responses/{thread}").get_data(as_text=True)
    assert "anna@example.org" not in html and "You have shared your details. Anna has not chosen yet." in html
    client.post("/logout")
    factories.login(client, "anna@example.org")
    html = client.get(f"/responses/{thread}").get_data(as_text=True)
    assert "bram@example.org" not in html and "Bram has shared their details and is waiting for you." in html
    client.post(f"/responses/{thread}/contact", data={"share_email": "y"})
    assert "bram@example.org" in client.get(f"/responses/{thread}").get_data(as_text=True)
    assert client.post(f"/responses/{thread}/contact", data={}).status_code == 302  # nothing ticked: withdrawn
    html = client.get(f"/responses/{thread}").get_data(as_text=True)
    assert "bram@example.org" not in html and "You do not share your details" in html
    client.post("/logout")
    factories.login(client, "bram@example.org")
    html = client.get(f"/responses/{thread}").get_data(as_text=True)
    assert "anna@example.org" not in html and "but Anna does not share" in html


def test_decline_and_cancel(app, client, world) -> None:
    thread = _react(client, world)
    client.post("/logout")
    factories.login(client, "anna@example.org")
    assert client.post(f"/responses/{thread}/decline").status_code == 302
    assert client.post(f"/responses/{thread}/accept").status_code == 409  # answered already: clear message
    assert client.get(f"/responses/{thread}/cancel").status_code == 404  # no match to stop


def test_block_from_the_conversation(app, client, world) -> None:
    thread = _react(client, world)
    client.post("/logout")
    factories.login(client, "anna@example.org")
    blocked = client.post(f"/people/{world['bram']}/block", data={"next": f"/responses/{thread}"})
    assert blocked.status_code == 302 and blocked.headers["Location"] == f"/responses/{thread}"
    html = client.get(f"/responses/{thread}").get_data(as_text=True)
    assert "You blocked Bram" in html and "Send message" not in html
    refused = client.post(f"/responses/{thread}/messages", data={"body": "Hoi"})
    assert refused.status_code == 403 and "cannot react to or send messages" in refused.get_data(as_text=True)
    assert "Bram" in client.get("/my/blocked").get_data(as_text=True)
    client.post(f"/people/{world['bram']}/unblock")
    assert _count(app, UserBlock) == 0
    assert client.post(f"/people/{world['anna']}/block").status_code == 302  # yourself: refused with a message
    assert client.post("/people/99999/block").status_code == 404
    assert _count(app, UserBlock) == 0


# ---------------------------------------------------------------- mine, profiles, managers, admins

def test_my_pages(client, world) -> None:
    _react(client, world)
    assert "Boodschappen op dinsdag" in client.get("/my/responses").get_data(as_text=True)
    client.post("/logout")
    factories.login(client, "anna@example.org")
    html = client.get("/my/listings").get_data(as_text=True)
    assert "Boodschappen op dinsdag" in html and "1 reaction waits for your answer" in html


def test_profile_help_page(client, world) -> None:
    assert client.get(f"/people/{world['bram']}/help").status_code == 200
    assert client.get("/people/99999/help").status_code == 404


def test_unanswered_page_for_managers_only(app, client, world) -> None:
    with app.app_context():
        db.session.get(Listing, world["request"]).created_at = utcnow() - timedelta(days=8)
        db.session.commit()
        helpers.manager_of("3601", email="manager@example.org")
    factories.login(client, "bram@example.org")
    assert client.get("/manage/unanswered").status_code == 403
    assert client.post(f"/manage/unanswered/{world['request']}/invite/{world['cor']}").status_code == 403
    client.post("/logout")
    factories.login(client, "manager@example.org")
    assert "Boodschappen op dinsdag" in client.get("/manage/unanswered").get_data(as_text=True)
    asked = client.post(f"/manage/unanswered/{world['request']}/invite/{world['cor']}")
    assert asked.status_code == 302


def test_categories_page_for_admins_only(app, client, world) -> None:
    with app.app_context():
        factories.admin(email="admin@example.org")
    factories.login(client, "bram@example.org")
    assert client.get("/admin/categories").status_code == 403
    assert client.post("/admin/categories", data={"new-name": "Fietsen"}).status_code == 403
    client.post("/logout")
    factories.login(client, "admin@example.org")
    assert "Boodschappen" in client.get("/admin/categories").get_data(as_text=True)
    assert client.post("/admin/categories", data={"new-name": "Fietsen"}).status_code == 302
    duplicate = client.post("/admin/categories", data={"new-name": "fietsen"})
    assert duplicate.status_code == 422 and "already a category" in duplicate.get_data(as_text=True)
    renamed = client.post(f"/admin/categories/{world['cat']}/rename", data={f"c{world['cat']}-name": "Winkelen"})
    assert renamed.status_code == 302
    assert client.post(f"/admin/categories/{world['cat']}/active", data={"active": "0"}).status_code == 302
    assert client.post("/admin/categories/defaults").status_code == 302
    assert "Categories" in client.get("/admin/").get_data(as_text=True)


def test_notification_links_match_the_routes(app) -> None:
    with app.test_request_context():
        assert url_for("marketplace.show_listing", listing_id=7) == services.listing_path(7)
        assert url_for("marketplace.show_response", response_id=7) == services.response_path(7)


def test_profile_summary_partial_for_the_public_profile(app, world) -> None:
    """The lead includes this partial in accounts/public_profile.html's profile_extra block."""
    from flask import render_template_string

    with app.app_context():
        requester, helper = db.session.get(User, world["anna"]), db.session.get(User, world["bram"])
        response = services.respond(helper, world["request"], "Ik help")
        services.accept_response(requester, response.id)
        services.complete_match(requester, response.id, hours="2", thanks="Bram is top", thanks_public=True)
        services.set_thanks_public(helper, response.id, public=True)
    with app.test_request_context("/people/2"):
        html = render_template_string(
            '{% if marketplace_profile_summary is defined %}{% include "marketplace/_profile_summary.html" %}'
            '{% endif %}', person=db.session.get(User, world["bram"]))
    assert "Neighbours helped" in html and ">1<" in html and "Bram is top" in html and "From" not in html
