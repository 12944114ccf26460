"""Ideas and organisations are known to moderation: reportable, hideable, and their waiting lists in the queue."""

from __future__ import annotations

import pytest

from tests import factories
from tests.ideas import helpers
from wijkhulp.registry import content as contenttypes
from wijkhulp.extensions import db
from wijkhulp.ideas import services
from wijkhulp.ideas.models import Approval, IdeaNotOpenForPledges


def test_ideas_and_organisations_are_registered_content(app):
    assert contenttypes.content_type("idea") is not None
    assert contenttypes.content_type("organisation") is not None
    keys = {source.key for source in contenttypes.queue_sources()}
    assert {"ideas_awaiting_approval", "organisations_awaiting_check"} <= keys


def test_a_hidden_idea_takes_no_pledges_and_removal_keeps_the_pledges(app):
    with app.test_request_context():
        idea = helpers.idea(helpers.auction_round())
        bram = factories.user()
        services.make_pledge(bram, idea.id, idea.needs[0].id, amount=3)
        kind = contenttypes.content_type("idea")
        assert kind.url(idea) == f"/ideas/{idea.id}"
        assert kind.pc4_of(idea) == "3601"
        kind.hide(idea)
        db.session.commit()
        with pytest.raises(IdeaNotOpenForPledges):
            services.make_pledge(bram, idea.id, idea.needs[1].id, amount=3)
        kind.remove(idea)
        db.session.commit()
        assert "removed" in idea.title and len(idea.active_pledges()) == 1


def test_the_queue_lists_waiting_ideas_and_organisations_in_scope(app):
    with app.test_request_context():
        auction = helpers.auction_round(neighbourhoods=[helpers.neighbourhood(pc4s=("3601", "3602"))])
        waiting = helpers.idea(auction, approval=Approval.PENDING)
        helpers.idea(auction)
        organisation = helpers.organisation(verified=False)
        ideas = {s.key: s for s in contenttypes.queue_sources()}["ideas_awaiting_approval"]
        assert [row.object_id for row in ideas.load(None)] == [waiting.id]
        assert [row.object_id for row in ideas.load(frozenset({"3602"}))] == [waiting.id]
        assert ideas.load(frozenset({"1393"})) == []
        organisations = {s.key: s for s in contenttypes.queue_sources()}["organisations_awaiting_check"]
        assert [row.object_id for row in organisations.load(None)] == [organisation.id]
