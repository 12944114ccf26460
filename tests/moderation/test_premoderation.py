"""Pre-moderation: with the setting on, the first posts of a new account wait hidden in the queue until a
manager approves one; features plug in through contenttypes.premoderate()."""

from __future__ import annotations

from sqlalchemy import select

from tests import factories
from wijkhulp.registry import content as contenttypes
from wijkhulp.accounts.models import User
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.moderation import queries, services
from wijkhulp.moderation.models import HoldOutcome, ReviewHold
from wijkhulp.settings import services as settings


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    assert user is not None
    return user


def _post(author: User) -> bool:
    """What a feature's create service does; the profile stands in for a new listing here."""
    held = contenttypes.premoderate("profile", author, author)
    db.session.commit()
    return held


def test_off_by_default(ctx, world) -> None:
    author = _user(world.author_id)
    assert contenttypes.needs_premoderation(author) is False
    assert _post(author) is False and not author.is_hidden


def test_first_post_waits_until_a_manager_approves(ctx, world) -> None:
    settings.set_value("premoderation", "true")
    author = _user(world.author_id)
    assert contenttypes.needs_premoderation(author) is True
    assert _post(author) is True
    assert author.is_hidden
    items = queries.open_holds(frozenset({"3603"}))
    assert [(i.content_key, i.object_id) for i in items] == [("profile", author.id)]
    assert queries.open_holds(frozenset({"3621"})) == []  # not in another manager's queue
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "moderation.hold"))

    services.approve_content(_user(world.manager_id), "profile", author.id)
    author = _user(world.author_id)
    assert not author.is_hidden
    hold = db.session.scalar(select(ReviewHold))
    assert hold is not None and hold.outcome == HoldOutcome.APPROVED and hold.decided_by_id == world.manager_id
    assert contenttypes.needs_premoderation(author) is False  # approved once: trusted from now on
    assert queries.open_holds(None) == []


def test_a_rejected_first_post_keeps_the_next_one_waiting(ctx, world) -> None:
    settings.set_value("premoderation", "true")
    author = _user(world.author_id)
    _post(author)
    services.hide_content(_user(world.manager_id), "profile", author.id, "Geen reclame.")
    hold = db.session.scalar(select(ReviewHold))
    assert hold is not None and hold.outcome == HoldOutcome.REJECTED
    assert contenttypes.needs_premoderation(_user(world.author_id)) is True


def test_managers_are_never_held(ctx, world) -> None:
    settings.set_value("premoderation", "true")
    assert contenttypes.needs_premoderation(_user(world.manager_id)) is False
    assert contenttypes.needs_premoderation(factories.admin()) is False
