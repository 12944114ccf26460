"""Marketplace content for moderation: requests and offers, the messages of conversations and thank-you notes are
reportable and hideable, and requests nobody answered appear in the managers' queue. The manifest (feature.py)
declares them with these functions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select

from wijkhulp.registry.content import QueueRow
from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import queries
from wijkhulp.marketplace import setting_specs as specs
from wijkhulp.marketplace.models import Listing, Message, ThankYou
from wijkhulp.marketplace.services import LISTING_CONTENT_KEY
from wijkhulp.settings import services as settings

LISTING = LISTING_CONTENT_KEY
MESSAGE = "message"
THANK_YOU = "thank_you"
UNANSWERED = "unanswered_requests"

REMOVED_LISTING = _l("This request or offer has been removed by the community manager.")
REMOVED_MESSAGE = _l("This message has been removed by the community manager.")
REMOVED_THANKS = _l("This thank-you note has been removed by the community manager.")


def person(user: User | None) -> User | None:
    return None if user is None or user.is_deleted else user


# ---------------------------------------------------------------- requests and offers

def remove_listing(listing: Listing) -> None:
    """The texts go; the record, its reactions and matches stay (the conversations need them). Flush is the
    caller's."""
    listing.title = str(REMOVED_LISTING)[:100]
    listing.description = str(REMOVED_LISTING)
    listing.timing_note = ""


def listing_text(listing: Listing) -> str:
    return "\n\n".join(part for part in (listing.title, listing.description, listing.timing_note) if part)


# ---------------------------------------------------------------- messages in conversations

def message_summary(message: Message) -> str:
    """Never the text: a conversation is private to its two people, and anyone signed in can open the report
    page of a message. The title of the request or offer only while it is public."""
    listing = message.response.listing
    if listing.hidden_at is None:
        return str(_l("Message about “%(title)s”", title=listing.title))
    return str(_l("Message in a conversation"))


def is_party(message: Message, user: Any) -> bool:
    """Only the two people of the conversation see (and so can report) a message."""
    return bool(getattr(user, "is_authenticated", False)) and user.id in message.response.party_ids()


def message_before(message: Message) -> str | None:
    """The one message before it in the same conversation (context for a manager reading a reported message)."""
    return db.session.scalar(select(Message.body).where(
        Message.response_id == message.response_id,
        (Message.created_at < message.created_at) | ((Message.created_at == message.created_at)
                                                     & (Message.id < message.id)))
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(1))


def remove_message(message: Message) -> None:
    message.body = str(REMOVED_MESSAGE)


# ---------------------------------------------------------------- thank-you notes

def thanks_is_private(note: ThankYou) -> bool:
    """Private unless both people made it public (then it was on the helper's profile anyway)."""
    return not (note.author_allows_public and note.helper_allows_public)


def thanks_visible_to(note: ThankYou, user: Any) -> bool:
    """A public note on a visible profile: everyone; otherwise only its writer and the helper."""
    if bool(getattr(user, "is_authenticated", False)) and user.id in (note.author_id, note.helper_id):
        return True
    return note.is_public and not note.helper.is_hidden and not note.helper.is_deleted


def remove_thanks(note: ThankYou) -> None:
    note.text = str(REMOVED_THANKS)


# ---------------------------------------------------------------- the queue: requests nobody answered

def unanswered_rows(pc4s: frozenset[str] | None) -> list[QueueRow]:
    """Open requests nobody reacted to (the manifest adds the link to each)."""
    days = int(settings.get(specs.UNANSWERED_DAYS))
    now = utcnow()
    rows = []
    for listing in queries.unanswered_in(pc4s, days=days, now=now, limit=UNANSWERED_LIMIT):
        waiting = max(days, (now - listing.created_at) // timedelta(days=1))
        rows.append(QueueRow(
            content_key=LISTING, object_id=listing.id, summary=listing.title, pc4=listing.pc4,
            since=listing.created_at,
            note=str(lazy_ngettext("%(category)s · no reaction for %(num)d day",
                                   "%(category)s · no reaction for %(num)d days", waiting,
                                   category=listing.category.label))))
    return rows


UNANSWERED_LIMIT = 50
