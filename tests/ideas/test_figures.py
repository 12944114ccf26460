"""The ideas auction's dashboard figures: what they count, their scope (an idea's neighbourhood -> its PC4 areas),
their period, their order on the dashboard and which one is public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests import factories
from tests.ideas import helpers
from wijkhulp import metrics
from wijkhulp.registry import metrics as catalogue
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas import figures, services
from wijkhulp.ideas.models import NeedType, Outcome, Unit

KEYS = ("ideas_submitted", "ideas_matched", "ideas_partly_matched", "ideas_not_matched", "idea_pledge_coverage",
        "idea_pledges_value", "ideas_realised")


@dataclass
class Auction:
    matched_id: int
    partly_id: int
    not_matched_id: int
    hood_a_id: int


def _decide(owner, idea, accept_all: bool = True) -> None:
    for need in idea.needs:
        for pledge in list(need.pledges):
            services.decide_pledge(owner, pledge.id, accept=accept_all)


def _auction() -> Auction:
    """A round over neighbourhood A (3601, 3602) and B (3621), closed, with one matched, one partly matched and
    one not matched idea, and a hidden idea that never counts."""
    hood_a = helpers.neighbourhood("Alfawijk", pc4s=("3601", "3602"))  # first by name: the ideas default to it
    hood_b = helpers.neighbourhood("Betawijk", pc4s=("3621",))
    auction = helpers.auction_round(neighbourhoods=[hood_a, hood_b])
    anna, bram, carla = factories.user(), factories.user(), factories.user(postcode="3621 AB")
    partner = factories.user()
    organisation = helpers.organisation(members=[partner])
    matched = helpers.idea(auction, author=anna)  # 50 hours + 300 euro, neighbourhood A
    partly = helpers.idea(auction, author=bram)
    not_matched = helpers.idea(auction, author=carla)
    not_matched.neighbourhood = hood_b
    db.session.commit()
    helpers.idea(auction, hidden=True)
    hours, money = matched.needs
    services.make_pledge(partner, matched.id, hours.id, organisation_id=organisation.id, amount=50,
                         estimated_value_cents=40_000)
    services.make_pledge(bram, matched.id, money.id, amount=300)
    services.make_pledge(partner, partly.id, partly.needs[0].id, amount=10)  # no estimated value: counts as 0
    services.make_pledge(anna, not_matched.id, not_matched.needs[1].id, amount=100)
    auction.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert services.close_due_rounds() == [auction.id]
    _decide(anna, matched)
    _decide(bram, partly)
    _decide(carla, not_matched, accept_all=False)
    return Auction(matched.id, partly.id, not_matched.id, hood_a.id)


def _period(days: float = 1) -> tuple:
    now = utcnow()
    return now - timedelta(days=days), now + timedelta(days=days)


def _value(key: str, pc4s=None, period=None):
    start, end = period or _period()
    figure = catalogue.figure(key)
    assert figure is not None, key
    return figure.compute(pc4s, start, end)


def test_the_figures_are_registered_in_order_between_300_and_400(app):
    registered = [f for f in catalogue.figures() if f.key in KEYS]
    assert [f.key for f in registered] == list(KEYS)
    assert all(300 <= f.order < 400 for f in registered)
    assert {f.key for f in catalogue.figures(public_only=True)} & set(KEYS) == {"ideas_realised"}
    units = {f.key: f.unit for f in registered}
    assert units["idea_pledge_coverage"] == "percent" and units["idea_pledges_value"] == "euro_cents"


def test_outcomes_coverage_and_value_of_a_closed_round(ctx):
    _auction()
    assert _value("ideas_submitted") == 3  # the hidden idea is left out
    assert (_value("ideas_matched"), _value("ideas_partly_matched"), _value("ideas_not_matched")) == (1, 1, 1)
    coverage = _value("idea_pledge_coverage")
    assert coverage == metrics.Measure(value=33.3, basis=3)  # 2 of the 6 needs covered, over 3 ideas
    assert metrics.suppress(coverage, "percent") == metrics.TOO_FEW  # few ideas: "–" in exports
    assert _value("idea_pledges_value") == 40_000 + 30_000  # the estimate for the hours + the money itself


def test_scope_is_the_ideas_neighbourhood(ctx):
    _auction()
    in_a, in_b, elsewhere = frozenset({"3602"}), frozenset({"3621"}), frozenset({"1393"})
    assert _value("ideas_submitted", in_a) == 2 and _value("ideas_submitted", in_b) == 1
    assert _value("ideas_submitted", elsewhere) == 0
    assert figures.outcomes(in_a, *_period()) == {Outcome.MATCHED: 1, Outcome.PARTLY_MATCHED: 1,
                                                  Outcome.NOT_MATCHED: 0}
    assert figures.outcomes(in_b, *_period()) == {Outcome.MATCHED: 0, Outcome.PARTLY_MATCHED: 0,
                                                  Outcome.NOT_MATCHED: 1}
    assert _value("idea_pledge_coverage", in_a) == metrics.Measure(value=50.0, basis=2)
    assert _value("idea_pledge_coverage", in_b) == metrics.Measure(value=0.0, basis=1)
    assert _value("idea_pledges_value", in_a) == 70_000 and _value("idea_pledges_value", in_b) == 0
    assert _value("idea_pledge_coverage", elsewhere) is None  # nothing to divide: no value


def test_the_period_counts(ctx):
    _auction()
    now = utcnow()
    before = (now - timedelta(days=30), now - timedelta(days=20))
    assert _value("ideas_submitted", period=before) == 0
    assert _value("ideas_matched", period=before) == 0
    assert _value("idea_pledge_coverage", period=before) is None
    assert _value("idea_pledges_value", period=before) == 0


def test_open_rounds_count_submissions_but_no_outcomes(ctx):
    auction = helpers.auction_round()
    helpers.idea(auction, needs=[(NeedType.MONEY, "Verf", 100, Unit.EURO)])
    assert _value("ideas_submitted") == 1
    assert _value("ideas_not_matched") == 0 and _value("idea_pledge_coverage") is None


def test_ideas_carried_out(ctx):
    ids = _auction()
    assert _value("ideas_realised") == 0
    idea = db.session.get(figures.Idea, ids.matched_id)
    services.answer_followup(idea.author, idea.id, realised="yes", note="Gelukt!")
    partly = db.session.get(figures.Idea, ids.partly_id)
    services.answer_followup(partly.author, partly.id, realised="partly")
    assert _value("ideas_realised") == 1  # "partly" is not carried out (yet)
    assert _value("ideas_realised", frozenset({"3601"})) == 1
    assert _value("ideas_realised", frozenset({"3621"})) == 0


@pytest.mark.parametrize("key", KEYS)
def test_every_figure_answers_on_an_empty_site(ctx, key):
    result = _value(key)
    assert result in (0, None)


def test_the_managers_dashboard_shows_them(app, client):
    with app.app_context():
        _auction()
        factories.manager(email="boss@example.org")
    factories.login(client, "boss@example.org")
    html = client.get("/manage/dashboard").get_data(as_text=True)
    for label in ("Ideas submitted", "Ideas matched", "Needs covered by pledges", "Value of accepted pledges",
                  "Ideas carried out"):
        assert label in html
