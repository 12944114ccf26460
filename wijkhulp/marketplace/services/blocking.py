"""Marketplace services: residents blocking each other."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from wijkhulp.accounts.models import User
from wijkhulp.accounts.permissions import is_signed_in
from wijkhulp.database import utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.marketplace.models import CannotBlockSelf, PersonNotFound, UserBlock


def block_user(actor: User, user_id: int) -> UserBlock:
    """Block another resident: no more reactions or messages between the two. Commits.
    Raises NotAllowed, CannotBlockSelf or PersonNotFound."""
    if not is_signed_in(actor) or not actor.is_active:
        raise NotAllowed()
    if user_id == actor.id:
        raise CannotBlockSelf()
    other = db.session.get(User, user_id)
    if other is None or other.is_deleted:
        raise PersonNotFound()
    existing = db.session.get(UserBlock, (actor.id, user_id))
    if existing is not None:
        return existing
    block = UserBlock(blocker_id=actor.id, blocked_id=user_id, created_at=utcnow())
    db.session.add(block)
    try:
        db.session.commit()
    except IntegrityError:  # blocked twice at the same moment
        db.session.rollback()
        block = db.session.get(UserBlock, (actor.id, user_id))
        assert block is not None
    return block


def unblock_user(actor: User, user_id: int) -> None:
    """Lift one's own block of another resident. Commits. Raises NotAllowed."""
    if not is_signed_in(actor):
        raise NotAllowed()
    db.session.execute(delete(UserBlock).where(UserBlock.blocker_id == actor.id, UserBlock.blocked_id == user_id))
    db.session.commit()
