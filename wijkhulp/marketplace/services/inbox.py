"""Marketplace services: the read state of conversations (the inbox's unread marks).

Opening a conversation is a GET and writes nothing; reading is recorded by a POST: writing in the conversation
(send_message, respond), pressing "mark as read" on the conversation, or "mark all as read" in the inbox.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select

from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace.models import Listing, Response
from wijkhulp.marketplace.services._common import _party_response, response_path
from wijkhulp.notifications import services as notifications

THREAD_EVENTS = ("thread_message", "listing_response")


def _mark(actor: User, response: Response, now: datetime) -> None:
    response.mark_read_by(actor.id, now)
    notifications.mark_read_for_url(actor, response_path(response.id), events=THREAD_EVENTS)


def mark_conversation_read(actor: User, response_id: int, *, now: datetime | None = None) -> Response:
    """The actor (a party) has read the conversation up to now; its notifications count as read too. Commits.
    Raises ResponseNotFound for anyone but the two parties."""
    response = _party_response(actor, response_id)
    _mark(actor, response, now or utcnow())
    db.session.commit()
    return response


def mark_all_conversations_read(actor: User, *, now: datetime | None = None) -> int:
    """Every unread conversation of the actor counts as read. Commits. Returns how many changed."""
    now = now or utcnow()
    responses = db.session.scalars(select(Response).join(Listing, Response.listing_id == Listing.id).where(or_(
        (Listing.author_id == actor.id) & (Response.owner_read_at.is_(None)
                                           | (Response.last_message_at > Response.owner_read_at)),
        (Response.responder_id == actor.id) & (Response.responder_read_at.is_(None)
                                               | (Response.last_message_at > Response.responder_read_at)))))
    changed = 0
    for response in responses:
        _mark(actor, response, now)
        changed += 1
    db.session.commit()
    return changed
