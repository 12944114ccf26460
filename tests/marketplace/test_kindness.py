"""The kindness nudge on the listing form, the reaction form and the message form: a listed word shows a gentle
reminder and stores nothing; "post anyway" posts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import Listing, Message, Response

NUDGE = "A moment, please"
ACK = "I have read this and want to post my text as it is"


@pytest.fixture
def world(app) -> dict[str, int]:
    with app.app_context():
        category = helpers.category()
        anna = factories.user(email="anna@example.org", display_name="Anna")
        factories.user(email="bram@example.org", display_name="Bram")
        request = helpers.listing(anna, title="Boodschappen op dinsdag")
        return {"cat": category.id, "request": request.id}


def _count(app, model: type, *where: object) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _listing_form(cat: int, **overrides: str) -> dict[str, str]:
    data = {"kind": "offer", "category_id": str(cat), "title": "Ik help met de tuin",
            "description": "Ik maai graag gras voor buren.", "pc4": "3601", "radius_km": "5", "timing": "flexible",
            "urgency": "normal"}
    data.update(overrides)
    return data


def test_a_listing_with_a_listed_word_is_nudged_and_not_stored(app, client, world) -> None:
    factories.login(client, "bram@example.org")
    form = _listing_form(world["cat"], description="Voor die idioot van nummer 3 maai ik niet.")
    response = client.post("/help/new", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and NUDGE in html and "“idioot”" in html and ACK in html
    assert "Voor die idioot van nummer 3" in html  # kept, so the author can change it
    assert _count(app, Listing, Listing.title == "Ik help met de tuin") == 0
    changed = client.post("/help/new", data=_listing_form(world["cat"]))
    assert changed.status_code == 302
    assert _count(app, Listing, Listing.title == "Ik help met de tuin") == 1


def test_post_the_listing_anyway(app, client, world) -> None:
    factories.login(client, "bram@example.org")
    form = _listing_form(world["cat"], title="Rot op met je onkruid", kindness_ack="y")
    assert client.post("/help/new", data=form).status_code == 302
    assert _count(app, Listing, Listing.title == "Rot op met je onkruid") == 1


def test_changing_a_listing_is_nudged_too(app, client, world) -> None:
    factories.login(client, "anna@example.org")
    url = f"/help/{world['request']}/edit"
    form = _listing_form(world["cat"], kind="request", title="Boodschappen, sukkel")
    response = client.post(url, data=form)
    assert response.status_code == 422 and NUDGE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Listing, world["request"]).title == "Boodschappen op dinsdag"
    assert client.post(url, data={**form, "kindness_ack": "y"}).status_code == 302
    with app.app_context():
        assert db.session.get(Listing, world["request"]).title == "Boodschappen, sukkel"


def test_a_reaction_with_a_listed_word_is_nudged(app, client, world) -> None:
    factories.login(client, "bram@example.org")
    url = f"/help/{world['request']}/respond"
    response = client.post(url, data={"message": "Hou je bek, ik kom gewoon."})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and NUDGE in html and "Hou je bek, ik kom gewoon." in html
    assert _count(app, Response) == 0 and _count(app, Message) == 0
    sent = client.post(url, data={"message": "Hou je bek, ik kom gewoon.", "kindness_ack": "y"})
    assert sent.status_code == 302
    assert _count(app, Response) == 1


def test_a_message_with_a_listed_word_is_nudged(app, client, world) -> None:
    with app.app_context():
        bram = db.session.scalar(select(User).where(User.email == "bram@example.org"))
        response_id = services.respond(bram, world["request"], "Ik kan helpen").id
    factories.login(client, "anna@example.org")
    url = f"/responses/{response_id}/messages"
    nudged = client.post(url, data={"body": "Kom niet te laat, loser.", "form_token": "t1"})
    html = nudged.get_data(as_text=True)
    assert nudged.status_code == 422 and NUDGE in html and "“loser”" in html
    assert _count(app, Message) == 1  # only the first reaction
    sent = client.post(url, data={"body": "Kom niet te laat, loser.", "form_token": "t1", "kindness_ack": "y"})
    assert sent.status_code == 302
    assert _count(app, Message) == 2


def test_no_nudge_without_listed_words(app, client, world) -> None:
    factories.login(client, "bram@example.org")
    for url in ("/help/new", f"/help/{world['request']}/respond"):
        html = client.get(url).get_data(as_text=True)
        assert NUDGE not in html and "kindness_ack" not in html
    assert client.post(f"/help/{world['request']}/respond", data={"message": "Ik help graag"}).status_code == 302
