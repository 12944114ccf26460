"""The marketplace's figures for the dashboard and the impact page (FIGURES and SERIES,
declared in the manifest).

Scope: a listing belongs to its PC4 area; a match to the area of its listing. Listings hidden by moderation are
left out of the listing figures; help that was given counts whatever happened to the listing afterwards.
Rates and medians are Measures on the number of requests they rest on, so a handful shows as "<5" in exports
and on public pages.
"""

from __future__ import annotations

from datetime import datetime
from statistics import median
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, or_, select

from wijkhulp import metrics
from wijkhulp.registry.metrics import Figure, Series
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace.models import (Category, Listing, ListingKind, ListingStatus, Match, MatchStatus,
                                         Response)

SECTION = _l("Help in your area")
DAY = 24 * 3600


def _in_scope(stmt: Any, pc4s: metrics.Scope) -> Any:
    return stmt if pc4s is None else stmt.where(Listing.pc4.in_(sorted(pc4s)))


def _requests_posted(stmt: Any, pc4s: metrics.Scope, start: datetime, end: datetime) -> Any:
    """Requests posted in [start, end) that moderation has not hidden."""
    return _in_scope(stmt.where(Listing.kind == ListingKind.REQUEST, Listing.created_at >= start,
                                Listing.created_at < end, Listing.hidden_at.is_(None)), pc4s)


def _helped() -> Any:
    """A match that was not stopped."""
    return Match.status != MatchStatus.CANCELLED


# ---------------------------------------------------------------- listings

def open_per_category(pc4s: metrics.Scope, start: datetime, end: datetime,
                      now: datetime | None = None) -> list[tuple[str, int, int]]:
    """(category, requests, offers) open today among those posted before the end of the period; every category
    that can be chosen, and any other with open listings, in the order of the category list."""
    now = now or utcnow()
    stmt = _in_scope(select(Listing.category_id, Listing.kind, func.count()).where(
        Listing.status == ListingStatus.OPEN, Listing.expires_at > now, Listing.hidden_at.is_(None),
        Listing.created_at < end), pc4s).group_by(Listing.category_id, Listing.kind)
    counts: dict[tuple[int, str], int] = {}
    for category_id, kind, number in db.session.execute(stmt):
        counts[(category_id, ListingKind(kind).value)] = int(number)
    rows = []
    for category in db.session.scalars(select(Category).order_by(Category.position, Category.name)):
        requests = counts.get((category.id, ListingKind.REQUEST.value), 0)
        offers = counts.get((category.id, ListingKind.OFFER.value), 0)
        if category.is_active or requests or offers:
            rows.append((str(category.label), requests, offers))
    return rows


def _posted_between(pc4s: metrics.Scope, kind: ListingKind, a: datetime, b: datetime) -> int:
    stmt = _in_scope(select(func.count()).select_from(Listing).where(
        Listing.kind == kind, Listing.created_at >= a, Listing.created_at < b, Listing.hidden_at.is_(None)), pc4s)
    return int(db.session.scalar(stmt) or 0)


def new_listings_per_week(pc4s: metrics.Scope, start: datetime, end: datetime) -> list[tuple[str, int, int]]:
    """(week, requests, offers) posted in each week of the period."""
    requests = metrics.per_week(lambda a, b: _posted_between(pc4s, ListingKind.REQUEST, a, b), start, end)
    offers = metrics.per_week(lambda a, b: _posted_between(pc4s, ListingKind.OFFER, a, b), start, end)
    return [(week, int(r), int(o)) for (week, r), (_, o) in zip(requests, offers, strict=True)]


# ---------------------------------------------------------------- matching

def match_rate(pc4s: metrics.Scope, start: datetime, end: datetime) -> metrics.Measure | None:
    """The share (percent) of the requests posted in the period that found a helper (a match that was not
    stopped), on the number of those requests. None without requests."""
    matched = exists().where(Match.listing_id == Listing.id, _helped())
    stmt = _requests_posted(select(func.count(), func.count().filter(matched)).select_from(Listing),
                            pc4s, start, end)
    total, found = db.session.execute(stmt).one()
    if not total:
        return None
    return metrics.Measure(value=round(100 * int(found) / int(total), 1), basis=int(total))


def _median_delay(rows: list[tuple[datetime, datetime]], unit_seconds: int) -> metrics.Measure | None:
    """The median of the delays in units (one decimal), on the number of delays; None without any."""
    delays = [(later - posted).total_seconds() / unit_seconds for posted, later in rows if later is not None]
    if not delays:
        return None
    return metrics.Measure(value=round(median(delays), 1), basis=len(delays))


def _delays(stmt: Any) -> list[tuple[datetime, datetime]]:
    return [(row[0], row[1]) for row in db.session.execute(stmt.group_by(Listing.id, Listing.created_at))]


def median_days_to_first_reaction(pc4s: metrics.Scope, start: datetime,
                                  end: datetime) -> metrics.Measure | None:
    """The median time (days) from posting to the first reaction, for requests posted in the period that got
    one; on the number of those requests. (Days, not hours: the "hours" unit is for hours of help, which add
    up; medians do not.)"""
    stmt = _requests_posted(select(Listing.created_at, func.min(Response.created_at))
                            .join(Response, Response.listing_id == Listing.id), pc4s, start, end)
    return _median_delay(_delays(stmt), DAY)


def median_days_to_match(pc4s: metrics.Scope, start: datetime, end: datetime) -> metrics.Measure | None:
    """The median time (days) from posting to the match, for requests posted in the period that found a helper;
    on the number of those requests."""
    stmt = _requests_posted(select(Listing.created_at, func.min(Match.created_at))
                            .join(Match, and_(Match.listing_id == Listing.id, _helped())), pc4s, start, end)
    return _median_delay(_delays(stmt), DAY)


# ---------------------------------------------------------------- help given

def _matches(stmt: Any, pc4s: metrics.Scope) -> Any:
    stmt = stmt.select_from(Match)
    return stmt if pc4s is None else stmt.join(Listing, Listing.id == Match.listing_id).where(
        Listing.pc4.in_(sorted(pc4s)))


def _completed_in(stmt: Any, start: datetime, end: datetime) -> Any:
    return stmt.where(Match.status == MatchStatus.COMPLETED, Match.completed_at >= start, Match.completed_at < end)


def active_helpers(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    """Different residents who were matched as a helper, or finished helping, in the period (stopped matches
    left out)."""
    stmt = _matches(select(func.count(func.distinct(Match.helper_id))), pc4s).where(_helped(), or_(
        and_(Match.created_at >= start, Match.created_at < end),
        and_(Match.completed_at >= start, Match.completed_at < end)))
    return int(db.session.scalar(stmt) or 0)


def helps_completed(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    """Matches marked as done in the period."""
    return int(db.session.scalar(_completed_in(_matches(select(func.count()), pc4s), start, end)) or 0)


def hours_helped(pc4s: metrics.Scope, start: datetime, end: datetime) -> metrics.Measure:
    """The hours logged on matches marked as done in the period, on the number of matches with hours."""
    stmt = _completed_in(_matches(select(func.coalesce(func.sum(Match.minutes), 0), func.count(Match.minutes)),
                                  pc4s), start, end)
    minutes, logged = db.session.execute(stmt).one()
    return metrics.Measure(value=round(int(minutes or 0) / 60, 1), basis=int(logged or 0))


FIGURES = (
    Figure("marketplace_match_rate", label=_l("Requests that found a helper"), compute=match_rate,
        unit="percent", section=SECTION, order=120,
        description=_l("Of the requests posted in this period: the share for which a neighbour "
        "was accepted as helper.")),
    Figure("marketplace_first_reaction", label=_l("Time to the first reaction (median)"),
        compute=median_days_to_first_reaction, unit="days", section=SECTION, order=130,
        description=_l("For requests posted in this period that got a reaction: half of them "
        "got their first reaction within this time.")),
    Figure("marketplace_time_to_match", label=_l("Time to find a helper (median)"),
        compute=median_days_to_match, unit="days", section=SECTION, order=140,
        description=_l("For requests posted in this period that found a helper: half of them "
        "found one within this time.")),
    Figure("marketplace_active_helpers", label=_l("Active helpers"), compute=active_helpers,
        section=SECTION, order=150,
        description=_l("Different neighbours who started or finished helping in this period.")),
    Figure("marketplace_hours_helped", label=_l("Hours of help"), compute=hours_helped,
        unit="hours", section=SECTION, order=160, public=True,
        description=_l("Hours that people who were helped filled in when they marked the help "
        "as done in this period.")),
    Figure("marketplace_helps_completed", label=_l("Neighbours helped"), compute=helps_completed,
        section=SECTION, order=170, public=True,
        description=_l("Help marked as done in this period.")),
)

SERIES = (
    Series("marketplace_open_per_category", label=_l("Open requests and offers per kind of help"),
        compute=open_per_category, columns=(_l("Requests"), _l("Offers")),
        row_heading=_l("Kind of help"), section=SECTION, order=100,
        description=_l("Requests and offers that are open today, posted before the end of the "
        "period.")),
    Series("marketplace_new_per_week", label=_l("New requests and offers per week"),
        compute=new_listings_per_week, columns=(_l("Requests"), _l("Offers")),
        row_heading=_l("Week"), section=SECTION, order=110),
)
