"""Statement counts of the hot pages: a page issues the same number of SQL statements for 2 and for 20 results.

No timing: an N+1 (a query per card, per reaction, per need) makes the count grow with the results and fails here.
Each test builds a few items, counts the statements of one GET, adds many more items and counts again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.sqlcount import recorded_statements
from tests.ideas import helpers as idea_helpers
from tests.marketplace import helpers as market
from tests.proposals import helpers as plan_helpers
from wijkhulp.extensions import db
from wijkhulp.ideas.models import NeedType, Unit
from wijkhulp.ideas.services import pledges as pledge_services
from wijkhulp.marketplace import services as market_services
from wijkhulp.notifications import services as notification_services
from wijkhulp.proposals.services import supports


def _recorded(app):  # noqa: ANN001, ANN202
    return recorded_statements(app)


def _count(app: Flask, client: FlaskClient, path: str) -> tuple[int, str]:
    client.get(path)  # warm: first-time lookups (categories, settings, areas) are cached per process or request
    with _recorded(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    _last[:] = statements
    return len(statements), response.get_data(as_text=True)


_last: list[str] = []  # the statements of the last count, shown when a count differs


def _same_count(app: Flask, client: FlaskClient, path: str | Callable[[], str], grow: Callable[[], None],
                expect_small: str | None = None, expect_big: str | None = None) -> None:
    """Count `path` (a string or a function giving it), call `grow` (more results), count again: equal."""
    target = path if callable(path) else (lambda: path)
    few, page = _count(app, client, target())
    if expect_small:
        assert expect_small in page
    grow()
    many, page = _count(app, client, target())
    if expect_big:
        assert expect_big in page
    assert few == many, f"{target()}: {few} statements with few results, {many} with many:\n" + "\n".join(_last)


def _authors(n: int) -> list[Any]:
    return [factories.user(display_name=f"Buur {i}") for i in range(n)]


# ---------------------------------------------------------------- marketplace

def _listings(count: int, *, words: str = "boodschappen", pc4: str = "1012") -> list[int]:
    cats = list(market.defaults().values())
    ids = []
    for i, author in enumerate(_authors(count)):
        org = market.organisation(author) if i % 3 == 0 else None
        item = market.raw_listing(author, kind="request" if i % 2 else "offer", category_id=cats[i % len(cats)].id,
                                  pc4=pc4, title=f"Hulp met {words} {i}", description=f"Graag {words}.")
        if org is not None:
            item.organisation_id = org.id
            db.session.commit()
        ids.append(item.id)
    return ids


@pytest.mark.parametrize(("path", "newest"), [
    ("/help", 17), ("/help?near=1012&km=5", 17), ("/help?near=1012&km=25&q=boodschap", 17),
    ("/help?q=boodschap", 17), ("/help?near=1012&km=5&kind=offer", 16)])
def test_help_page_statements_do_not_grow_with_results(app, client, path, newest):
    with app.app_context():
        _listings(2)
    with app.app_context():
        _same_count(app, client, path, lambda: _listings(18), expect_big=f"Hulp met boodschappen {newest}<")


def test_help_page_signed_in_statements_do_not_grow(app, client):
    with app.app_context():
        _listings(2)
        email = factories.user(postcode="1012 AB").email
    factories.login(client, email)
    with app.app_context():
        _same_count(app, client, "/help?near=1012&km=5", lambda: _listings(18))


def _listing_with_reactions(app: Flask) -> tuple[int, str, str]:
    with app.app_context():
        author = factories.user(display_name="Auteur")
        item = market.listing(author, pc4="3601")
        helper = factories.user(display_name="Helper")
        response = market_services.respond(helper, item.id, "Ik kan je helpen.")
        for i in range(2):
            market_services.send_message(helper, response.id, f"Bericht {i}")
        return item.id, author.email, helper.email


def _more_reactions(listing_id: int, helper_email: str, n: int = 18) -> Callable[[], None]:
    def grow() -> None:
        from wijkhulp.marketplace.models import Listing, Response

        item = db.session.get(Listing, listing_id)
        for person in _authors(n):
            market_services.respond(person, item.id, f"Reactie van {person.display_name}")
        helper_response = db.session.scalar(
            db.select(Response).join(Response.responder).where(Response.listing_id == listing_id,
                                                               Response.responder.has(email=helper_email)))
        for i in range(n):
            market_services.send_message(helper_response.responder, helper_response.id, f"Nog een bericht {i}")
    return grow


@pytest.mark.parametrize("who", ["visitor", "author", "helper"])
def test_listing_page_statements_do_not_grow(app, client, who):
    listing_id, author_email, helper_email = _listing_with_reactions(app)
    if who != "visitor":
        factories.login(client, author_email if who == "author" else helper_email)
    with app.app_context():
        _same_count(app, client, f"/help/{listing_id}", _more_reactions(listing_id, helper_email))


def test_my_listings_statements_do_not_grow(app, client):
    with app.app_context():
        author = factories.user(display_name="Auteur")
        email = author.email

        made = [0]  # titles go on counting: the same title twice within a day is refused as a duplicate

        def add(n: int) -> None:
            me = db.session.merge(author)
            for _ in range(n):
                item = market.listing(me, pc4="3601", title=f"Mijn vraag nummer {made[0]}")
                made[0] += 1
                for person in _authors(2):
                    market_services.respond(person, item.id, "Ik help graag.")

        add(2)
    factories.login(client, email)
    with app.app_context():
        _same_count(app, client, "/my/listings", lambda: add(18), expect_big="Mijn vraag nummer 19")


# ---------------------------------------------------------------- notifications

def test_notifications_statements_do_not_grow(app, client):
    with app.app_context():
        person = factories.user()
        email = person.email

        def add(n: int) -> None:
            me = db.session.merge(person)
            for i in range(n):
                notification_services.notify(me, "listing_response", message=f"Bericht {i}", url=f"/help/{i + 1}")
            db.session.commit()

        add(2)
    factories.login(client, email)
    with app.app_context():
        _same_count(app, client, "/notifications/", lambda: add(18), expect_big="Bericht 17")


# ---------------------------------------------------------------- ideas

def _ideas(auction: Any, n: int) -> list[Any]:
    made = []
    for i in range(n):
        idea = idea_helpers.idea(auction, title=f"Idee nummer {i}",
                                 needs=[(NeedType.TIME, "Helpers", 50, Unit.HOURS),
                                        (NeedType.MONEY, "Geld", 300, Unit.EURO)])
        partner = factories.user()
        pledge_services.make_pledge(partner, idea.id, idea.needs[0].id, amount=3)
        made.append(idea)
    return made


def test_ideas_index_statements_do_not_grow(app, client):
    """/ideas lists the rounds; each round's page lists its ideas."""
    def rounds(start: int, n: int) -> None:
        for i in range(start, start + n):
            _ideas(idea_helpers.auction_round(name=f"Ronde nummer {i}"), 2)

    with app.app_context():
        rounds(0, 2)
        _same_count(app, client, "/ideas", lambda: rounds(2, 18), expect_big="Ronde nummer 17")


def test_round_page_statements_do_not_grow(app, client):
    with app.app_context():
        auction = idea_helpers.auction_round()
        round_id = auction.id
        _ideas(auction, 2)

        def grow() -> None:
            from wijkhulp.ideas.models import AuctionRound

            _ideas(db.session.get(AuctionRound, round_id), 18)

        _same_count(app, client, f"/ideas/rounds/{round_id}", grow, expect_big="Idee nummer 17")


def test_idea_page_statements_do_not_grow(app, client):
    with app.app_context():
        auction = idea_helpers.auction_round()
        organisation = idea_helpers.organisation()
        idea = idea_helpers.idea(auction, author=factories.user(display_name="Idee-auteur"),
                                 needs=[(NeedType.TIME, f"Nood {i}", 50, Unit.HOURS) for i in range(20)])
        idea_id, author_email = idea.id, idea.author.email
        need_ids = [need.id for need in idea.needs]
        coordinator_id = organisation.memberships[0].user_id
        org_id = organisation.id

        def pledge(needs: list[int]) -> None:
            from wijkhulp.accounts.models import User

            for need_id in needs:
                pledge_services.make_pledge(factories.user(), idea_id, need_id, amount=2)
                pledge_services.make_pledge(db.session.get(User, coordinator_id), idea_id, need_id,
                                            organisation_id=org_id, amount=1)

        pledge(need_ids[:2])
    for signed_in in (False, True):
        if signed_in:
            factories.login(client, author_email)
        with app.app_context():
            start = 2 if not signed_in else 11
            _same_count(app, client, f"/ideas/{idea_id}", lambda s=start: pledge(need_ids[s:s + 9]))


# ---------------------------------------------------------------- plans

def _plans(n: int) -> None:
    the_call = plan_helpers.call() if not _calls else _calls[0]
    _calls[:] = [the_call]
    for i in range(n):
        plan = plan_helpers.submitted(db.session.merge(the_call), title=f"Plan nummer {i}")
        supports.support_proposal(factories.user(), plan.id)


_calls: list[Any] = []


def test_plans_index_statements_do_not_grow(app, client):
    _calls.clear()
    with app.app_context():
        _plans(2)
        _same_count(app, client, "/plans", lambda: _plans(10), expect_big="Plan nummer 9")


def test_plan_page_statements_do_not_grow(app, client):
    with app.app_context():
        plan = plan_helpers.submitted()
        plan_id = plan.id
        lead_email = plan.lead.email

        def support(n: int) -> None:
            for _ in range(n):
                supports.support_proposal(factories.user(), plan_id)

        support(2)
    for signed_in in (False, True):
        if signed_in:
            factories.login(client, lead_email)
        with app.app_context():
            _same_count(app, client, f"/plans/{plan_id}", lambda: support(18))
