"""The managers' actions in the ideas auction are written to the audit log, in the same transaction as the action:
a round created, published and closed, an idea approved or not, a pledge recorded at an auction evening."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.ideas import helpers
from wijkhulp.audit import AuditEntry
from wijkhulp.database import utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.ideas import services
from wijkhulp.ideas.models import Approval, InvalidIdea, InvalidRound, RoundStatus


def _entries(action: str | None = None) -> list[AuditEntry]:
    db.session.expire_all()
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def _round_entries() -> list[AuditEntry]:
    return [e for e in _entries() if e.target_key == "auction_round"]


def test_create_and_publish_a_round(ctx):
    manager = factories.manager()
    hood = helpers.neighbourhood("Maarssen", pc4s=("3601", "3602"))
    now = utcnow()
    auction = services.create_round(manager, name="Ideeënveiling 2026", description="", neighbourhood_ids=[hood.id],
                                    opens_at=now, closes_at=now + timedelta(days=10))
    [created] = _entries("auction_round.create")
    assert (created.actor_id, created.target_key, created.target_id) == (manager.id, "auction_round",
                                                                         str(auction.id))
    assert created.pc4 == "3601" and created.details["name"] == "Ideeënveiling 2026"
    assert created.details["neighbourhoods"] == ["Maarssen"]
    services.publish_round(manager, auction.id)
    [published] = _entries("auction_round.publish")
    assert published.actor_id == manager.id and published.target_id == str(auction.id)


def test_refused_round_actions_write_nothing(ctx):
    manager, resident = factories.manager(), factories.user()
    hood = helpers.neighbourhood()
    now = utcnow()
    with pytest.raises(InvalidRound):
        services.create_round(manager, name="", description="", neighbourhood_ids=[hood.id], opens_at=now,
                              closes_at=now + timedelta(days=1))
    draft = helpers.auction_round(status=RoundStatus.DRAFT, closes_in=-1)
    with pytest.raises(InvalidRound):
        services.publish_round(manager, draft.id)  # it would close in the past
    with pytest.raises(NotAllowed):
        services.close_round_now(resident, helpers.auction_round().id)
    assert _entries() == []


def test_closing_by_a_manager_and_automatically(ctx):
    manager = factories.manager()
    by_hand = helpers.auction_round(creator=manager)
    helpers.idea(by_hand)
    services.close_round_now(manager, by_hand.id)
    [closed] = _round_entries()
    assert (closed.action, closed.actor_id, closed.target_id) == ("auction_round.close", manager.id, str(by_hand.id))
    assert closed.details["automatic"] is False and closed.details["ideas"] == 1

    due = helpers.auction_round(creator=manager)
    due.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert services.close_due_rounds() == [due.id]
    assert services.close_due_rounds() == []  # idempotent: one entry only
    automatic = _entries("auction_round.close")[1:]
    assert [(e.actor_id, e.target_id, e.details["automatic"]) for e in automatic] == [(None, str(due.id), True)]


def test_approving_and_rejecting_ideas(ctx):
    manager = factories.manager()
    auction = helpers.auction_round(requires_approval=True, neighbourhoods=[helpers.neighbourhood(pc4s=("3605",))])
    approved = helpers.idea(auction, approval=Approval.PENDING)
    rejected = helpers.idea(auction, approval=Approval.PENDING)
    services.review_idea(manager, approved.id, approve=True)
    services.review_idea(manager, rejected.id, approve=False, reason="Te vaag")
    entries = [e for e in _entries() if e.target_key == "idea"]
    assert [(e.action, e.target_id, e.actor_id, e.subject_id, e.pc4) for e in entries] == [
        ("idea.approve", str(approved.id), manager.id, approved.author_id, "3605"),
        ("idea.reject", str(rejected.id), manager.id, rejected.author_id, "3605")]
    assert entries[0].reason == "" and entries[1].reason == "Te vaag"


def test_a_refused_review_writes_nothing(ctx):
    manager = factories.manager()
    idea = helpers.idea(helpers.auction_round(requires_approval=True), approval=Approval.PENDING)
    with pytest.raises(InvalidIdea):
        services.review_idea(manager, idea.id, approve=False, reason="  ")
    with pytest.raises(NotAllowed):
        services.review_idea(factories.user(), idea.id, approve=True)
    assert _entries() == []


def test_a_recorded_pledge(ctx):
    manager = factories.manager()
    idea = helpers.idea(helpers.auction_round(creator=manager))
    hours = idea.needs[0]
    pledge, replaced = services.record_pledge(manager, idea.id, hours.id, guest_name="Bakkerij De Vecht", amount=8)
    services.record_pledge(manager, idea.id, hours.id, guest_name="Bakkerij De Vecht", amount=12)
    entries = _entries("pledge.record")
    assert [(e.actor_id, e.target_key, e.target_id) for e in entries] == [(manager.id, "pledge", str(pledge.id))] * 2
    assert entries[0].details == {"idea": idea.id, "need": hours.id, "partner": "Bakkerij De Vecht", "amount": 8,
                                  "unit": "hours", "replaced": False}
    assert entries[1].details["amount"] == 12 and entries[1].details["replaced"] is True
    assert entries[0].pc4 == "3601"


def test_pledges_by_partners_themselves_are_not_audited(ctx):
    idea = helpers.idea(helpers.auction_round())
    services.make_pledge(factories.user(), idea.id, idea.needs[0].id, amount=5)
    assert _entries() == []
