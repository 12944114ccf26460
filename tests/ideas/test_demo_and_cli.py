"""`flask demo seed` for organisations and the ideas auction, and the cron commands `flask auction ...`."""

from __future__ import annotations

from datetime import timedelta

from tests import factories
from tests.ideas import helpers
from wijkhulp.accounts.demo import seed_users
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas import queries
from wijkhulp.ideas.demo import CLOSED_ROUND, OPEN_ROUND, seed_ideas
from wijkhulp.ideas.models import AuctionRound, Idea, NeedType, Outcome, Pledge, RoundStatus, Unit
from wijkhulp.neighbourhoods.demo import seed_neighbourhoods
from wijkhulp.organisations.demo import seed_organisations
from wijkhulp.organisations.models import Invitation, Organisation


def test_the_demo_has_an_open_and_a_closed_round_and_is_idempotent(ctx):
    seed_users()
    seed_neighbourhoods()
    assert seed_organisations().startswith("added 4")
    assert seed_ideas() == f"added {OPEN_ROUND} and {CLOSED_ROUND}"
    assert seed_organisations() == "demo organisations present"
    assert seed_ideas() == "demo rounds present"
    assert helpers.count(Organisation) == 4 and helpers.count(Invitation) == 1
    assert helpers.count(AuctionRound) == 2 and helpers.count(Idea) == 6
    rounds = queries.public_rounds()
    assert [r.name for r in rounds.accepting] == [OPEN_ROUND]
    assert [r.name for r in rounds.closed] == [CLOSED_ROUND]
    results = queries.round_results(rounds.closed[0])
    assert results.counts == {Outcome.MATCHED: 1, Outcome.PARTLY_MATCHED: 1, Outcome.NOT_MATCHED: 1}
    assert results.total_value_cents == 200_00 + 300_00 + 500_00 + 500_00
    assert helpers.count(Pledge) == 10


def test_the_demo_pages_render(app, client):
    with app.app_context():
        seed_users()
        seed_neighbourhoods()
        seed_organisations()
        seed_ideas()
        open_id, closed_id = (db.session.scalars(db.select(AuctionRound.id).where(AuctionRound.name == name)).one()
                              for name in (OPEN_ROUND, CLOSED_ROUND))
        idea_ids = list(db.session.scalars(db.select(Idea.id)))
    factories.login(client, "manager@example.org", password="wijkhulp-demo")
    for path in ["/ideas", f"/ideas/rounds/{open_id}", f"/ideas/rounds/{closed_id}",
                 f"/ideas/rounds/{closed_id}/results", f"/ideas/rounds/{open_id}/presenter",
                 f"/ideas/rounds/{open_id}/record-pledge", "/organisations", "/organisations/review",
                 "/ideas/rounds"] + [f"/ideas/{i}" for i in idea_ids]:
        assert client.get(path).status_code == 200, path


def test_close_due_closes_each_round_once(app, runner):
    with app.app_context():
        due = helpers.auction_round(closes_in=-0.01)
        helpers.auction_round()
        due_id = due.id
    result = runner.invoke(args=["auction", "close-due"])
    assert result.exit_code == 0 and f"Closed 1 round(s): {due_id}" in result.output
    result = runner.invoke(args=["auction", "close-due"])
    assert result.exit_code == 0 and "No rounds to close." in result.output
    with app.app_context():
        statuses = sorted(r.status.value for r in db.session.scalars(db.select(AuctionRound)))
        assert statuses == ["closed", "open"]


def test_send_followups_from_cron(app, runner):
    with app.app_context():
        anna = factories.user()
        auction = helpers.auction_round(status=RoundStatus.CLOSED, opens_in=-200, closes_in=-100)
        auction.closed_at = utcnow() - timedelta(days=100)
        idea = helpers.idea(auction, author=anna, needs=[(NeedType.TIME, "Uren", 5, Unit.HOURS)])
        idea.outcome = Outcome.MATCHED
        db.session.commit()
    result = runner.invoke(args=["auction", "send-followups"])
    assert result.exit_code == 0 and "Asked 1 idea owner(s)" in result.output
    assert "Asked 0 idea owner(s)" in runner.invoke(args=["auction", "send-followups"]).output
