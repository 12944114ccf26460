"""Marketplace services: my data (export) and account deletion."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update

from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace.models import (HelperInvitation, Listing, ListingStatus, Match, MatchStatus, Message,
                                         Response, ResponseStatus, ThankYou, UserBlock)


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def export_user_data(user: User) -> dict[str, Any]:
    """The person's listings, reactions, messages, matches and thank-you notes, as JSON-ready data."""
    listings = db.session.scalars(select(Listing).where(Listing.author_id == user.id).order_by(Listing.id))
    responses = db.session.scalars(select(Response).where(Response.responder_id == user.id).order_by(Response.id))
    messages = db.session.scalars(select(Message).where(Message.author_id == user.id).order_by(Message.id))
    matches = db.session.scalars(select(Match).where(
        (Match.requester_id == user.id) | (Match.helper_id == user.id)).order_by(Match.id))
    thanks = db.session.scalars(select(ThankYou).where(
        (ThankYou.author_id == user.id) | (ThankYou.helper_id == user.id)).order_by(ThankYou.id))
    blocks = db.session.scalars(select(UserBlock).where(UserBlock.blocker_id == user.id))
    return {
        "listings": [{"id": x.id, "kind": x.kind.value, "category": x.category.name, "title": x.title,
                      "description": x.description, "postcode_area": x.pc4, "radius_km": x.radius_km,
                      "timing": x.timing.value, "date": _iso(x.timing_date),
                      "part_of_day": x.part_of_day.value if x.part_of_day else None,
                      "recurrence": x.recurrence.value if x.recurrence else None, "timing_note": x.timing_note,
                      "urgency": x.urgency.value, "on_behalf_of": x.on_behalf_name, "status": x.status.value,
                      "organisation": x.organisation.name if x.organisation is not None else None,
                      "created_at": _iso(x.created_at), "expires_at": _iso(x.expires_at)} for x in listings],
        "reactions": [{"id": r.id, "listing": r.listing.title, "status": r.status.value,
                       "created_at": _iso(r.created_at)} for r in responses],
        "messages": [{"conversation": m.response_id, "text": m.body, "created_at": _iso(m.created_at)}
                     for m in messages],
        "matches": [{"id": m.id, "listing": m.listing.title, "role": "helper" if m.helper_id == user.id else
                     "requester", "status": m.status.value, "hours": m.hours, "created_at": _iso(m.created_at),
                     "completed_at": _iso(m.completed_at)} for m in matches],
        "thank_you_notes": [{"written_by_me": t.author_id == user.id, "text": t.text, "public": t.is_public,
                             "created_at": _iso(t.created_at)} for t in thanks],
        "blocked_people": [b.blocked.public_name for b in blocks],
    }


def erase_user_data(user: User) -> None:
    """Account deletion: listings nobody reacted to are deleted, other listings are taken offline and keep their
    text (others' conversations need it); open reactions are withdrawn; messages stay, shown as from "a former
    resident"; the name of the person a request was for is removed; blocks and invitations go. Flush only."""
    now = utcnow()
    own = list(db.session.scalars(select(Listing).where(Listing.author_id == user.id)))
    for listing in own:
        has_responses = db.session.scalar(select(Response.id).where(Response.listing_id == listing.id).limit(1))
        if has_responses is None:
            db.session.delete(listing)
            continue
        if listing.status in (ListingStatus.OPEN, ListingStatus.EXPIRED):
            listing.status = ListingStatus.WITHDRAWN
            listing.closed_at = now
        listing.on_behalf_name = None
        listing.assisted_note = ""
        for response in listing.responses:
            if response.status == ResponseStatus.OPEN:
                response.status, response.decided_at = ResponseStatus.DECLINED, now
    db.session.execute(update(Response).where(Response.responder_id == user.id,
                                              Response.status == ResponseStatus.OPEN)
                       .values(status=ResponseStatus.WITHDRAWN, decided_at=now)
                       .execution_options(synchronize_session=False))
    for match in db.session.scalars(select(Match).where(
            Match.status == MatchStatus.ACTIVE, (Match.requester_id == user.id) | (Match.helper_id == user.id))):
        match.status, match.cancelled_at = MatchStatus.CANCELLED, now
        listing = match.listing
        if listing.author_id != user.id and listing.status == ListingStatus.MATCHED:  # the helper left: back online
            listing.status = ListingStatus.OPEN if listing.expires_at > now else ListingStatus.EXPIRED
    db.session.execute(update(ThankYou).where(ThankYou.helper_id == user.id).values(helper_allows_public=False)
                       .execution_options(synchronize_session=False))
    db.session.execute(delete(UserBlock).where((UserBlock.blocker_id == user.id) | (UserBlock.blocked_id == user.id))
                       .execution_options(synchronize_session=False))
    db.session.execute(delete(HelperInvitation).where(HelperInvitation.user_id == user.id)
                       .execution_options(synchronize_session=False))
    db.session.flush()
