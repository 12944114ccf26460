"""Private content is private from staff too: a manager reads a message or a private thank-you note only after
it was reported, only that item (with at most the message before it), and every look is in the audit log.
Residents can report only what they can see: a message only by a party to its conversation."""

from __future__ import annotations

from sqlalchemy import select

from tests import factories
from tests.marketplace import helpers as market
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.marketplace import services as marketplace
from wijkhulp.marketplace.models import Message, ThankYou
from wijkhulp.moderation.models import Report


def _story(app) -> dict[str, int]:
    with app.app_context():
        market.category()
        anna = factories.user(email="anna@example.org", display_name="Anna")
        bram = factories.user(email="bram@example.org", display_name="Bram")
        for n in range(3):
            factories.user(email=f"buiten{n}@example.org")
        manager = market.manager_of("3601", email="beheer@example.org")
        request = market.listing(anna, title="Boodschappen")
        response = marketplace.respond(bram, request.id, "Mijn nummer is 06-12345678")
        marketplace.send_message(anna, response.id, "Geheim antwoord van Anna", form_token="t1")
        marketplace.accept_response(anna, response.id)
        marketplace.complete_match(anna, response.id, hours="1", thanks="Persoonlijke dank, Bram", thanks_public=False)
        first, second = db.session.scalars(select(Message).where(Message.response_id == response.id)
                                           .order_by(Message.id)).all()[:2]
        note = db.session.scalar(select(ThankYou))
        return {"first": first.id, "second": second.id, "note": note.id, "manager": manager.id,
                "response": response.id}


def _audit(action: str = "moderation.read_private") -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_outsiders_cannot_report_or_hide_a_message_they_cannot_see(app, client) -> None:
    """Three outsiders guessing a message id used to take it offline; now each gets 404 and nothing is stored."""
    s = _story(app)
    for n in range(3):
        factories.login(client, f"buiten{n}@example.org")
        assert client.get(f"/report/message/{s['second']}").status_code == 404
        sent = client.post(f"/report/message/{s['second']}", data={"reason": "unkind", "text": "x"})
        assert sent.status_code == 404 and "Geheim" not in sent.get_data(as_text=True)
        assert client.get(f"/report/thank_you/{s['note']}").status_code == 404  # a private note
        client.post("/logout")
    with app.app_context():
        assert db.session.scalar(select(Report)) is None
        assert db.session.get(Message, s["second"]).hidden_at is None


def test_a_manager_cannot_read_an_unreported_message(app, client) -> None:
    s = _story(app)
    factories.login(client, "beheer@example.org")
    page = client.get(f"/manage/items/message/{s['second']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Geheim antwoord" not in html and "06-12345678" not in html
    assert "Nobody has reported it" in html
    read = client.post(f"/manage/items/message/{s['second']}/read")
    assert read.status_code == 403 and "Geheim antwoord" not in read.get_data(as_text=True)
    note = client.get(f"/manage/items/thank_you/{s['note']}").get_data(as_text=True)
    assert "Persoonlijke dank" not in note
    assert client.post(f"/manage/items/thank_you/{s['note']}/read").status_code == 403
    with app.app_context():
        assert _audit() == []


def test_a_reported_message_is_read_with_the_one_before_it_and_audited(app, client) -> None:
    s = _story(app)
    with app.app_context():
        marketplace.send_message(db.session.get(Message, s["first"]).response.listing.author, s["response"],
                                 "Een later bericht", form_token="t2")
    factories.login(client, "bram@example.org")  # a party reports Anna's message
    assert client.post(f"/report/message/{s['second']}", data={"reason": "unkind", "text": ""}).status_code == 302
    client.post("/logout")
    factories.login(client, "beheer@example.org")
    get = client.get(f"/manage/items/message/{s['second']}").get_data(as_text=True)
    assert "Geheim antwoord" not in get and "Read the reported text" in get  # a GET shows nothing, writes nothing
    with app.app_context():
        assert _audit() == []
    html = client.post(f"/manage/items/message/{s['second']}/read").get_data(as_text=True)
    assert "Geheim antwoord van Anna" in html
    assert "06-12345678" in html  # the one message before it, for context
    assert "Een later bericht" not in html  # nothing after it, nothing else of the conversation
    with app.app_context():
        entries = _audit()
        assert len(entries) == 1
        entry = entries[0]
        assert entry.actor_id == s["manager"] and entry.target_key == "message"
        assert entry.target_id == str(s["second"]) and entry.reason == "looked at reported private message"
    client.post(f"/manage/items/message/{s['second']}/read")
    with app.app_context():
        assert len(_audit()) == 2  # every look


def test_a_manager_outside_the_area_cannot_read_a_reported_message(app, client) -> None:
    s = _story(app)
    with app.app_context():
        market.manager_of("3621", email="elders@example.org")
    factories.login(client, "bram@example.org")
    client.post(f"/report/message/{s['second']}", data={"reason": "unkind", "text": ""})
    client.post("/logout")
    factories.login(client, "elders@example.org")
    assert client.get(f"/manage/items/message/{s['second']}").status_code == 403
    read = client.post(f"/manage/items/message/{s['second']}/read")
    assert read.status_code == 403 and "Geheim" not in read.get_data(as_text=True)
    with app.app_context():
        assert _audit() == []
