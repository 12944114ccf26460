"""Small wording and form fixes: no "(optional)" in the search form, plural-aware messages, names mid-sentence."""

from __future__ import annotations

import re

from sqlalchemy import delete, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.extensions import db
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import Category


def _section(html: str, heading_id: str) -> str:
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, heading_id
    return match.group(0)


def test_the_search_form_has_no_optional_after_every_field(app, client) -> None:
    with app.app_context():
        helpers.category()
        factories.user(email="anna@example.org")
    search = _section(client.get("/help").get_data(as_text=True), "search-title")
    assert "Near postcode or place" in search and "(optional)" not in search
    factories.login(client, "anna@example.org")
    assert "(optional)" in client.get("/help/new").get_data(as_text=True)  # other forms keep the hint


def test_one_standard_category_added_is_singular(app, client) -> None:
    with app.app_context():
        services.ensure_default_categories()
        db.session.execute(delete(Category).where(Category.slug == "pets"))
        db.session.commit()
        factories.admin(email="admin@example.org")
    factories.login(client, "admin@example.org")
    html = client.post("/admin/categories/defaults", follow_redirects=True).get_data(as_text=True)
    assert "1 standard category added." in html
    with app.app_context():
        assert db.session.scalar(select(Category.name).where(Category.slug == "pets")) == "Huisdieren"


def test_help_given_names_the_person_or_says_a_neighbour(app, client) -> None:
    with app.app_context():
        bram = factories.user(email="bram@example.org", display_name="Bram").id
    html = client.get(f"/people/{bram}/help").get_data(as_text=True)
    assert "Help given by a neighbour" in html and "Help given by A neighbour" not in html
    factories.login(client, "bram@example.org")
    assert "Help given by Bram" in client.get(f"/people/{bram}/help").get_data(as_text=True)


def test_own_listing_links_back_to_your_request_or_offer(app, client) -> None:
    with app.app_context():
        helpers.category()
        listing = helpers.listing(factories.user(email="anna@example.org")).id
    factories.login(client, "anna@example.org")
    html = client.get(f"/help/{listing}/respond").get_data(as_text=True)
    assert "Back to your request or offer" in html and "Back to it<" not in html


def test_the_done_page_names_the_hours_and_the_note(app, client) -> None:
    with app.app_context():
        helpers.category()
        anna = factories.user(email="anna@example.org")
        request = helpers.listing(anna, title="Boodschappen op dinsdag")
        response = services.respond(factories.user(), request.id, "Ik help")
        services.accept_response(anna, response.id)
        response_id = response.id
    factories.login(client, "anna@example.org")
    html = client.get(f"/responses/{response_id}/complete").get_data(as_text=True)
    assert "If you like, fill in how many hours it took and write a short thank-you note." in html
    assert "Both are optional" not in html
