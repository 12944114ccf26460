"""Marketplace content for moderation: requests and offers, the messages of conversations and thank-you notes are
reportable and hideable, and requests nobody answered appear in the managers' queue. Registered with the low
`contenttypes` registry; imported by the views (so by the app factory)."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from wijkhulp import contenttypes
from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
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


def _person(user: User | None) -> User | None:
    return None if user is None or user.is_deleted else user


# ---------------------------------------------------------------- requests and offers

def _remove_listing(listing: Listing) -> None:
    """The texts go; the record, its reactions and matches stay (the conversations need them). Flush is the
    caller's."""
    listing.title = str(REMOVED_LISTING)[:100]
    listing.description = str(REMOVED_LISTING)
    listing.timing_note = ""


def _listing_text(listing: Listing) -> str:
    return "\n\n".join(part for part in (listing.title, listing.description, listing.timing_note) if part)


contenttypes.register_content_type(
    LISTING, label=_l("Request or offer"), model=Listing, author_of=lambda listing: _person(listing.author),
    pc4_of=lambda listing: listing.pc4, summary_of=lambda listing: listing.title, remove=_remove_listing,
    text_of=_listing_text, url_of=lambda listing: url_for("marketplace.show_listing", listing_id=listing.id),
    order=30)


# ---------------------------------------------------------------- messages in conversations

def _message_summary(message: Message) -> str:
    """Never the text: a conversation is private to its two people, and anyone signed in can open the report
    page of a message. The title of the request or offer only while it is public."""
    listing = message.response.listing
    if listing.hidden_at is None:
        return str(_l("Message about “%(title)s”", title=listing.title))
    return str(_l("Message in a conversation"))


def _remove_message(message: Message) -> None:
    message.body = str(REMOVED_MESSAGE)


contenttypes.register_content_type(
    MESSAGE, label=_l("Message in a conversation"), model=Message,
    author_of=lambda message: _person(message.author), pc4_of=lambda message: message.response.listing.pc4,
    summary_of=_message_summary, remove=_remove_message, text_of=lambda message: message.body,
    url_of=lambda message: url_for("marketplace.show_response", response_id=message.response_id,
                                   _anchor=f"message-{message.id}"),
    order=32)


# ---------------------------------------------------------------- thank-you notes

def _remove_thanks(note: ThankYou) -> None:
    note.text = str(REMOVED_THANKS)


def _thanks_url(note: ThankYou) -> str:
    """Public notes on the helper's page; other notes in the conversation, for its two people."""
    if note.is_public:
        return url_for("marketplace.profile_help", user_id=note.helper_id)
    return url_for("marketplace.show_response", response_id=note.match.response_id, _anchor="thank-you")


contenttypes.register_content_type(
    THANK_YOU, label=_l("Thank-you note"), model=ThankYou, author_of=lambda note: _person(note.author),
    pc4_of=lambda note: note.match.listing.pc4,
    summary_of=lambda note: str(_l("Thank-you note for %(name)s", name=note.helper.public_name)),
    remove=_remove_thanks, text_of=lambda note: note.text, url_of=_thanks_url, order=34)


# ---------------------------------------------------------------- the queue: requests nobody answered

def _unanswered(pc4s: frozenset[str] | None) -> list[contenttypes.QueueRow]:
    days = int(settings.get(specs.UNANSWERED_DAYS))
    now = utcnow()
    rows = []
    for listing in queries.unanswered_in(pc4s, days=days, now=now, limit=UNANSWERED_LIMIT):
        waiting = max(days, (now - listing.created_at) // timedelta(days=1))
        rows.append(contenttypes.QueueRow(
            content_key=LISTING, object_id=listing.id, summary=listing.title, pc4=listing.pc4,
            since=listing.created_at,
            note=str(lazy_ngettext("%(category)s · no reaction for %(num)d day",
                                   "%(category)s · no reaction for %(num)d days", waiting,
                                   category=listing.category.name)),
            url=url_for("marketplace.show_listing", listing_id=listing.id)))
    return rows


UNANSWERED_LIMIT = 50

contenttypes.register_queue_source(
    UNANSWERED, title=_l("Requests nobody has answered"), load=_unanswered,
    description=_l("Open requests without any reaction after the number of days in the settings. Ask a "
                   "neighbour who may help on the page “Requests without a reaction”."),
    order=30, limit=UNANSWERED_LIMIT)
