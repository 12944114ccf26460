"""The home page: "find help near you" for visitors; for a signed-in person a personal overview (open requests and
offers with new reactions, conversations waiting for them, their ideas and plans) in a fixed number of statements."""

from __future__ import annotations


import pytest

from tests import factories
from tests.sqlcount import recorded_statements
from tests.ideas import helpers as ideas
from tests.marketplace import helpers as market
from tests.proposals import helpers as plans
from wijkhulp.extensions import db
from wijkhulp.marketplace import services as marketplace


@pytest.fixture
def app(make_app):
    return make_app(BABEL_DEFAULT_LOCALE="en", MAIL_DELIVER_AFTER_REQUEST=False)


def _statements(app):  # noqa: ANN001, ANN202
    return recorded_statements(app)


def _add_things(anna_id: int, n: int, start: int = 0) -> None:
    """n open requests of Anna, each with a reaction; n ideas; n plans with Anna as lead."""
    anna = db.session.get(factories.User, anna_id)
    category = market.category()
    auction = ideas.auction_round()
    for i in range(start, start + n):
        listing = market.listing(anna, category_id=category.id, title=f"Vraag {i} van Anna")
        marketplace.respond(factories.user(display_name=f"Helper {i}"), listing.id, "Ik help graag.")
        ideas.idea(auction, author=anna, title=f"Idee {i} van Anna")
    the_call = plans.call()
    for i in range(start, start + n):
        plans.draft(the_call, lead=anna, title=f"Plan {i} van Anna")


def test_a_visitor_can_look_for_help_near_a_postcode_or_place(client) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'action="/help"' in page and 'name="near"' in page and "Find help near you" in page
    assert 'for="near-box-input"' in page  # a real label
    found = client.get("/help?near=3601")
    assert found.status_code == 200 and "3601" in found.get_data(as_text=True)


def test_signed_in_the_home_page_says_what_to_do_next_when_there_is_nothing(app, client) -> None:
    with app.app_context():
        factories.user(email="anna@example.org", display_name="Anna")
    factories.login(client, "anna@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "Hello Anna" in page and "Find help near you" not in page
    assert "No conversation is waiting for your answer." in page
    assert "You have no open request or offer." in page and 'href="/help/new?kind=request"' in page
    assert "You have not posted an idea yet." in page and 'href="/ideas"' in page
    assert "You are not in a plan team yet." in page and 'href="/plans"' in page


def test_signed_in_the_home_page_is_a_personal_overview(app, client) -> None:
    with app.app_context():
        anna_id = factories.user(email="anna@example.org", display_name="Anna").id
        _add_things(anna_id, 2)
    factories.login(client, "anna@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "Vraag 0 van Anna" in page and "1 reaction waits for your answer" in page
    assert "1 conversation with a new message" in page
    assert "Helper 1 about “Vraag 1 van Anna”" in page  # waiting for her answer
    assert "Idee 1 van Anna" in page and "Plan 1 van Anna" in page
    assert 'href="/messages"' in page and "(2 new)" in page


def test_the_overview_reads_a_fixed_number_of_statements(app, client) -> None:
    with app.app_context():
        anna_id = factories.user(email="anna@example.org", display_name="Anna").id
        _add_things(anna_id, 1)
    factories.login(client, "anna@example.org")
    client.get("/")
    with _statements(app) as few:
        client.get("/")
    with app.app_context():
        _add_things(anna_id, 4, start=1)
    with _statements(app) as many:
        page = client.get("/").get_data(as_text=True)
    assert "Vraag 4 van Anna" in page and "Idee 4 van Anna" in page
    assert len(many) == len(few), "\n".join(s[:100].replace("\n", " ") for s in many)
