"""Before reacting, a helper who lives beyond the requester's radius is warned (and may still react); a second
listing with the same author, kind and title within 24 hours is refused with a link to the first. Dutch pages."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import Listing, Response


@pytest.fixture
def app(make_app):
    return make_app(BABEL_DEFAULT_LOCALE="nl")


@pytest.fixture
def world(app):
    """Anna (3601 Maarssen) asks for help within 2 km; Bram lives in Breukelen (3621, 4.3 km), Cor in 3603."""
    with app.app_context():
        cat = helpers.category("Boodschappen")
        anna = factories.user(email="anna@example.org", display_name="Anna", postcode="3601 AB")
        factories.user(email="bram@example.org", display_name="Bram", postcode="3621 AB")
        factories.user(email="cor@example.org", display_name="Cor", postcode="3603 AB")
        factories.user(email="dirk@example.org", display_name="Dirk", postcode="3611 AB")  # 2.4 km
        request = helpers.listing(anna, category_id=cat.id, title="Boodschappen op dinsdag", radius_km=2)
        return {"cat": cat.id, "request": request.id}


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _signed_in(app, email: str):
    client = app.test_client()
    factories.login(client, email)
    return client


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


# ---------------------------------------------------------------- the radius warning


def test_a_helper_beyond_the_radius_is_warned_and_may_still_react(app, world):
    bram = _signed_in(app, "bram@example.org")
    url = f"/help/{world['request']}"
    page = _text(bram.get(url))
    assert ("Anna zoekt hulp binnen 2 km; jij woont 4 km verderop. Je kunt wel reageren." in page)
    assert 'id="radius-warning"' in page and 'name="message"' in page  # the form is still there
    assert "Anna zoekt hulp binnen 2 km" in _text(bram.get(f"{url}/respond"))
    response = bram.post(f"{url}/respond", data={"message": "Ik fiets wel even naar Maarssen."})
    assert response.status_code == 302 and _count(app, Response) == 1


def test_no_warning_nearby_for_the_owner_or_for_visitors(app, world):
    url = f"/help/{world['request']}"
    assert 'id="radius-warning"' not in _text(_signed_in(app, "cor@example.org").get(url))  # 0.7 km
    assert 'id="radius-warning"' not in _text(_signed_in(app, "anna@example.org").get(url))
    assert 'id="radius-warning"' not in _text(app.test_client().get(url))


def test_a_distance_just_beyond_the_radius_is_not_rounded_onto_it(app, world):
    page = _text(_signed_in(app, "dirk@example.org").get(f"/help/{world['request']}"))
    assert "Anna zoekt hulp binnen 2 km; jij woont 2,4 km verderop." in page


def test_an_offer_warns_a_requester_beyond_how_far_the_helper_goes(app, world):
    with app.app_context():
        bram = db.session.scalar(select(User).where(User.email == "bram@example.org"))
        offer = helpers.listing(bram, kind="offer", category_id=world["cat"], title="Ik doe boodschappen",
                                pc4="3621", radius_km=2)
        offer_id = offer.id
    page = _text(_signed_in(app, "anna@example.org").get(f"/help/{offer_id}"))
    assert "Bram helpt binnen 2 km; jij woont 4 km verderop. Je kunt wel reageren." in page


# ---------------------------------------------------------------- a second listing with the same title


def _form(cat: int, **changes: str) -> dict[str, str]:
    data = {"kind": "request", "category_id": str(cat), "title": "Hulp bij de tuin",
            "description": "De heg moet geknipt worden.", "pc4": "3601", "radius_km": "5", "timing": "flexible",
            "urgency": "normal"}
    data.update(changes)
    return data


def test_the_same_request_twice_within_a_day_is_refused_with_a_link(app, world):
    anna = _signed_in(app, "anna@example.org")
    first = anna.post("/help/new", data=_form(world["cat"]))
    assert first.status_code == 302
    first_id = int(re.search(r"/help/(\d+)", first.headers["Location"])[1])
    again = anna.post("/help/new", data=_form(world["cat"], title="  hulp BIJ de   tuin ",
                                              description="Nog een keer de heg."))
    assert again.status_code == 422
    page = _text(again)
    assert "Je hebt deze vraag net al geplaatst." in page and 'id="title-error"' in page
    assert f'href="/help/{first_id}"' in page
    assert "Nog een keer de heg." in page and 'value="hulp BIJ de   tuin"' in page  # the form keeps the input
    assert _count(app, Listing) == 2  # Anna's first request of the fixture, and this one


def test_what_is_not_a_duplicate(app, world):
    anna = _signed_in(app, "anna@example.org")
    assert anna.post("/help/new", data=_form(world["cat"])).status_code == 302
    # an offer with the same title, another author, for someone else: all fine
    assert anna.post("/help/new", data=_form(world["cat"], kind="offer")).status_code == 302
    assert _signed_in(app, "cor@example.org").post("/help/new", data=_form(world["cat"])).status_code == 302
    assert anna.post("/help/new", data=_form(world["cat"], on_behalf="y", on_behalf_name="Truus",
                                             on_behalf_consent="y")).status_code == 302
    offer_again = anna.post("/help/new", data=_form(world["cat"], kind="offer"))
    assert offer_again.status_code == 422 and "Je hebt dit aanbod net al geplaatst." in _text(offer_again)


def test_after_a_day_or_a_withdrawal_the_same_title_may_be_posted_again(app, world):
    with app.app_context():
        anna = db.session.scalar(select(User).where(User.email == "anna@example.org"))
        helpers.listing(anna, category_id=world["cat"], title="Hulp bij de tuin",
                        now=utcnow() - timedelta(hours=25))
        withdrawn = helpers.listing(anna, category_id=world["cat"], title="Hond uitlaten")
        services.withdraw_listing(anna, withdrawn.id)
    client = _signed_in(app, "anna@example.org")
    assert client.post("/help/new", data=_form(world["cat"])).status_code == 302
    assert client.post("/help/new", data=_form(world["cat"], title="Hond uitlaten")).status_code == 302
