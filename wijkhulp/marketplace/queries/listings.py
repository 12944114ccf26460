"""One listing and its reactions, my listings and reactions, a reaction's thread and the contact it shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.marketplace import permissions
from wijkhulp.marketplace.models import (Listing, ListingGone, ListingNotFound, Match, MatchStatus, Response,
                                         ResponseNotFound, ResponseStatus)
from wijkhulp.marketplace.queries.search import PER_PAGE


def listing_or_404(listing_id: int) -> Listing:
    listing = db.session.get(Listing, listing_id)
    if listing is None:
        raise ListingNotFound()
    return listing


def is_involved(viewer: Any, listing: Listing) -> bool:
    """The owner, anyone who reacted to it, and the community managers of its area (admins everywhere)."""
    if not permissions.is_signed_in(viewer):
        return False
    if permissions.is_owner(viewer, listing) or permissions.in_manager_scope(viewer, listing.pc4):
        return True
    return db.session.scalar(select(Response.id).where(Response.listing_id == listing.id,
                                                       Response.responder_id == viewer.id).limit(1)) is not None


def listing_refusal(viewer: Any, listing: Listing,
                    now: datetime | None = None) -> ListingNotFound | ListingGone | None:
    """Why the viewer may not see this listing, if so: hidden (moderation) listings are for their owner and the
    managers of their area (ListingNotFound); one that is no longer open (withdrawn, expired, also past
    expires_at before `flask listings expire` ran, matched, done) is for the people involved (ListingGone)."""
    if not permissions.can_view_listing(viewer, listing):
        return ListingNotFound()
    if not listing.is_open(now or utcnow()) and not is_involved(viewer, listing):
        return ListingGone()
    return None


def can_see_listing(listing: Listing, viewer: Any) -> bool:
    """For moderation's content type: nobody reports what they cannot see."""
    return listing_refusal(viewer, listing) is None


def visible_listing_or_404(listing_id: int, viewer: Any) -> Listing:
    """A listing the viewer may see. Raises ListingNotFound (404) or ListingGone (410): see listing_refusal."""
    listing = listing_or_404(listing_id)
    refusal = listing_refusal(viewer, listing)
    if refusal is not None:
        raise refusal
    return listing


def open_responses_count(listing_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).where(
        Response.listing_id == listing_id, Response.status == ResponseStatus.OPEN)) or 0


def viewer_response(listing_id: int, viewer: Any) -> Response | None:
    """The viewer's latest reaction to this listing, if any (to link to the conversation)."""
    if not permissions.is_signed_in(viewer):
        return None
    return db.session.scalar(select(Response).where(Response.listing_id == listing_id,
                                                    Response.responder_id == viewer.id)
                             .order_by(Response.created_at.desc(), Response.id.desc()).limit(1))


def responses_for_owner(listing: Listing) -> list[Response]:
    return list(db.session.scalars(select(Response).where(Response.listing_id == listing.id)
                                   .options(selectinload(Response.responder), selectinload(Response.match),
                                            selectinload(Response.messages))  # the page shows each first message
                                   .order_by(Response.created_at, Response.id)))


def distance_from(viewer_pc4: str | None, listing: Listing) -> float | None:
    if not viewer_pc4 or geo.get_area(viewer_pc4) is None or geo.get_area(listing.pc4) is None:
        return None
    return geo.distance_km(viewer_pc4, listing.pc4)


def distance_beyond_radius(viewer: Any, listing: Listing) -> float | None:
    """How far the signed-in viewer lives from a listing's area, when that is beyond the listing's radius (a
    helper outside the distance a requester asked help from, or a requester beyond how far an offer goes);
    None otherwise, for the owner, and when either area is unknown. Centroid distance of the PC4 areas, in km."""
    pc4 = getattr(viewer, "pc4", None) if getattr(viewer, "is_authenticated", False) else None
    if not pc4 or viewer.id == listing.author_id:
        return None
    distance = distance_from(pc4, listing)
    return distance if distance is not None and distance > listing.radius_km else None


# ---------------------------------------------------------------- my listings and reactions

def my_listings(user: User, *, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    stmt = (select(Listing).where(Listing.author_id == user.id)
            .order_by(Listing.created_at.desc(), Listing.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def open_response_counts(listing_ids: Iterable[int]) -> dict[int, int]:
    ids = list(listing_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Response.listing_id, func.count()).where(
        Response.listing_id.in_(ids), Response.status == ResponseStatus.OPEN).group_by(Response.listing_id))
    return {listing_id: count for listing_id, count in rows}


def my_responses(user: User, *, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    stmt = (select(Response).where(Response.responder_id == user.id)
            .options(selectinload(Response.listing), selectinload(Response.match))
            .order_by(Response.last_message_at.desc(), Response.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def response_for_party_or_404(response_id: int, user: Any) -> Response:
    """A reaction's thread, for its two parties only: 404 for anyone else, so nobody learns it exists."""
    response = db.session.get(Response, response_id)
    if response is None or not permissions.can_view_thread(user, response):
        raise ResponseNotFound()
    return response


@dataclass(frozen=True)
class ContactDetails:
    name: str
    email: str | None
    phone: str | None


def counterpart_contact(match: Match | None, viewer_id: int) -> ContactDetails | None:
    """What the other party of a match shares with the viewer, once both chose to share; None without an
    active/finished match."""
    if match is None or match.status == MatchStatus.CANCELLED or viewer_id not in (match.requester_id,
                                                                                   match.helper_id):
        return None
    other = match.helper if viewer_id == match.requester_id else match.requester
    if other.is_deleted:
        return ContactDetails(other.public_name, None, None)
    if not match.contact_visible_to(viewer_id):  # mutual: only once both chose to share
        return ContactDetails(other.public_name, None, None)
    share_email, share_phone = match.shares(other.id)
    return ContactDetails(other.public_name, other.email if share_email else None,
                          other.phone if share_phone and other.phone else None)
