"""Nothing commits on a GET: the pages of the ideas auction and the marketplace only read. A round past its
closing time shows as closed (its effective state) until `flask auction close-due` closes it for real."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from tests import factories
from tests.ideas import helpers as ideas
from tests.marketplace import helpers as market
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas import services as auction
from wijkhulp.ideas.models import AuctionRound, Idea, Outcome, RoundStatus
from wijkhulp.marketplace.models import Category

WRITES = ("INSERT", "UPDATE", "DELETE")


@contextmanager
def _writes(app) -> Iterator[list[str]]:
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(statement.split("\n")[0][:120])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)


@pytest.fixture
def app(make_app):
    # English pages; and no outbox delivery after each request (a development aid, not part of any page)
    return make_app(BABEL_DEFAULT_LOCALE="en", MAIL_DELIVER_AFTER_REQUEST=False)


@pytest.fixture
def world(app):
    with app.app_context():
        manager = factories.manager(email="beheer@example.org")
        anna = factories.user(email="anna@example.org")
        bram = factories.user(email="bram@example.org")
        due = ideas.auction_round(creator=manager, closes_in=7)
        idea = ideas.idea(due, author=anna, title="Moestuin")
        auction.make_pledge(bram, idea.id, idea.needs[0].id, amount=50, estimated_value_cents=5000)
        due.closes_at = utcnow() - timedelta(minutes=1)  # past its closing time; cron has not run yet
        db.session.commit()
        category = market.category()
        listing = market.listing(anna, category_id=category.id)
        return {"round": due.id, "idea": idea.id, "listing": listing.id, "anna": anna.id}


def _pages(w) -> list[str]:
    r, i = w["round"], w["idea"]
    return ["/ideas", "/ideas/mine", "/ideas/rounds", f"/ideas/rounds/{r}", f"/ideas/rounds/{r}/results",
            f"/ideas/rounds/{r}/presenter", f"/ideas/rounds/{r}/presenter/state.json", f"/ideas/rounds/{r}/edit",
            f"/ideas/rounds/{r}/record-pledge",
            f"/ideas/{i}", f"/ideas/{i}/edit", "/help", f"/help/{w['listing']}", "/help/new", "/my/listings",
            "/my/responses", "/my/blocked", "/manage/unanswered", f"/people/{w['anna']}/help", "/messages", "/",
            "/impact?period=3m"]


@pytest.mark.parametrize("email", ["anna@example.org", "beheer@example.org", None])
def test_get_pages_write_nothing(app, client, world, email) -> None:
    if email:
        factories.login(client, email)
    with _writes(app) as seen:
        for path in _pages(world):
            response = client.get(path)
            assert response.status_code < 500, path
            assert not seen, (path, seen)


def test_a_round_past_its_closing_time_shows_as_closed_until_cron_closes_it(app, client, world) -> None:
    factories.login(client, "anna@example.org")
    html = client.get(f"/ideas/{world['idea']}").get_data(as_text=True)
    results = client.get(f"/ideas/rounds/{world['round']}/results").get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(AuctionRound, world["round"])
        assert stored.status == RoundStatus.OPEN and stored.effective_status() == RoundStatus.CLOSED
        idea = db.session.get(Idea, world["idea"])
        assert idea.outcome is None and idea.effective_outcome() == Outcome.NOT_MATCHED  # nothing accepted yet
    assert "Accept" in html  # the owner may decide on the pledge already
    assert "The results appear when the round has closed" not in results
    # the scheduled `flask auction close-due` does the real closing (and tells owners and partners)
    with app.app_context():
        assert auction.close_due_rounds() == [world["round"]]
        assert db.session.get(AuctionRound, world["round"]).status == RoundStatus.CLOSED


def test_pledging_on_a_round_past_its_closing_time_is_refused(app, client, world) -> None:
    factories.login(client, "bram@example.org")
    with app.app_context():
        need_id = db.session.get(Idea, world["idea"]).needs[1].id
    response = client.post(f"/ideas/{world['idea']}/needs/{need_id}/pledge", data={"amount": "10"})
    assert response.status_code in (302, 403, 422)
    with app.app_context():
        assert len(db.session.get(Idea, world["idea"]).needs[1].pledges) == 0


def test_the_new_listing_page_adds_no_categories(app, client) -> None:
    with app.app_context():
        email = factories.user().email
    factories.login(client, email)
    with _writes(app) as seen:
        assert client.get("/help/new").status_code == 200
    assert not seen
    with app.app_context():
        assert db.session.query(Category).count() == 0
