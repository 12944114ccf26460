"""Posting a request or offer in the name of a verified organisation (issue 6, item 1): who may, how it shows,
and the organisation's open offers on its public page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import InvalidListing, Listing, ListingStatus
from wijkhulp.organisations.models import NotAMember, Organisation, OrganisationNotVerified


@pytest.fixture
def org(app) -> dict[str, int]:
    with app.app_context():
        category = helpers.category()
        member = factories.user(email="member@example.org", display_name="Mieke")
        other = factories.user(email="other@example.org", display_name="Otto")
        verified = helpers.organisation(member, name="Buurthuis De Brug")
        waiting = helpers.organisation(member, verified=False, name="Repair Café Maarssen")
        foreign = helpers.organisation(other, name="Tennisclub")
        return {"cat": category.id, "verified": verified.id, "waiting": waiting.id, "foreign": foreign.id}


def _count(app, *where: object) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Listing).where(*where)) or 0


def _member():
    return db.session.scalar(select(User).where(User.email == "member@example.org"))


# ---------------------------------------------------------------- the rules (services)

def test_a_member_posts_an_offer_or_request_in_the_name_of_a_verified_organisation(app, org) -> None:
    with app.app_context():
        offer = helpers.listing(_member(), kind="offer", organisation_id=str(org["verified"]))
        assert offer.organisation_id == org["verified"] and offer.organisation.name == "Buurthuis De Brug"
        request = helpers.listing(_member(), organisation_id=org["verified"])
        assert request.organisation_id == org["verified"]
        assert helpers.listing(_member(), organisation_id="", title="Een vraag van mij").organisation_id is None


def test_refusals_store_nothing(app, org) -> None:
    with app.app_context():
        with pytest.raises(NotAMember):  # 403
            helpers.listing(_member(), kind="offer", organisation_id=org["foreign"])
        with pytest.raises(OrganisationNotVerified) as caught:  # 422
            helpers.listing(_member(), kind="offer", organisation_id=org["waiting"])
        assert caught.value.field == "organisation_id" and caught.value.status_code == 422
        with pytest.raises(InvalidListing) as caught:
            helpers.listing(_member(), kind="offer", organisation_id="99999")
        assert caught.value.field == "organisation_id"
        with pytest.raises(InvalidListing):
            helpers.listing(_member(), kind="offer", organisation_id="de brug")
        manager = helpers.manager_of("3601")
        team = helpers.organisation(manager, name="Wijkteam").id
        with pytest.raises(InvalidListing) as caught:  # assisted posting is the manager's, not an organisation's
            helpers.listing(manager, assisted=True, on_behalf_name="Gerrit", on_behalf_consent=True,
                            organisation_id=team)
        assert caught.value.field == "organisation_id"
    assert _count(app) == 0


def test_a_hidden_organisation_cannot_act(app, org) -> None:
    with app.app_context():
        db.session.get(Organisation, org["verified"]).hidden_at = utcnow()
        db.session.commit()
        with pytest.raises(OrganisationNotVerified):
            helpers.listing(_member(), kind="offer", organisation_id=org["verified"])


def test_changing_keeps_or_drops_the_organisation(app, org) -> None:
    with app.app_context():
        offer = helpers.listing(_member(), kind="offer", organisation_id=org["verified"])
        # the member leaves: the listing keeps the organisation on an edit that does not change it
        membership = db.session.get(Organisation, org["verified"]).membership_of(_member())
        db.session.delete(membership)
        db.session.commit()
        data = helpers.data(kind="offer", title="Koffie in het buurthuis", organisation_id=org["verified"])
        assert services.update_listing(_member(), offer.id, data).organisation_id == org["verified"]
        data = helpers.data(kind="offer", title="Koffie in het buurthuis", organisation_id="")
        assert services.update_listing(_member(), offer.id, data).organisation_id is None
        with pytest.raises(NotAMember):  # and cannot put it back
            services.update_listing(_member(), offer.id, helpers.data(kind="offer",
                                                                      organisation_id=org["verified"]))


# ---------------------------------------------------------------- the pages

def _form(cat: int, **overrides: str) -> dict[str, str]:
    data = {"kind": "offer", "category_id": str(cat), "title": "Koffieochtend met hulp bij formulieren",
            "description": "Elke dinsdag helpen vrijwilligers met formulieren.", "pc4": "3601",
            "radius_km": "5", "timing": "flexible", "urgency": "normal"}
    data.update(overrides)
    return data


def test_post_as_is_offered_to_members_of_verified_organisations_only(app, client, org) -> None:
    factories.login(client, "member@example.org")
    html = client.get("/help/new").get_data(as_text=True)
    assert "Post as" in html and "Myself (Mieke)" in html and "Buurthuis De Brug" in html
    assert "Repair Café Maarssen" not in html and "Tennisclub" not in html
    client.post("/logout")
    with app.app_context():
        factories.user(email="plain@example.org")
    factories.login(client, "plain@example.org")
    assert "Post as" not in client.get("/help/new").get_data(as_text=True)


def test_a_listing_in_an_organisations_name_shows_the_organisation(app, client, org) -> None:
    factories.login(client, "member@example.org")
    posted = client.post("/help/new", data=_form(org["cat"], organisation_id=str(org["verified"])))
    assert posted.status_code == 302
    url = posted.headers["Location"]
    html = client.get(url).get_data(as_text=True)
    assert "Posted by" in html and f'href="/organisations/{org["verified"]}"' in html
    client.post("/logout")
    visitor = client.get(url).get_data(as_text=True)
    assert "Buurthuis De Brug" in visitor and "Mieke" not in visitor  # an organisation is public, a person not
    listing_page = client.get("/help").get_data(as_text=True)
    assert "Posted by Buurthuis De Brug" in listing_page


def test_refusals_on_the_form(app, client, org) -> None:
    factories.login(client, "member@example.org")
    assert client.post("/help/new", data=_form(org["cat"], organisation_id=str(org["foreign"]))).status_code == 403
    waiting = client.post("/help/new", data=_form(org["cat"], organisation_id=str(org["waiting"])))
    assert waiting.status_code == 422
    assert "has not been checked by the community manager yet" in waiting.get_data(as_text=True)
    assert _count(app) == 0


def test_the_organisation_page_lists_its_open_offers(app, client, org) -> None:
    with app.app_context():
        member = _member()
        helpers.listing(member, kind="offer", title="Koffieochtend in het buurthuis", organisation_id=org["verified"])
        helpers.listing(member, kind="request", title="Vrijwilliger gezocht", organisation_id=org["verified"])
        closed = helpers.listing(member, kind="offer", title="Oude cursus", organisation_id=org["verified"])
        closed.status = ListingStatus.WITHDRAWN
        hidden = helpers.listing(member, kind="offer", title="Verborgen aanbod", organisation_id=org["verified"])
        hidden.hidden_at = utcnow()
        helpers.listing(member, kind="offer", title="Eigen aanbod van Mieke")
        db.session.commit()
    html = client.get(f"/organisations/{org['verified']}").get_data(as_text=True)
    assert "Offers of help" in html and "Koffieochtend in het buurthuis" in html
    for absent in ("Vrijwilliger gezocht", "Oude cursus", "Verborgen aanbod", "Eigen aanbod van Mieke"):
        assert absent not in html
    other = client.get(f"/organisations/{org['foreign']}").get_data(as_text=True)
    assert "This organisation has no open offers of help at the moment." in other
