"""The marketplace as moderated content: listings, messages and thank-you notes are registered with moderation,
can be reported, hidden and removed; requests nobody answered wait in the managers' queue; new listings of new
accounts are held for a manager when pre-moderation is on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.registry import content as contenttypes
from wijkhulp.accounts.models import User
from wijkhulp.audit import AuditEntry
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import queries, services
from wijkhulp.marketplace.models import Listing, ListingNotFound, Match, Message, ThankYou
from wijkhulp.moderation import services as moderation
from wijkhulp.moderation.models import ReviewHold
from wijkhulp.settings import services as settings


def _story() -> dict[str, int]:
    """Anna asks, Bram reacts and helps, Anna thanks him in public. Plain ids."""
    helpers.category()
    anna = factories.user(email="anna@example.org", display_name="Anna")
    bram = factories.user(email="bram@example.org", display_name="Bram", postcode="3603 AB")
    factories.user(email="cor@example.org", display_name="Cor")
    request = helpers.listing(anna, title="Boodschappen op dinsdag")
    response = services.respond(bram, request.id, "Ik kan op dinsdag, groet Bram")
    services.accept_response(anna, response.id)
    services.complete_match(anna, response.id, hours="2", thanks="Dank je wel, Bram!", thanks_public=True)
    services.set_thanks_public(bram, response.id, public=True)
    message = db.session.scalar(select(Message).where(Message.response_id == response.id))
    note = db.session.scalar(select(ThankYou))
    return {"anna": anna.id, "bram": bram.id, "request": request.id, "response": response.id,
            "message": message.id, "note": note.id}


@pytest.fixture
def story(app) -> dict[str, int]:
    with app.app_context():
        return _story()


# ---------------------------------------------------------------- the content types

def test_listings_messages_and_thanks_are_registered(app) -> None:
    keys = {kind.key for kind in contenttypes.content_types()}
    assert {"listing", "message", "thank_you"} <= keys
    assert "unanswered_requests" in {source.key for source in contenttypes.queue_sources()}


def test_what_moderation_knows_about_each_item(app, story) -> None:
    with app.test_request_context():
        listing_kind = contenttypes.content_type("listing")
        listing = db.session.get(Listing, story["request"])
        assert listing_kind.author_of(listing).id == story["anna"]
        assert listing_kind.pc4_of(listing) == "3601"
        assert listing_kind.summary(listing) == "Boodschappen op dinsdag"
        assert listing_kind.url(listing) == f"/help/{story['request']}"
        assert "Boodschappen op dinsdag" in listing_kind.text(listing)

        message_kind = contenttypes.content_type("message")
        message = db.session.get(Message, story["message"])
        assert message_kind.author_of(message).id == story["bram"]
        assert message_kind.pc4_of(message) == "3601"
        # the summary never shows the private text; the manager reads it in text_of
        assert message_kind.summary(message) == "Message about “Boodschappen op dinsdag”"
        assert message_kind.text(message) == "Ik kan op dinsdag, groet Bram"
        assert message_kind.url(message) == f"/responses/{story['response']}#message-{story['message']}"

        thanks_kind = contenttypes.content_type("thank_you")
        note = db.session.get(ThankYou, story["note"])
        assert thanks_kind.author_of(note).id == story["anna"]
        assert thanks_kind.pc4_of(note) == "3601"
        assert thanks_kind.summary(note) == "Thank-you note for Bram"
        assert thanks_kind.text(note) == "Dank je wel, Bram!"
        assert thanks_kind.url(note) == f"/people/{story['bram']}/help"


def test_removing_replaces_the_text_and_keeps_the_records(app, story) -> None:
    with app.app_context():
        admin = factories.admin()
        moderation.remove_content(admin, "listing", story["request"], "Reclame")
        moderation.remove_content(admin, "message", story["message"], "Scheldwoord")
        moderation.remove_content(admin, "thank_you", story["note"], "Persoonlijke gegevens")
        listing = db.session.get(Listing, story["request"])
        assert "removed by the community manager" in listing.title and listing.hidden_at is not None
        assert listing.responses and db.session.scalar(select(Match)) is not None
        message = db.session.get(Message, story["message"])
        assert message.body == "This message has been removed by the community manager."
        assert message.hidden_at is not None
        note = db.session.get(ThankYou, story["note"])
        assert note.text == "This thank-you note has been removed by the community manager." and not note.is_public
        assert queries.profile_summary(story["bram"]).thanks == []
        assert queries.profile_summary(story["bram"]).helps_given == 1  # the help itself still counts


def test_a_hidden_listing_is_out_of_sight_and_takes_no_reactions(app) -> None:
    with app.app_context():
        helpers.category()
        anna, bram = factories.user(), factories.user()
        listing = helpers.listing(anna)
        moderation.hide_content(factories.admin(), "listing", listing.id, "Twijfel")
        assert queries.newest().items == []
        with pytest.raises(ListingNotFound):
            services.respond(bram, listing.id, "Hoi")


# ---------------------------------------------------------------- report links and hidden items on the pages

def test_report_links_on_listing_messages_and_thanks(app, client, story) -> None:
    listing_url = f"/help/{story['request']}"
    with app.app_context():  # the story's request is done, so no longer public: an open one for visitors
        open_id = helpers.listing(db.session.get(User, story["anna"]), title="Nog open").id
    visitor = client.get(f"/help/{open_id}").get_data(as_text=True)
    assert f'href="/report/listing/{open_id}"' in visitor and "Report this request" in visitor
    assert client.get(listing_url).status_code == 410
    factories.login(client, "anna@example.org")
    own = client.get(listing_url).get_data(as_text=True)
    assert "/report/listing/" not in own  # not for your own request
    thread = client.get(f"/responses/{story['response']}").get_data(as_text=True)
    assert f'href="/report/message/{story["message"]}"' in thread  # Bram's message
    assert "/report/thank_you/" not in thread  # Anna wrote the note herself
    client.post("/logout")
    factories.login(client, "bram@example.org")
    thread = client.get(f"/responses/{story['response']}").get_data(as_text=True)
    assert f'href="/report/thank_you/{story["note"]}"' in thread
    assert "/report/message/" not in thread  # his own message
    client.post("/logout")
    profile = client.get(f"/people/{story['bram']}/help").get_data(as_text=True)
    assert f'href="/report/thank_you/{story["note"]}"' in profile


def test_reporting_a_message_does_not_show_its_text_to_others(app, client, story) -> None:
    factories.login(client, "anna@example.org")  # the other party of the conversation
    page = client.get(f"/report/message/{story['message']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "groet Bram" not in html and "Message about “Boodschappen op dinsdag”" in html
    client.post("/logout")
    factories.login(client, "cor@example.org")  # an outsider cannot report (or learn of) someone else's message
    page = client.get(f"/report/message/{story['message']}")
    assert page.status_code == 404 and "groet Bram" not in page.get_data(as_text=True)


def test_the_other_party_reports_a_message_and_a_manager_hides_it(app, client, story) -> None:
    factories.login(client, "anna@example.org")
    sent = client.post(f"/report/message/{story['message']}", data={"reason": "unkind", "text": "Onaardig"})
    assert sent.status_code == 302
    with app.app_context():
        moderation.hide_content(factories.admin(), "message", story["message"], "Niet vriendelijk")
    html = client.get(f"/responses/{story['response']}").get_data(as_text=True)
    assert "A community manager has hidden this message." in html and "groet Bram" not in html
    client.post("/logout")
    factories.login(client, "bram@example.org")
    html = client.get(f"/responses/{story['response']}").get_data(as_text=True)
    assert "Only you can still read it." in html and "groet Bram" in html


def test_a_hidden_first_message_is_not_quoted_on_the_listing(app, client) -> None:
    with app.app_context():
        helpers.category()
        anna = factories.user(email="anna@example.org")
        request = helpers.listing(anna)
        response = services.respond(factories.user(), request.id, "Geheime tekst van de reactie")
        moderation.hide_content(factories.admin(), "message", response.messages[0].id, "Onaardig")
        request_id = request.id
    factories.login(client, "anna@example.org")
    assert "Geheime tekst" not in client.get(f"/help/{request_id}").get_data(as_text=True)


# ---------------------------------------------------------------- the queue: requests nobody answered

def test_unanswered_requests_in_the_queue_by_area(app) -> None:
    with app.test_request_context():
        category = helpers.category("Tuin")
        anna = factories.user()
        old = utcnow() - timedelta(days=8)
        maarssen = helpers.raw_listing(anna, category_id=category.id, pc4="3601", title="Heg snoeien",
                                       created_at=old)
        breukelen = helpers.raw_listing(anna, category_id=category.id, pc4="3621", title="Gras maaien",
                                        created_at=old - timedelta(days=1))
        helpers.raw_listing(anna, category_id=category.id, pc4="3601", title="Te nieuw",
                            created_at=utcnow() - timedelta(days=2))
        helpers.raw_listing(anna, kind="offer", category_id=category.id, pc4="3601", title="Aanbod",
                            created_at=old)
        answered = helpers.raw_listing(anna, category_id=category.id, pc4="3601", title="Beantwoord",
                                       created_at=old)
        services.respond(factories.user(), answered.id, "Ik help")
        source = {s.key: s for s in contenttypes.queue_sources()}["unanswered_requests"]
        rows = source.load(None)
        assert [row.object_id for row in rows] == [breukelen.id, maarssen.id]  # oldest first
        assert rows[1].content_key == "listing" and rows[1].pc4 == "3601" and rows[1].summary == "Heg snoeien"
        assert rows[1].url == f"/help/{maarssen.id}" and rows[1].note == "Tuin · no reaction for 8 days"
        assert [row.object_id for row in source.load(frozenset({"3601", "3602"}))] == [maarssen.id]
        assert source.load(frozenset()) == []
        settings.set_value("unanswered_request_days", "1")
        assert len(source.load(frozenset({"3601"}))) == 2


def test_the_queue_page_shows_unanswered_requests_of_the_managers_area(app, client) -> None:
    with app.app_context():
        category = helpers.category()
        anna = factories.user()
        helpers.manager_of("3601", email="manager@example.org")
        old = utcnow() - timedelta(days=8)
        helpers.raw_listing(anna, category_id=category.id, pc4="3601", title="Heg snoeien", created_at=old)
        helpers.raw_listing(anna, category_id=category.id, pc4="3621", title="Gras maaien", created_at=old)
    factories.login(client, "manager@example.org")
    html = client.get("/manage/queue").get_data(as_text=True)
    assert "Requests nobody has answered" in html
    assert "Heg snoeien" in html and "Gras maaien" not in html


# ---------------------------------------------------------------- pre-moderation

def test_with_premoderation_a_new_accounts_listing_waits_for_a_manager(app) -> None:
    with app.app_context():
        settings.set_value("premoderation", "true")
        helpers.category()
        offerer = factories.manager()  # managers are never held
        offer = helpers.listing(offerer, kind="offer", title="Ik doe boodschappen")
        assert offer.hidden_at is None
        author = factories.user()
        listing = helpers.listing(author, title="Hulp bij boodschappen")
        assert listing.hidden_at is not None
        hold = db.session.scalar(select(ReviewHold).where(ReviewHold.object_id == listing.id))
        assert (hold.content_key, hold.pc4) == ("listing", "3601")
        assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "moderation.hold"))
        assert helpers.notes(offerer, "matching_listing") == []  # nobody is told about a held listing
        assert [card.listing.id for card in queries.newest().items] == [offer.id]
        with pytest.raises(ListingNotFound):
            services.respond(factories.user(), listing.id, "Ik help")

        moderation.approve_content(factories.admin(), "listing", listing.id)
        assert db.session.get(Listing, listing.id).hidden_at is None
        second = helpers.listing(db.session.get(User, author.id), title="Nog een vraag")
        assert second.hidden_at is None  # approved once: trusted from now on


def test_without_premoderation_or_for_managers_nothing_is_held(app) -> None:
    with app.app_context():
        helpers.category()
        assert helpers.listing(factories.user()).hidden_at is None
        settings.set_value("premoderation", "true")
        manager = helpers.manager_of("3601")
        assisted = helpers.listing(manager, assisted=True, on_behalf_name="Gerrit", on_behalf_consent=True)
        assert assisted.hidden_at is None
        assert db.session.scalar(select(ReviewHold)) is None


def test_the_author_is_told_that_a_manager_looks_first(app, client) -> None:
    with app.app_context():
        settings.set_value("premoderation", "true")
        category_id = helpers.category().id
        factories.user(email="new@example.org")
    factories.login(client, "new@example.org")
    response = client.post("/help/new", data={
        "kind": "request", "category_id": str(category_id), "title": "Hulp bij de tuin",
        "description": "Wie helpt mij met de heg?", "pc4": "3601", "radius_km": "5", "timing": "flexible",
        "urgency": "normal"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Because you are new here, a community manager looks at it first." in html
    assert "Your request is online" not in html
    assert "checks it first" in html  # the owner sees their own listing, with the note
    client.post("/logout")
    assert "Hulp bij de tuin" not in client.get("/help").get_data(as_text=True)
