"""Shared pieces of the marketplace services: site paths, notification events, small helpers (flush only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from wijkhulp.accounts.models import NotVerified, User
from wijkhulp.accounts.permissions import post_refusal, require_can_post
from wijkhulp.errors import DomainError
from wijkhulp.extensions import db
from wijkhulp.marketplace import setting_specs as specs
from wijkhulp.marketplace import permissions
from wijkhulp.marketplace.models import Listing, Response, ResponseNotFound, ResponseStatus
from wijkhulp.notifications import services as notifications
from wijkhulp.settings import services as settings

MAX_DAYS_AHEAD = 366
NOTIFY_MATCHES_LIMIT = 50  # owners told about one new listing, nearest first
CRON_BATCH = 500
LISTING_CONTENT_KEY = "listing"  # the moderation content type (declared in marketplace/feature.py)
# Site paths for links in notifications (services cannot use url_for; a test checks they match the routes).
LISTING_PATH = "/help/{id}"
RESPONSE_PATH = "/responses/{id}"


def listing_path(listing_id: int) -> str:
    return LISTING_PATH.format(id=listing_id)


def response_path(response_id: int) -> str:
    return RESPONSE_PATH.format(id=response_id)


# ---------------------------------------------------------------- notification events


def _name(user: User) -> str:
    return user.public_name


def poster_refusal(actor: Any) -> DomainError | None:
    """Why posting, reacting or writing in the marketplace would be refused (NotAllowed, NotVerified), or None."""
    return post_refusal(actor, NotVerified)


def _require_poster(actor: Any) -> None:
    require_can_post(actor, NotVerified)


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
