"""The inbox at /messages: every conversation of the signed-in person, newest first, unread marked in words; read
state recorded only by POSTs (writing, "mark as read"), never by opening a page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests import factories
from tests.sqlcount import recorded_statements
from tests.marketplace import helpers as h
from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import queries, services
from wijkhulp.marketplace.models import Response
from wijkhulp.registry.chrome import HeaderCounter


def _statements(app):  # noqa: ANN001, ANN202
    return recorded_statements(app, ignore="outbox_mail")


@pytest.fixture
def world(app) -> dict[str, Any]:
    """Anna asks for help twice; Bram reacts to the first, Carla to the second; Dirk and Erik talk elsewhere."""
    with app.app_context():
        cat = h.category()
        anna = factories.user(email="anna@example.org", display_name="Anna")
        bram = factories.user(email="bram@example.org", display_name="Bram")
        carla = factories.user(email="carla@example.org", display_name="Carla")
        dirk = factories.user(email="dirk@example.org", display_name="Dirk")
        erik = factories.user(email="erik@example.org", display_name="Erik")
        first = h.listing(anna, category_id=cat.id, title="Boodschappen op dinsdag")
        second = h.listing(anna, category_id=cat.id, title="Lamp ophangen")
        elsewhere = h.listing(dirk, category_id=cat.id, title="Hond uitlaten")
        t0 = utcnow() - timedelta(hours=3)
        r1 = services.respond(bram, first.id, "Ik kan dinsdag wel.", now=t0)
        r2 = services.respond(carla, second.id, "Ik heb een ladder.", now=t0 + timedelta(hours=1))
        r3 = services.respond(erik, elsewhere.id, "Ik loop graag.", now=t0 + timedelta(hours=2))
        return {"anna": anna.id, "bram": bram.id, "r1": r1.id, "r2": r2.id, "r3": r3.id, "first": first.id}


def test_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get("/messages")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/messages/read-all").status_code == 302


def test_the_inbox_lists_only_my_conversations_newest_first_with_unread_in_words(app, client, world) -> None:
    factories.login(client, "anna@example.org")
    page = client.get("/messages").get_data(as_text=True)
    assert "Conversation with Carla" in page and "Conversation with Bram" in page
    assert "Erik" not in page and "Hond uitlaten" not in page  # someone else's conversation
    assert page.index("Conversation with Carla") < page.index("Conversation with Bram")  # newest first
    assert page.count("New message</span>") == 2  # the mark is a word, not only a colour
    assert "Boodschappen op dinsdag" in page and "Lamp ophangen" in page  # the listing it is about
    assert f'href="/responses/{world["r1"]}#messages"' in page
    assert "Waiting for your answer" in page
    assert "2 conversations have a new message." in page


def test_who_wrote_last_has_read_it(app, client, world) -> None:
    factories.login(client, "bram@example.org")
    page = client.get("/messages").get_data(as_text=True)
    assert "Conversation with Anna" in page and "New message</span>" not in page
    assert "Waiting for your answer" not in page


def test_the_header_links_to_the_inbox_with_its_unread_count(app, client, world) -> None:
    factories.login(client, "anna@example.org")
    page = client.get("/help").get_data(as_text=True)
    assert re.search(r'href="/messages"[^>]*>Messages <span class="badge">2<', page)
    assert 'href="/notifications/"' in page and "Notifications" in page
    assert "Messages for you" not in page


def test_opening_a_conversation_writes_nothing_and_keeps_it_unread(app, client, world) -> None:
    factories.login(client, "anna@example.org")
    with _statements(app) as seen:
        page = client.get(f"/responses/{world['r1']}").get_data(as_text=True)
        client.get("/messages")
    assert not [s for s in seen if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert "There are new messages in this conversation." in page and ">New</span>" in page
    with app.app_context():
        assert db.session.get(Response, world["r1"]).owner_read_at is None


def test_mark_as_read_is_a_post_for_the_parties_only(app, client, world) -> None:
    factories.login(client, "erik@example.org")
    assert client.post(f"/responses/{world['r1']}/read").status_code == 404  # not his conversation
    client.post("/logout")
    factories.login(client, "anna@example.org")
    response = client.post(f"/responses/{world['r1']}/read", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "The conversation is marked as read." in page
    assert page.count("New message</span>") == 1
    with app.app_context():
        anna = db.session.get(factories.User, world["anna"])
        assert queries.unread_conversations_count(anna) == 1
        # the "reaction to your request" notification of that conversation is read too; the other one not
        unread = [n.url for n in h.notes(anna) if n.read_at is None]
        assert f"/responses/{world['r1']}" not in unread and f"/responses/{world['r2']}" in unread


def test_a_new_message_makes_it_unread_again_for_the_other_only(app, client, world) -> None:
    with app.app_context():
        anna = db.session.get(factories.User, world["anna"])
        bram = db.session.get(factories.User, world["bram"])
        services.mark_conversation_read(anna, world["r1"])
        assert not db.session.get(Response, world["r1"]).is_unread_for(anna.id)
        services.send_message(bram, world["r1"], "Hoe laat zal ik komen?", now=utcnow() + timedelta(minutes=1))
        response = db.session.get(Response, world["r1"])
        assert response.is_unread_for(anna.id) and not response.is_unread_for(bram.id)
        services.send_message(anna, world["r1"], "Om tien uur graag.", now=utcnow() + timedelta(minutes=2))
        response = db.session.get(Response, world["r1"])
        assert not response.is_unread_for(anna.id) and response.is_unread_for(bram.id)


def test_mark_all_as_read(app, client, world) -> None:
    factories.login(client, "anna@example.org")
    page = client.post("/messages/read-all", follow_redirects=True).get_data(as_text=True)
    assert "2 conversations are marked as read." in page and "New message</span>" not in page
    page = client.post("/messages/read-all", follow_redirects=True).get_data(as_text=True)
    assert "You had no unread conversations." in page


def test_the_inbox_reads_a_fixed_number_of_statements(app, client, world) -> None:
    factories.login(client, "anna@example.org")
    client.get("/messages")
    with _statements(app) as few:
        client.get("/messages")
    with app.app_context():
        anna = db.session.get(factories.User, world["anna"])
        cat = h.category()
        for n in range(6):
            helper = factories.user(display_name=f"Helper {n}")
            services.respond(helper, h.listing(anna, category_id=cat.id, title=f"Vraag {n}").id, "Ik help graag.")
    with _statements(app) as many:
        page = client.get("/messages").get_data(as_text=True)
    assert page.count("Conversation with ") == 8
    assert len(many) == len(few), "\n".join(s[:100].replace("\n", " ") for s in many)


def test_pages_of_the_inbox(app, client, world) -> None:
    with app.app_context():
        anna = db.session.get(factories.User, world["anna"])
        first = queries.conversations(anna, per_page=1)
        second = queries.conversations(anna, page=2, per_page=1)
        assert first.has_next and [c.other_name for c in first.items] == ["Carla"]
        assert not second.has_next and [c.other_name for c in second.items] == ["Bram"]
    factories.login(client, "anna@example.org")
    assert "There are no conversations on this page." in client.get("/messages?page=9").get_data(as_text=True)


def test_a_header_counter_needs_both_a_link_and_a_label_or_neither() -> None:
    HeaderCounter("plain", lambda user: 0)
    HeaderCounter("linked", lambda user: 0, endpoint="marketplace.inbox", label="Messages")
    with pytest.raises(ValueError):
        HeaderCounter("half", lambda user: 0, endpoint="marketplace.inbox")


def test_a_closed_conversation_is_not_waiting_and_states_agree_with_the_conversation(app, client, world) -> None:
    """Anna declined Carla (Carla wrote last): the inbox and the home page do not say it waits for Anna's answer,
    since she cannot answer any more; the inbox names each conversation's state as the conversation page does."""
    with app.app_context():
        anna = db.session.get(User, world["anna"])
        services.decline_response(anna, world["r2"])
        services.accept_response(anna, world["r1"])
        services.complete_match(anna, world["r1"])
    factories.login(client, "anna@example.org")
    inbox = client.get("/messages").get_data(as_text=True)
    carla = inbox.split("Conversation with Carla", 1)[1].split("</li>", 1)[0]
    bram = inbox.split("Conversation with Bram", 1)[1].split("</li>", 1)[0]
    assert "Waiting for your answer" not in carla and "Not accepted" in carla
    assert "Done" in bram and "Accepted" not in bram  # the conversation page says "Done" too
    thread = client.get(f"/responses/{world['r1']}").get_data(as_text=True)
    assert "Done" in thread
    home = client.get("/").get_data(as_text=True)
    waiting = home.split("Conversations waiting for you", 1)[1].split("</section>", 1)[0]
    assert "Carla" not in waiting
