"""Marketplace services for community managers: asking a helper to look at an unanswered request."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from wijkhulp.accounts.models import User
from wijkhulp.accounts.permissions import can_manage
from wijkhulp.database import utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.marketplace import permissions, queries
from wijkhulp.marketplace.models import (Blocked, HelperInvitation, Listing, ListingClosed, ListingNotFound,
                                         OutsideManagerArea, PersonNotFound)
from wijkhulp.marketplace.services._common import listing_path
from wijkhulp.notifications import services as notifications


def invite_helper(actor: User, listing_id: int, user_id: int, *, now: datetime | None = None) -> bool:
    """A community manager asks a resident to look at an open request in their neighbourhoods (once per request
    and person). Commits. Returns False when this person was asked before. Raises NotAllowed, ListingNotFound,
    OutsideManagerArea, ListingClosed, PersonNotFound or Blocked."""
    now = now or utcnow()
    if not can_manage(actor):
        raise NotAllowed()
    listing = db.session.get(Listing, listing_id)
    if listing is None:
        raise ListingNotFound()
    if not permissions.can_manage_listing(actor, listing):
        raise OutsideManagerArea()
    if not listing.is_open(now) or listing.hidden_at is not None:
        raise ListingClosed()
    person = db.session.get(User, user_id)
    if person is None or person.is_deleted or person.is_blocked or person.id == listing.author_id:
        raise PersonNotFound()
    if queries.is_blocked_between(person.id, listing.author_id):
        raise Blocked()
    if db.session.get(HelperInvitation, (listing.id, person.id)) is not None:
        return False
    db.session.add(HelperInvitation(listing_id=listing.id, user_id=person.id, invited_by_id=actor.id, created_at=now))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    area = geo.get_area(listing.pc4)
    notifications.notify(person, "help_invitation", url=listing_path(listing.id), message=_l(
        "A neighbour in %(place)s needs help with %(category)s: “%(title)s”. The community manager thinks you "
        "may be able to help. Will you take a look?", place=area.place if area else listing.pc4,
        category=listing.category.label, title=listing.title))
    db.session.commit()
    return True
