"""The inbox: every conversation (a reaction's thread) of one person, newest first, with its unread mark."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import joinedload

from wijkhulp.extensions import db
from wijkhulp.marketplace.models import (Listing, ListingStatus, Match, MatchStatus, Message, Response,
                                         ResponseStatus)
from wijkhulp.marketplace.queries.search import PER_PAGE


@dataclass(frozen=True)
class Conversation:
    response: Response
    listing: Listing
    other_name: str
    i_am_owner: bool
    unread: bool
    waiting_for_me: bool  # the last message is the other person's, and the conversation still takes messages
    last_message_at: datetime


@dataclass(frozen=True)
class InboxPage:
    items: list[Conversation]
    page: int
    has_next: bool
    unread: int


def _mine(user_id: int) -> Any:
    return or_(Listing.author_id == user_id, Response.responder_id == user_id)


def _unread(user_id: int) -> Any:
    return or_(
        and_(Listing.author_id == user_id,
             or_(Response.owner_read_at.is_(None), Response.last_message_at > Response.owner_read_at)),
        and_(Response.responder_id == user_id,
             or_(Response.responder_read_at.is_(None), Response.last_message_at > Response.responder_read_at)))


def _last_author() -> Any:
    return (select(Message.author_id).where(Message.response_id == Response.id)
            .order_by(Message.created_at.desc(), Message.id.desc()).limit(1).correlate(Response).scalar_subquery())


def takes_messages_sql() -> Any:
    """Response.takes_messages as SQL: waiting or accepted, and no stopped match."""
    return and_(Response.status.in_((ResponseStatus.OPEN, ResponseStatus.ACCEPTED)),
                ~Response.match.has(Match.status == MatchStatus.CANCELLED))


def unread_conversations_count(user: Any) -> int:
    """How many of the person's conversations have a message they have not read: one COUNT."""
    if user is None or getattr(user, "id", None) is None:
        return 0
    return db.session.scalar(select(func.count(Response.id)).join(Listing, Response.listing_id == Listing.id)
                             .where(_unread(user.id))) or 0


def conversations(user: Any, *, page: int = 1, per_page: int = PER_PAGE, only_waiting: bool = False) -> InboxPage:
    """One page of the person's conversations, newest message first. Three statements whatever the page holds:
    the rows (with listing and both people joined), and the unread count."""
    page = max(page, 1)
    unread = case((_unread(user.id), True), else_=false())
    last_author = _last_author()
    stmt = (select(Response, unread.label("unread"), last_author.label("last_author"))
            .join(Listing, Response.listing_id == Listing.id)
            .where(_mine(user.id))
            .options(joinedload(Response.listing).joinedload(Listing.author), joinedload(Response.responder),
                     joinedload(Response.match))
            .order_by(Response.last_message_at.desc(), Response.id.desc()))
    if only_waiting:  # waiting for me: the other person wrote last, and I can still answer
        stmt = stmt.where(last_author != user.id, takes_messages_sql())
    rows = db.session.execute(stmt.offset((page - 1) * per_page).limit(per_page + 1)).unique().all()
    items = []
    for response, is_unread, author_id in rows[:per_page]:
        owner = response.listing.author_id == user.id
        other = response.responder if owner else response.listing.author
        items.append(Conversation(response=response, listing=response.listing, other_name=other.public_name,
                                  i_am_owner=owner, unread=bool(is_unread),
                                  waiting_for_me=(author_id is not None and author_id != user.id
                                                  and response.takes_messages),
                                  last_message_at=response.last_message_at))
    return InboxPage(items=items, page=page, has_next=len(rows) > per_page, unread=unread_conversations_count(user))


@dataclass(frozen=True)
class OpenListing:
    listing: Listing
    open_reactions: int  # reactions waiting for the owner's yes or no
    unread: int  # conversations about it with a message the owner has not read


def my_open_listings(user: Any, *, limit: int = 10) -> list[OpenListing]:
    """The person's open requests and offers, newest first, each with its waiting reactions and unread
    conversations: two statements however many there are."""
    listings = list(db.session.scalars(select(Listing).where(
        Listing.author_id == user.id, Listing.status == ListingStatus.OPEN, Listing.hidden_at.is_(None))
        .order_by(Listing.created_at.desc(), Listing.id.desc()).limit(limit)))
    if not listings:
        return []
    unread = or_(Response.owner_read_at.is_(None), Response.last_message_at > Response.owner_read_at)
    rows = db.session.execute(select(
        Response.listing_id, func.count(Response.id).filter(Response.status == ResponseStatus.OPEN),
        func.count(Response.id).filter(unread))
        .where(Response.listing_id.in_([item.id for item in listings])).group_by(Response.listing_id))
    counts = {listing_id: (waiting, new) for listing_id, waiting, new in rows}
    return [OpenListing(listing=item, open_reactions=counts.get(item.id, (0, 0))[0],
                        unread=counts.get(item.id, (0, 0))[1]) for item in listings]
