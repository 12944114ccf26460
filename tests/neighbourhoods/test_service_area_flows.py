"""The service area holds everywhere a postcode is entered: registration, the profile, requests and offers; the
setting "people from outside may register to help"; the admin page names the area. Dutch pages, as people see them."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.marketplace.models import Listing, Response
from wijkhulp.neighbourhoods import services as neighbourhoods
from wijkhulp.settings import services as settings

STICHTSE_VECHT = "1393, 3601-3608, 3611, 3612, 3621, 3626, 3628, 3631-3634"
REGISTRATION = {"display_name": "Fatima", "email": "fatima@example.org", "password": "mijn fiets is blauw",
                "password_repeat": "mijn fiets is blauw", "postcode": "3601 AB", "accept_terms": "y",
                "age_confirmed": "y"}


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def app(make_app):
    return make_app(BABEL_DEFAULT_LOCALE="nl")


@pytest.fixture
def area(app):
    """Stichtse Vecht is the service area; a category to post in."""
    with app.app_context():
        neighbourhoods.set_service_area(STICHTSE_VECHT)
        settings.set_value("service_area_name", "Stichtse Vecht")
        return {"cat": helpers.category("Boodschappen").id}


def _allow_outside_helpers(app) -> None:
    with app.app_context():
        settings.set_value("outside_helpers", "ja")


def _listing_form(cat: int, **changes: str) -> dict[str, str]:
    data = {"kind": "request", "category_id": str(cat), "title": "Hulp bij de tuin",
            "description": "De heg moet geknipt worden.", "pc4": "3601", "radius_km": "5", "timing": "flexible",
            "urgency": "normal"}
    data.update(changes)
    return data


# ---------------------------------------------------------------- registration


@pytest.mark.parametrize("postcode", ["9999 AB", "1234 XY"])
def test_registration_refuses_a_postcode_outside_the_area_and_names_it(app, client, area, postcode):
    response = client.post("/register", data={**REGISTRATION, "postcode": postcode})
    assert response.status_code == 422
    page = _text(response)
    assert (f"wijkhulp is voor inwoners van Stichtse Vecht. De postcode {postcode} hoort daar niet bij."
            in page)
    assert 'id="postcode-error"' in page and 'value="Fatima"' in page  # next to the field, the input kept
    assert _count(app, User) == 0


def test_registration_refuses_an_unknown_postcode(app, client, area):
    response = client.post("/register", data={**REGISTRATION, "postcode": "1000 AA"})  # no such PC4
    assert response.status_code == 422 and "We kennen deze postcode niet" in _text(response)
    assert _count(app, User) == 0


def test_registration_inside_the_area_works(app, client, area):
    assert client.post("/register", data={**REGISTRATION, "postcode": "3621 AB"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.pc4)) == "3621"


def test_without_a_service_area_the_whole_country_may_register(app, client):
    assert client.post("/register", data={**REGISTRATION, "postcode": "1234 XY"}).status_code == 302


def test_with_the_setting_on_someone_from_outside_may_register(app, client, area):
    _allow_outside_helpers(app)
    assert client.post("/register", data={**REGISTRATION, "postcode": "1234 XY"}).status_code == 302
    assert _count(app, User) == 1
    # an unknown postcode stays refused, setting or not
    response = client.post("/register", data={**REGISTRATION, "email": "ander@example.org", "postcode": "1000 AA"})
    assert response.status_code == 422


# ---------------------------------------------------------------- the profile


def test_moving_out_of_the_area_on_the_profile_is_refused(app, client, area):
    with app.app_context():
        email = factories.user(display_name="Kees").email
    factories.login(client, email)
    response = client.post("/account/profile", data={"display_name": "Kees", "postcode": "1234 AB"})
    assert response.status_code == 422
    assert "De postcode 1234 AB hoort daar niet bij." in _text(response)
    with app.app_context():
        assert db.session.scalar(select(User.pc4)) == "3601"
    assert client.post("/account/profile", data={"display_name": "Kees", "postcode": "3633 AA"}).status_code == 302


def test_someone_already_outside_can_still_change_their_profile(app, client, area):
    with app.app_context():
        email = factories.user(display_name="Kees", postcode="1234 AB").email  # registered before the area
    factories.login(client, email)
    response = client.post("/account/profile", data={"display_name": "Kees", "postcode": "1234 AB", "bio": "Hoi"})
    assert response.status_code == 302


# ---------------------------------------------------------------- requests and offers


def test_a_maarssen_resident_cannot_post_in_lemiers(app, client, area):
    with app.app_context():
        email = factories.user(postcode="3601 AB").email
    factories.login(client, email)
    assert 'id="outsider-note"' not in _text(client.get("/help/new"))
    response = client.post("/help/new", data=_listing_form(area["cat"], pc4="1234"))
    assert response.status_code == 422
    page = _text(response)
    assert ("wijkhulp is voor Stichtse Vecht. Postcodegebied 1234 (Lemiers) hoort daar niet bij. Kies een "
            "postcodegebied in Stichtse Vecht." in page)
    assert 'id="pc4-error"' in page and 'value="Hulp bij de tuin"' in page
    assert _count(app, Listing) == 0
    assert client.post("/help/new", data=_listing_form(area["cat"], pc4="3621")).status_code == 302


def test_a_helper_from_outside_reacts_and_offers_but_does_not_ask(app, client, area):
    _allow_outside_helpers(app)
    with app.app_context():
        anna = factories.user(display_name="Anna")
        request_id = helpers.listing(anna, category_id=area["cat"]).id
        email = factories.user(display_name="Olaf", postcode="3511 AB").email  # Utrecht
    factories.login(client, email)
    form = _text(client.get("/help/new"))  # told before filling in the form
    assert 'id="outsider-note"' in form and "Je kunt hier helpen, maar geen hulp vragen voor jezelf." in form
    response = client.post("/help/new", data=_listing_form(area["cat"]))
    assert response.status_code == 422
    assert "Je woont buiten Stichtse Vecht. Je kunt hier helpen, maar geen hulp vragen voor jezelf." in _text(response)
    assert _count(app, Listing) == 1
    # an offer at home in Utrecht is outside the area; in Maarssen it is fine
    assert client.post("/help/new", data=_listing_form(area["cat"], kind="offer", pc4="3511")).status_code == 422
    assert client.post("/help/new", data=_listing_form(area["cat"], kind="offer")).status_code == 302
    # reacting to Anna's request
    response = client.post(f"/help/{request_id}/respond", data={"message": "Ik kom graag helpen op dinsdag."})
    assert response.status_code == 302 and _count(app, Response) == 1
    # asking for someone else who lives in the area (a mother in Maarssen) is allowed
    response = client.post("/help/new", data=_listing_form(area["cat"], title="Boodschappen voor mijn moeder",
                                                           on_behalf="y", on_behalf_name="Truus",
                                                           on_behalf_consent="y"))
    assert response.status_code == 302 and _count(app, Listing) == 3


def test_existing_residents_outside_a_new_area_cannot_ask_for_themselves(app, client, area):
    """Whatever the setting: the area decides who asks; the setting only decides who may join to help."""
    with app.app_context():
        email = factories.user(postcode="1234 AB").email
    factories.login(client, email)
    assert client.post("/help/new", data=_listing_form(area["cat"])).status_code == 422
    assert _count(app, Listing) == 0


# ---------------------------------------------------------------- the admin page


def test_the_admin_page_names_the_area_instead_of_all_of_the_netherlands(app, client):
    with app.app_context():
        email = factories.admin().email
    factories.login(client, email)
    assert "Deze site is voor heel Nederland." in _text(client.get("/admin/neighbourhoods"))
    with app.app_context():
        neighbourhoods.set_service_area(STICHTSE_VECHT)
    page = _text(client.get("/admin/neighbourhoods"))
    assert "heel Nederland" not in page
    assert "Deze site is voor Stichtse Vecht: 18 postcodegebieden:" in page
    assert "Maarssen" in page and "Nigtevecht" in page and "Breukelen" in page
    assert "Alleen mensen die er wonen, kunnen een account maken." in page
    _allow_outside_helpers(app)
    assert "Mensen die erbuiten wonen, mogen een account maken om te helpen." in _text(
        client.get("/admin/neighbourhoods"))


def test_searching_near_a_place_outside_the_area_says_so(app, client, area):
    """Not "choose a larger distance": the place is outside the area, and the page says where to search."""
    page = _text(client.get("/help?near=9999&km=25"))
    assert "9999" in page and "ligt buiten Stichtse Vecht" in page and "Zoek liever bij een postcode" in page
    assert "Kies een grotere afstand" not in page
    inside = _text(client.get("/help?near=3601&km=5"))
    assert "ligt buiten Stichtse Vecht" not in inside
