"""The marketplace's dashboard figures on a small, fixed set of listings, reactions and matches: exact values,
their scope (a listing's PC4 area), their period, their order and which ones are public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from tests import factories
from tests.marketplace import helpers
from wijkhulp import metrics
from wijkhulp.registry import metrics as catalogue
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import figures
from wijkhulp.marketplace.models import (Category, Listing, ListingKind, ListingStatus, Match, MatchStatus, Response,
                                         ResponseStatus)

KEYS = ("marketplace_match_rate", "marketplace_first_reaction", "marketplace_time_to_match",
        "marketplace_active_helpers", "marketplace_hours_helped", "marketplace_helps_completed")
SERIES = ("marketplace_open_per_category", "marketplace_new_per_week")
START = metrics.local_midnight(date(2025, 3, 3))  # a Monday, 00:00 in the Netherlands
END = START + timedelta(days=14)
H = timedelta(hours=1)
D = timedelta(days=1)


@dataclass
class Market:
    groceries: Category
    garden: Category
    old: Category


def _listing(author, kind: str, category: Category, pc4: str, created: datetime,
             status: ListingStatus = ListingStatus.OPEN, hidden: bool = False) -> Listing:
    item = Listing(kind=ListingKind(kind), status=status, category_id=category.id, author_id=author.id,
                   title="Titel van de vraag", description="Omschrijving", pc4=pc4, radius_km=5, created_at=created,
                   updated_at=created, expires_at=utcnow() + 30 * D, hidden_at=created if hidden else None)
    db.session.add(item)
    db.session.flush()
    return item


def _response(listing: Listing, responder, created: datetime,
              status: ResponseStatus = ResponseStatus.OPEN) -> Response:
    item = Response(listing_id=listing.id, responder_id=responder.id, status=status, created_at=created,
                    last_message_at=created)
    db.session.add(item)
    db.session.flush()
    return item


def _match(response: Response, requester, helper, created: datetime, *, completed: datetime | None = None,
           minutes: int | None = None, cancelled: bool = False) -> Match:
    status = MatchStatus.CANCELLED if cancelled else MatchStatus.COMPLETED if completed else MatchStatus.ACTIVE
    item = Match(response_id=response.id, listing_id=response.listing_id, requester_id=requester.id,
                 helper_id=helper.id, status=status, created_at=created, completed_at=completed, minutes=minutes,
                 cancelled_at=created + H if cancelled else None)
    db.session.add(item)
    db.session.flush()
    return item


def _market() -> Market:
    """Requests r1-r8 and offers o1-o3 in 3601 (Maarssen) and 3621 (Breukelen); see the comments for the times.
    Period: two weeks from START."""
    groceries = helpers.category("Boodschappen")
    garden = helpers.category("Tuin")
    old = helpers.category("Oud", active=False)  # switched off, but an open offer still uses it
    helpers.category("Leeg", active=False)  # switched off and unused: no row
    anna, x = factories.user(), factories.user()
    h1, h2, h3, h4, h5 = (factories.user() for _ in range(5))
    S = START
    # r1: reaction after 6 h (and a later one), match after 1 day, done with 90 minutes
    r1 = _listing(anna, "request", groceries, "3601", S + D, ListingStatus.COMPLETED)
    first = _response(r1, h1, S + D + 6 * H, ResponseStatus.ACCEPTED)
    _response(r1, h3, S + 3 * D, ResponseStatus.DECLINED)
    _match(first, anna, h1, S + 2 * D, completed=S + 5 * D, minutes=90)
    # r2: reaction after 18 h, no match
    r2 = _listing(anna, "request", groceries, "3601", S + 2 * D)
    _response(r2, h2, S + 2 * D + 18 * H)
    # r3 (Breukelen): reaction after 2 h, match after 2 days, done with 60 minutes
    r3 = _listing(anna, "request", garden, "3621", S + 3 * D, ListingStatus.COMPLETED)
    third = _response(r3, h2, S + 3 * D + 2 * H, ResponseStatus.ACCEPTED)
    _match(third, anna, h2, S + 5 * D, completed=S + 6 * D, minutes=60)
    # r4: nobody reacted; r5: hidden by moderation (never counts); r6: posted before the period, still open
    _listing(anna, "request", garden, "3601", S + 8 * D)
    _listing(anna, "request", groceries, "3601", S + 9 * D, hidden=True)
    _listing(anna, "request", groceries, "3601", S - 5 * D)
    # r7: reaction after 24 h, a match that was stopped (not a match for the figures), open again
    r7 = _listing(anna, "request", groceries, "3601", S + 11 * D)
    seventh = _response(r7, h3, S + 12 * D, ResponseStatus.ACCEPTED)
    _match(seventh, anna, h3, S + 12 * D + H, cancelled=True)
    # r8: posted and matched before the period, done in it with 30 minutes
    r8 = _listing(anna, "request", groceries, "3601", S - 10 * D, ListingStatus.COMPLETED)
    eighth = _response(r8, h5, S - 9 * D, ResponseStatus.ACCEPTED)
    _match(eighth, anna, h5, S - 8 * D, completed=S + D, minutes=30)
    # offers: o1 helped x (no hours logged), o2 in Breukelen, o3 in the switched-off category
    o1 = _listing(h4, "offer", groceries, "3601", S + D)
    taken = _response(o1, x, S + 2 * D, ResponseStatus.ACCEPTED)
    _match(taken, x, h4, S + 3 * D, completed=S + 13 * D)
    _listing(h4, "offer", garden, "3621", S + 10 * D)
    _listing(h4, "offer", old, "3601", S + 4 * D)
    db.session.commit()
    return Market(groceries, garden, old)


@pytest.fixture
def market(ctx) -> Market:
    return _market()


def _value(key: str, pc4s: metrics.Scope = None, start: datetime = START, end: datetime = END):
    figure = catalogue.figure(key)
    assert figure is not None, key
    return figure.compute(pc4s, start, end)


def _series(key: str, pc4s: metrics.Scope = None):
    found = {s.key: s for s in catalogue.series()}[key]
    return found.compute(pc4s, START, END)


def test_registered_in_order_between_100_and_300(app) -> None:
    registered = [f for f in catalogue.figures() if f.key in KEYS]
    assert [f.key for f in registered] == list(KEYS)
    assert all(100 <= f.order < 300 for f in registered)
    assert {f.key for f in registered if f.public} == {"marketplace_hours_helped", "marketplace_helps_completed"}
    assert {f.key: f.unit for f in registered} == {
        "marketplace_match_rate": "percent", "marketplace_first_reaction": "days",
        "marketplace_time_to_match": "days", "marketplace_active_helpers": "count",
        "marketplace_hours_helped": "hours", "marketplace_helps_completed": "count"}
    series = [s for s in catalogue.series() if s.key in SERIES]
    assert [s.key for s in series] == list(SERIES) and all(100 <= s.order < 300 for s in series)
    assert all(len(s.columns) == 2 for s in series)


def test_open_requests_and_offers_per_category(market) -> None:
    assert _series("marketplace_open_per_category") == [("Boodschappen", 3, 1), ("Tuin", 1, 1), ("Oud", 0, 1)]
    assert _series("marketplace_open_per_category", frozenset({"3621"})) == [("Boodschappen", 0, 0),
                                                                              ("Tuin", 0, 1)]
    # posted before the end of the period: the period before START knows only r6
    before = figures.open_per_category(None, START - 30 * D, START)
    assert before == [("Boodschappen", 1, 0), ("Tuin", 0, 0)]


def test_new_requests_and_offers_per_week(market) -> None:
    assert _series("marketplace_new_per_week") == [("2025-W10", 3, 2), ("2025-W11", 2, 1)]
    assert _series("marketplace_new_per_week", frozenset({"3621"})) == [("2025-W10", 1, 0), ("2025-W11", 0, 1)]


def test_match_rate_on_the_requests_of_the_period(market) -> None:
    assert _value("marketplace_match_rate") == metrics.Measure(40.0, basis=5)  # r1 and r3 of r1-r4, r7
    assert _value("marketplace_match_rate", frozenset({"3601"})) == metrics.Measure(25.0, basis=4)
    assert _value("marketplace_match_rate", frozenset({"1393"})) is None
    assert metrics.suppress(_value("marketplace_match_rate", frozenset({"3601"}))) == "<5"


def test_median_time_to_first_reaction_and_to_match(market) -> None:
    # first reactions after 2, 6, 18 and 24 hours: the median is 12 hours = 0.5 days
    assert _value("marketplace_first_reaction") == metrics.Measure(0.5, basis=4)
    assert _value("marketplace_first_reaction", frozenset({"3621"})) == metrics.Measure(0.1, basis=1)
    # matches after 1 and 2 days; the stopped match of r7 does not count
    assert _value("marketplace_time_to_match") == metrics.Measure(1.5, basis=2)
    assert _value("marketplace_time_to_match", frozenset({"3621"})) == metrics.Measure(2.0, basis=1)
    assert _value("marketplace_time_to_match", start=END, end=END + 7 * D) is None


def test_helpers_hours_and_helps(market) -> None:
    assert _value("marketplace_active_helpers") == 4  # h1, h2, h4 and h5 (who finished in the period)
    assert _value("marketplace_active_helpers", frozenset({"3621"})) == 1
    assert _value("marketplace_helps_completed") == 4
    assert _value("marketplace_helps_completed", frozenset({"3621"})) == 1
    assert _value("marketplace_hours_helped") == metrics.Measure(3.0, basis=3)  # 90 + 60 + 30 minutes
    assert _value("marketplace_hours_helped", frozenset({"3601"})) == metrics.Measure(2.0, basis=2)
    # the week before the period: only the match of r8 started then
    assert _value("marketplace_active_helpers", start=START - 10 * D, end=START) == 1
    assert _value("marketplace_helps_completed", start=START - 10 * D, end=START) == 0


def test_nothing_in_no_areas_or_an_empty_period(market) -> None:
    for key in KEYS:
        assert not metrics.plain(_value(key, frozenset())), key
        assert not metrics.plain(_value(key, start=START, end=START)), key
