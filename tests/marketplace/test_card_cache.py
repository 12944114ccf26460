"""The listing-card fragment cache never shows a hidden, closed or changed listing, nor one viewer's view to another.

Each test first renders a page (filling the cache), then changes something, and renders again in the same app (the
same process cache)."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import render_template_string
from sqlalchemy import update

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import queries, services
from wijkhulp.marketplace.models import Listing


def _one_listing(app, **kw):
    with app.app_context():
        author = factories.user(display_name="Annemarie Buurvrouw")
        item = helpers.listing(author, title="Hulp bij de boodschappen", **kw)
        return item.id, author.id, author.email


def _page(client, path="/help?near=3601&km=5") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_cards_are_cached_and_reused(app, client):
    _one_listing(app)
    assert "Hulp bij de boodschappen" in _page(client)
    with app.app_context():
        from wijkhulp import cache

        assert len(cache.fragments()) >= 1
    assert "Hulp bij de boodschappen" in _page(client)


def test_a_hidden_listing_is_gone_at_once(app, client):
    listing_id, _, _ = _one_listing(app)
    assert "Hulp bij de boodschappen" in _page(client) and "Hulp bij de boodschappen" in _page(client, "/help")
    with app.app_context():
        db.session.execute(update(Listing).where(Listing.id == listing_id).values(hidden_at=utcnow()))
        db.session.commit()
    assert "Hulp bij de boodschappen" not in _page(client)
    assert "Hulp bij de boodschappen" not in _page(client, "/help")


def test_a_withdrawn_listing_is_gone_at_once(app, client):
    listing_id, author_id, _ = _one_listing(app)
    assert "Hulp bij de boodschappen" in _page(client)
    with app.app_context():
        services.withdraw_listing(db.session.get(User, author_id), listing_id)
    assert "Hulp bij de boodschappen" not in _page(client)


def test_a_changed_title_shows_at_once(app, client):
    listing_id, author_id, _ = _one_listing(app)
    assert "Hulp bij de boodschappen" in _page(client)
    with app.app_context():
        services.update_listing(db.session.get(User, author_id), listing_id,
                                helpers.data(title="Wie laat mijn hond uit?"))
    page = _page(client)
    assert "Wie laat mijn hond uit?" in page and "Hulp bij de boodschappen" not in page


def test_a_renamed_author_and_category_show_at_once(app, client):
    listing_id, author_id, email = _one_listing(app)
    factories.login(client, email)
    assert "Annemarie Buurvrouw" in _page(client)
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        listing.category.name = "Boodschappen en klusjes"
        db.session.get(User, author_id).display_name = "Annemarie B."
        db.session.commit()
    page = _page(client)
    assert "Annemarie B." in page and "Annemarie Buurvrouw" not in page
    assert "Boodschappen en klusjes" in page


def test_the_other_language_after_a_switch(app, client):
    _one_listing(app)
    assert "posted today" in _page(client)  # these tests run in English (conftest)
    client.post("/language", data={"language": "nl"})
    page = _page(client)
    assert "vandaag geplaatst" in page and "posted today" not in page
    client.post("/language", data={"language": "en"})
    assert "posted today" in _page(client)


def test_a_signed_in_viewers_card_is_never_shown_to_a_visitor(app, client):
    """Residents' names are shown only to signed-in people: a card cached for one never reaches a visitor."""
    _, _, email = _one_listing(app)
    with app.app_context():
        reader = factories.user().email
    factories.login(client, reader)
    assert "Annemarie Buurvrouw" in _page(client)
    visitor = app.test_client()
    page = _page(visitor)
    assert "Hulp bij de boodschappen" in page and "Annemarie Buurvrouw" not in page


def test_the_age_of_a_card_moves_on(app, client):
    listing_id, _, _ = _one_listing(app)
    assert "posted today" in _page(client)
    with app.app_context():
        db.session.execute(update(Listing).where(Listing.id == listing_id)
                           .values(created_at=utcnow() - timedelta(days=3)))
        db.session.commit()
    page = _page(client)
    assert "posted 3 days ago" in page and "posted today" not in page


def _squash(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


def test_the_inlined_card_says_what_the_small_macros_say(app):
    """listing_card writes out kind_badge, place, posted and author_line: it must say the same."""
    with app.app_context():
        author = factories.user(display_name="Bas")
        organisation = helpers.organisation(author, name="Buurthuis De Linde")
        item = helpers.listing(author, title="Fietsen plakken", kind="offer")
        item.organisation_id = organisation.id
        db.session.commit()
    with app.test_request_context("/help"):
        now = utcnow()
        card = queries.nearby(origin_pc4="3601", km=5, now=now).items[0]
        inline = _squash(render_template_string(
            '{% from "marketplace/_macros.html" import listing_card with context %}{{ listing_card(card, now) }}',
            card=card, now=now))
        for piece in ("kind_badge(l)", "place(l.pc4)", "posted(l, now)", "author_line(l, link=false)"):
            expected = _squash(render_template_string(
                '{% from "marketplace/_macros.html" import kind_badge, place, posted, author_line with context %}'
                "{{ " + piece + " }}", l=card.listing, now=now))
            assert expected and expected in inline, (piece, expected, inline)
