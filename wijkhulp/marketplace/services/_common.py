"""Shared pieces of the marketplace services: site paths, notification events, small helpers (flush only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkhulp.accounts.models import NotVerified, User
from wijkhulp.accounts.permissions import can_post, is_signed_in
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.marketplace import setting_specs as specs
from wijkhulp.marketplace import permissions
from wijkhulp.marketplace.models import Listing, Response, ResponseNotFound, ResponseStatus
from wijkhulp.notifications import registry as events
from wijkhulp.notifications import services as notifications
from wijkhulp.settings import services as settings

MAX_DAYS_AHEAD = 366
NOTIFY_MATCHES_LIMIT = 50  # owners told about one new listing, nearest first
CRON_BATCH = 500
LISTING_CONTENT_KEY = "listing"  # the moderation content type (content.py registers it)
# Site paths for links in notifications (services cannot use url_for; a test checks they match the routes).
LISTING_PATH = "/help/{id}"
RESPONSE_PATH = "/responses/{id}"


def listing_path(listing_id: int) -> str:
    return LISTING_PATH.format(id=listing_id)


def response_path(response_id: int) -> str:
    return RESPONSE_PATH.format(id=response_id)


# ---------------------------------------------------------------- notification events

events.register_event("listing_response", _l("Reaction to your request or offer"),
                      _l("A neighbour reacts to your request or offer, or takes a reaction back."))
events.register_event("response_accepted", _l("Your reaction is accepted"),
                      _l("Someone accepted your reaction. You can now contact each other."))
events.register_event("response_declined", _l("Your reaction is not accepted"),
                      _l("Someone chose another neighbour, or the request or offer was closed."))
events.register_event("thread_message", _l("New message in a conversation"),
                      _l("A neighbour sent you a message about a request or offer."))
events.register_event("matching_listing", _l("New request or offer that fits yours"),
                      _l("A neighbour nearby posted something that fits your request or offer."), default_mode="digest")
events.register_event("listing_expiring", _l("Your request or offer goes offline soon"),
                      _l("A few days before your request or offer goes offline."))
events.register_event("listing_expired", _l("Your request or offer went offline"),
                      _l("Your request or offer was online for the maximum time. You can put it back online."))
events.register_event("match_checkin", _l("Did it work out?"),
                      _l("A few days after a match we ask whether the help worked out."))
events.register_event("match_completed", _l("Help marked as done"),
                      _l("Someone marked your help as done, sometimes with a thank-you note."))
events.register_event("match_cancelled", _l("A match was stopped"),
                      _l("The other person stopped a match with you."))
events.register_event("help_invitation", _l("Can you help?"),
                      _l("The community manager asks you to look at a request near you."))


def _name(user: User) -> str:
    return user.public_name


def _require_poster(actor: Any) -> None:
    if not is_signed_in(actor) or not actor.is_active:
        raise NotAllowed()
    if not can_post(actor):
        raise NotVerified()


def _expiry_days() -> int:
    return int(settings.get(specs.EXPIRY_DAYS))


def _decline_open_responses(listing: Listing, now: datetime, message_for: Any, *, keep: int | None = None) -> int:
    """Decline the listing's open reactions kindly (except `keep`), telling each responder. Flush only."""
    pending = [r for r in db.session.scalars(select(Response).where(
        Response.listing_id == listing.id, Response.status == ResponseStatus.OPEN)) if r.id != keep]
    for response in pending:
        response.status = ResponseStatus.DECLINED
        response.decided_at = now
        notifications.notify(response.responder, "response_declined", message=message_for(response),
                             url=response_path(response.id))
    db.session.flush()
    return len(pending)


def _party_response(actor: Any, response_id: int) -> Response:
    response = db.session.get(Response, response_id)
    if response is None or not permissions.can_view_thread(actor, response):
        raise ResponseNotFound()
    return response
