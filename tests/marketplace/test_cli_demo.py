"""`flask listings ...` commands and the demo seeder."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.database import utcnow
from wijkhulp.accounts.demo import seed_users
from wijkhulp.extensions import db
from wijkhulp.marketplace import queries, services
from wijkhulp.marketplace.demo import seed_marketplace
from wijkhulp.marketplace.models import Category, Listing, ListingStatus, Match, MatchStatus, ThankYou


def test_expire_command_is_idempotent(app, runner) -> None:
    with app.app_context():
        owner = factories.user()
        helpers.listing(owner, now=utcnow() - timedelta(days=40))
        helpers.listing(owner, now=utcnow() - timedelta(days=28))
    first = runner.invoke(args=["listings", "expire"])
    assert first.exit_code == 0 and "Reminded 1, expired 1." in first.output
    second = runner.invoke(args=["listings", "expire"])
    assert "Reminded 0, expired 0." in second.output


def test_expire_command_loops_over_batches(app, runner) -> None:
    with app.app_context():
        owner = factories.user()
        for n in range(5):
            helpers.listing(owner, now=utcnow() - timedelta(days=40), title=f"Vraag nummer {n}")
    result = runner.invoke(args=["listings", "expire", "--batch", "2"])
    assert "expired 5." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Listing).where(
            Listing.status == ListingStatus.EXPIRED)) == 5


def test_send_checkins_command(app, runner) -> None:
    with app.app_context():
        requester, helper = factories.user(), factories.user()
        response = services.respond(helper, helpers.listing(requester).id, "Ik help")
        match = services.accept_response(requester, response.id)
        match.created_at = utcnow() - timedelta(days=6)
        db.session.commit()
    assert "Sent 1 check-in(s)." in runner.invoke(args=["listings", "send-checkins"]).output
    assert "Sent 0 check-in(s)." in runner.invoke(args=["listings", "send-checkins"]).output


def test_categories_command(app, runner) -> None:
    result = runner.invoke(args=["listings", "categories"])
    assert result.exit_code == 0 and "Added 10 standard categories." in result.output
    assert "Boodschappen" in result.output
    assert "Added 0 standard categories." in runner.invoke(args=["listings", "categories"]).output


def test_demo_marketplace_is_lively_and_added_once(app) -> None:
    with app.app_context():
        seed_users()  # the demo accounts the marketplace builds on; other features' seeders are not needed
        assert seed_marketplace().startswith("added")
        listings = db.session.scalar(select(func.count()).select_from(Listing))
        categories = db.session.scalars(select(Category.id)).all()
        used = set(db.session.scalars(select(Listing.category_id)))
        assert used == set(categories)  # every category has requests or offers
        assert db.session.scalar(select(func.count()).select_from(Match).where(
            Match.status == MatchStatus.ACTIVE)) >= 2
        assert db.session.scalar(select(func.count()).select_from(ThankYou)) >= 3
        assert seed_marketplace() == "demo marketplace present"
        assert db.session.scalar(select(func.count()).select_from(Listing)) == listings
        assert queries.nearby(origin_pc4="3601", km=10).items
        assert queries.unanswered_requests(factories.admin(), days=7).items  # one request nobody answered
