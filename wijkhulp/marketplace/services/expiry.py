"""Marketplace services for cron: expiry with reminders, and "did it work out?" check-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select

from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import setting_specs as specs
from wijkhulp.marketplace.models import Listing, ListingStatus, Match, MatchStatus
from wijkhulp.marketplace.services._common import CRON_BATCH, _name, listing_path, response_path
from wijkhulp.notifications import services as notifications
from wijkhulp.settings import services as settings


def _status_unindexed() -> Any:
    """`status || ''`: an expression, not the bare column, so that the planner reads ix_listing_expires_at (a few
    rows near now) instead of every open listing through an index that starts with status."""
    return Listing.status.concat("")


@dataclass
class ExpiryResult:
    reminded: int = 0
    expired: int = 0


def expire_listings(*, now: datetime | None = None, limit: int = CRON_BATCH) -> ExpiryResult:
    """Remind owners a few days before their listing goes offline, and take listings past their expiry offline,
    telling the owner. At most `limit` of each per call; run again until both counts are below it. Idempotent:
    a listing is reminded once per period and expired once. Commits."""
    now = now or utcnow()
    reminder_days = int(settings.get(specs.EXPIRY_REMINDER_DAYS))
    due = list(db.session.scalars(select(Listing).where(
        _status_unindexed() == ListingStatus.OPEN.value, Listing.expires_at > now,
        Listing.expires_at <= now + timedelta(days=reminder_days), Listing.expiry_reminded_at.is_(None),
        Listing.hidden_at.is_(None)).order_by(Listing.expires_at).limit(limit)))
    for listing in due:
        days = max(1, (listing.expires_at - now + timedelta(hours=23)).days)
        message = (lazy_ngettext("Your request “%(title)s” goes offline in %(num)d day. Still needed? Put it back "
                                 "online with one click.",
                                 "Your request “%(title)s” goes offline in %(num)d days. Still needed? Put it back "
                                 "online with one click.", days, title=listing.title)
                   if listing.is_request else
                   lazy_ngettext("Your offer “%(title)s” goes offline in %(num)d day. Do you still want to help? "
                                 "Put it back online with one click.",
                                 "Your offer “%(title)s” goes offline in %(num)d days. Do you still want to help? "
                                 "Put it back online with one click.", days, title=listing.title))
        notifications.notify(listing.author, "listing_expiring", message=message, url=listing_path(listing.id))
        listing.expiry_reminded_at = now
    expired = list(db.session.scalars(select(Listing).where(
        _status_unindexed() == ListingStatus.OPEN.value, Listing.expires_at <= now)
        .order_by(Listing.expires_at).limit(limit)))
    for listing in expired:
        listing.status = ListingStatus.EXPIRED
        if listing.hidden_at is None:
            message = (_l("Your request “%(title)s” is now offline. Still needed? Put it back online with one "
                          "click.", title=listing.title) if listing.is_request else
                       _l("Your offer “%(title)s” is now offline. Do you still want to help? Put it back online "
                          "with one click.", title=listing.title))
            notifications.notify(listing.author, "listing_expired", message=message, url=listing_path(listing.id))
    db.session.commit()
    return ExpiryResult(reminded=len(due), expired=len(expired))


def send_checkins(*, now: datetime | None = None, limit: int = CRON_BATCH) -> int:
    """Ask the person who was helped "did it work out?" a few days (setting) after a match, once per match.
    At most `limit` per call. Idempotent. Commits. Returns how many were sent."""
    now = now or utcnow()
    days = int(settings.get(specs.CHECKIN_DAYS))
    due = list(db.session.scalars(select(Match).where(
        Match.status == MatchStatus.ACTIVE, Match.checkin_sent_at.is_(None),
        Match.created_at <= now - timedelta(days=days)).order_by(Match.created_at).limit(limit)))
    for match in due:
        notifications.notify(match.requester, "match_checkin", url=response_path(match.response_id), message=_l(
            "Did it work out with %(name)s for “%(title)s”? Let us know: mark it as done, or tell us that it did "
            "not work out.", name=_name(match.helper), title=match.listing.title))
        match.checkin_sent_at = now
    db.session.commit()
    return len(due)
