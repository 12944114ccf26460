"""Contact details are shared mutually: a person's e-mail address or phone number shows to the other only once
both chose to share in that match. Attacks: the other party, outsiders and staff never see them before both
agree, nobody can choose for someone else, and after one withdraws they are hidden again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import Match
from wijkhulp.notifications.models import Notification

ANNA_MAIL, ANNA_PHONE = "anna@example.org", "0611111111"
BRAM_MAIL, BRAM_PHONE = "bram@example.org", "0622222222"
SECRETS = (ANNA_MAIL, ANNA_PHONE, BRAM_MAIL, BRAM_PHONE)


@pytest.fixture
def match(app):
    """Anna asked, Bram reacted, Anna accepted. Both have phone numbers and defaults that say "share"."""
    with app.app_context():
        cat = helpers.category("Boodschappen")
        anna = factories.user(email=ANNA_MAIL, display_name="Anna", phone=ANNA_PHONE, share_phone_default=True)
        bram = factories.user(email=BRAM_MAIL, display_name="Bram", postcode="3603 AB", phone=BRAM_PHONE,
                              share_phone_default=True)
        factories.user(email="cor@example.org", display_name="Cor")
        helpers.manager_of("3601", email="manager@example.org")
        factories.admin(email="admin@example.org")
        listing = helpers.listing(anna, category_id=cat.id, title="Boodschappen op dinsdag")
        response = services.respond(bram, listing.id, "Ik kan op dinsdag.")
        services.accept_response(anna, response.id)
        return {"thread": f"/responses/{response.id}", "listing": f"/help/{listing.id}", "response": response.id}


def _client(app, email: str):
    client = app.test_client()
    factories.login(client, email)
    return client


def _page(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def _leaks(html: str, *values: str) -> list[str]:
    return [value for value in values if value in html]


def test_defaults_alone_reveal_nothing_to_either_party(app, match):
    anna, bram = _client(app, ANNA_MAIL), _client(app, BRAM_MAIL)
    assert _leaks(_page(bram, match["thread"]), ANNA_MAIL, ANNA_PHONE) == []
    assert _leaks(_page(anna, match["thread"]), BRAM_MAIL, BRAM_PHONE) == []
    assert "Choose below whether you share your details." in _page(anna, match["thread"])


def test_one_party_sharing_shows_nothing_and_says_who_is_waiting(app, match):
    anna, bram = _client(app, ANNA_MAIL), _client(app, BRAM_MAIL)
    anna.post(f"{match['thread']}/contact", data={"share_email": "y", "share_phone": "y"})
    html = _page(anna, match["thread"])
    assert "You have shared your details. Bram has not chosen yet." in html
    assert _leaks(html, BRAM_MAIL, BRAM_PHONE) == []
    html = _page(bram, match["thread"])
    assert _leaks(html, ANNA_MAIL, ANNA_PHONE) == []  # Anna shared, but Bram has not
    assert "Anna has shared their details and is waiting for you." in html
    with app.app_context():  # the notification asks Bram to choose, without the details themselves
        [note] = db.session.scalars(select(Notification).where(Notification.event == "contact_shared")).all()
        assert _leaks(note.message, *SECRETS) == []


def test_both_sharing_shows_what_each_chose(app, match):
    anna, bram = _client(app, ANNA_MAIL), _client(app, BRAM_MAIL)
    anna.post(f"{match['thread']}/contact", data={"share_phone": "y"})  # only her phone
    bram.post(f"{match['thread']}/contact", data={"share_email": "y"})  # only his e-mail
    html = _page(bram, match["thread"])
    assert ANNA_PHONE in html and ANNA_MAIL not in html
    assert "You both chose to share." in html
    html = _page(anna, match["thread"])
    assert BRAM_MAIL in html and BRAM_PHONE not in html


def test_after_one_withdraws_both_are_hidden_again(app, match):
    anna, bram = _client(app, ANNA_MAIL), _client(app, BRAM_MAIL)
    anna.post(f"{match['thread']}/contact", data={"share_email": "y"})
    bram.post(f"{match['thread']}/contact", data={"share_email": "y"})
    assert ANNA_MAIL in _page(bram, match["thread"])
    bram.post(f"{match['thread']}/contact", data={})  # Bram withdraws
    assert _leaks(_page(bram, match["thread"]), ANNA_MAIL, ANNA_PHONE) == []
    html = _page(anna, match["thread"])
    assert _leaks(html, BRAM_MAIL, BRAM_PHONE) == []
    assert "but Bram does not share" in html


def test_outsiders_and_staff_never_see_the_thread_or_the_details(app, match):
    anna, bram = _client(app, ANNA_MAIL), _client(app, BRAM_MAIL)
    anna.post(f"{match['thread']}/contact", data={"share_email": "y", "share_phone": "y"})
    bram.post(f"{match['thread']}/contact", data={"share_email": "y", "share_phone": "y"})
    for email in ("cor@example.org", "manager@example.org", "admin@example.org"):
        other = _client(app, email)
        assert other.get(match["thread"]).status_code == 404, email
        for url in (match["listing"], "/", "/help/"):
            assert _leaks(_page(other, url), *SECRETS) == [], (email, url)
    visitor = app.test_client()
    assert visitor.get(match["thread"]).status_code in (302, 401)
    assert _leaks(_page(visitor, match["listing"]), *SECRETS) == []


def test_nobody_chooses_for_someone_else(app, match):
    cor, manager = _client(app, "cor@example.org"), _client(app, "manager@example.org")
    for client in (cor, manager):
        assert client.post(f"{match['thread']}/contact", data={"share_email": "y"}).status_code == 404
    with app.app_context():
        found = db.session.scalar(select(Match))
        assert found.requester_contact_chosen_at is None and found.helper_contact_chosen_at is None
    bram = _client(app, BRAM_MAIL)
    bram.post(f"{match['thread']}/contact", data={"share_email": "y"})  # Bram's choice is only Bram's
    with app.app_context():
        found = db.session.scalar(select(Match))
        assert found.helper_contact_chosen_at is not None and found.requester_contact_chosen_at is None
    assert _leaks(_page(bram, match["thread"]), ANNA_MAIL, ANNA_PHONE) == []


def test_a_stopped_match_hides_the_details_and_takes_no_new_choice(app, match):
    anna, bram = _client(app, ANNA_MAIL), _client(app, BRAM_MAIL)
    anna.post(f"{match['thread']}/contact", data={"share_email": "y"})
    bram.post(f"{match['thread']}/contact", data={"share_email": "y"})
    with app.app_context():
        services.cancel_match(db.session.get(User, db.session.scalar(select(User.id).where(User.email == BRAM_MAIL))),
                              match["response"])
    assert _leaks(_page(anna, match["thread"]), BRAM_MAIL, BRAM_PHONE) == []
    assert anna.post(f"{match['thread']}/contact", data={"share_email": "y"}).status_code == 409  # MatchNotActive
