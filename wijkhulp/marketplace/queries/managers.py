"""Community managers: unanswered requests and who may help; an organisation's open offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import selectinload

from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.geo.postcodes import distance_band
from wijkhulp.marketplace.models import (HelperInvitation, Listing, ListingKind, ListingStatus, Match, MatchStatus,
                                         Response)
from wijkhulp.marketplace.queries.people import blocked_ids
from wijkhulp.marketplace.queries.search import PER_PAGE
from wijkhulp.neighbourhoods.queries import manager_pc4s

if TYPE_CHECKING:
    from wijkhulp.organisations.models import Organisation


def _unanswered_statement(pc4s: frozenset[str] | None, *, days: int, now: datetime) -> Select[Any]:
    """Open requests without any reaction for `days` days, oldest first, in these areas (None: everywhere)."""
    stmt = (select(Listing).where(
        Listing.status == ListingStatus.OPEN, Listing.kind == ListingKind.REQUEST,
        Listing.created_at <= now - timedelta(days=days), Listing.expires_at > now, Listing.hidden_at.is_(None),
        ~exists().where(Response.listing_id == Listing.id))
        .options(selectinload(Listing.author)).order_by(Listing.created_at, Listing.id))
    if pc4s is not None:
        stmt = stmt.where(Listing.pc4.in_(sorted(pc4s)))
    return stmt


def unanswered_requests(manager: User, *, days: int, page: int = 1, per_page: int = PER_PAGE,
                        now: datetime | None = None) -> Pagination:
    """Open requests without any reaction for `days` days, oldest first, in the manager's neighbourhoods
    (admins: everywhere; a manager without neighbourhoods: none)."""
    stmt = _unanswered_statement(manager_pc4s(manager), days=days, now=now or utcnow())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def unanswered_in(pc4s: frozenset[str] | None, *, days: int, limit: int = 50,
                  now: datetime | None = None) -> list[Listing]:
    """The same requests for the moderation queue: at most `limit`, in these areas (None: everywhere)."""
    stmt = _unanswered_statement(pc4s, days=days, now=now or utcnow()).limit(limit)
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class PastHelper:
    user: User
    helps: int
    distance_km: float

    @property
    def distance_band(self) -> str:
        return distance_band(self.distance_km)


def past_helpers(listing: Listing, *, km: int = 10, limit: int = 5) -> list[PastHelper]:
    """Residents within km who completed help in this category before, nearest first."""
    areas = dict(geo.areas_within(listing.pc4, km)) if geo.get_area(listing.pc4) else {}
    if not areas:
        return []
    excluded = {listing.author_id, *blocked_ids(listing.author_id)}
    rows = db.session.execute(
        select(User, func.count(Match.id)).join(Match, Match.helper_id == User.id)
        .join(Listing, Listing.id == Match.listing_id)
        .where(Match.status == MatchStatus.COMPLETED, Listing.category_id == listing.category_id,
               User.pc4.in_(list(areas)), User.deleted_at.is_(None), User.blocked_at.is_(None),
               User.id.not_in(sorted(excluded)))
        .group_by(User.id).limit(200)).all()
    found = [PastHelper(user, int(count), areas[user.pc4]) for user, count in rows]
    found.sort(key=lambda h: (h.distance_km, -h.helps, h.user.id))
    return found[:limit]


def invited_user_ids(listing_id: int) -> set[int]:
    return set(db.session.scalars(select(HelperInvitation.user_id).where(HelperInvitation.listing_id == listing_id)))


# ---------------------------------------------------------------- organisations

def open_offers_of_organisation(organisation: Organisation, *, limit: int = 20,
                                now: datetime | None = None) -> list[Listing]:
    """The organisation's offers that are open and visible now, newest first (its public page)."""
    now = now or utcnow()
    return list(db.session.scalars(
        select(Listing).where(Listing.organisation_id == organisation.id, Listing.status == ListingStatus.OPEN,
                              Listing.kind == ListingKind.OFFER, Listing.expires_at > now,
                              Listing.hidden_at.is_(None))
        .order_by(Listing.created_at.desc(), Listing.id.desc()).limit(limit)))
