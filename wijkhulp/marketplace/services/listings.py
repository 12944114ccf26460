"""Marketplace services: posting, changing, withdrawing and renewing requests and offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit
from wijkhulp.registry.content import premoderate
from wijkhulp.accounts.models import User
from wijkhulp.database import LOCAL_TZ, utcnow
from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.geo.postcodes import normalise_pc4
from wijkhulp.marketplace import matching, permissions, queries
from wijkhulp.text import EXAMPLE_DATE, clean_line, clean_text
from wijkhulp.marketplace.models import (ASSISTED_NOTE_MAX, DESCRIPTION_MAX, FIRST_NAME_MAX, TIMING_NOTE_MAX,
                                         TITLE_MAX, TITLE_MIN, CannotRenew, Category, DuplicateListing, InvalidListing, InvalidRadius,
                                         Listing, ListingKind, ListingNotFound, ListingStatus, Match, MatchStatus,
                                         NotEditable, NotOwner, OutsideManagerArea, PartOfDay, Recurrence, TimingKind,
                                         UnknownCategory, Urgency)
from wijkhulp.marketplace.services._common import (LISTING_CONTENT_KEY, MAX_DAYS_AHEAD,
                                                   NOTIFY_MATCHES_LIMIT, _decline_open_responses, _expiry_days, _name,
                                                   _require_poster, listing_path)
from wijkhulp.neighbourhoods.services import own_request_refusal, require_in_service_area
from wijkhulp.notifications import services as notifications
from wijkhulp.organisations import permissions as organisation_permissions
from wijkhulp.organisations.models import NotAMember, Organisation, OrganisationNotVerified

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass
class ListingInput:
    """What a person typed in the listing form, as plain values (strings where the form gives strings)."""

    kind: str = ListingKind.REQUEST.value
    category_id: Any = None
    title: str = ""
    description: str = ""
    pc4: str = ""
    radius_km: Any = 5
    timing: str = TimingKind.FLEXIBLE.value
    timing_date: date | None = None
    part_of_day: str | None = None
    recurrence: str | None = None
    timing_note: str = ""
    urgency: str = Urgency.NORMAL.value
    on_behalf: bool = False
    on_behalf_name: str = ""
    on_behalf_consent: bool = False
    assisted: bool = False
    assisted_note: str = ""
    organisation_id: Any = None  # post in the name of this organisation (None or "": as oneself)


def _enum_value(kind: type[Any], raw: Any, error: Callable[[], DomainError]) -> Any:
    try:
        return kind(str(raw))
    except ValueError:
        raise error() from None


def _today(now: datetime) -> date:
    return now.astimezone(LOCAL_TZ).date()


def _check_category(raw: Any, *, keep: int | None = None) -> Category:
    try:
        category_id = int(str(raw))
    except (TypeError, ValueError):
        raise UnknownCategory(field="category_id") from None
    category = db.session.get(Category, category_id)
    if category is None or (not category.is_active and category.id != keep):
        raise UnknownCategory(field="category_id")
    return category


def _check_pc4(raw: str) -> str:
    pc4 = normalise_pc4(raw or "")
    if pc4 is None:
        raise InvalidListing(_l("Enter the four digits of the postcode, for example 3601."), field="pc4")
    geo.require_area(pc4, field="pc4")
    require_in_service_area(pc4, field="pc4")
    return pc4


def _checked_listing(data: ListingInput, actor: User, *, now: datetime,
                     current: Listing | None = None) -> dict[str, Any]:
    """Every rule on the input, in form order; returns the values to store. Raises InvalidListing (and
    subclasses), UnknownPostcode, OutsideServiceArea or NotAllowed; nothing is stored then."""
    kind = current.kind if current is not None else _enum_value(
        ListingKind, data.kind, lambda: InvalidListing(_l("Choose whether you ask for help or offer help."),
                                                       field="kind"))
    category = _check_category(data.category_id, keep=current.category_id if current is not None else None)
    title = clean_line(data.title)
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise InvalidListing(_l("Write a short title of %(min)s to %(max)s characters.", min=TITLE_MIN,
                                max=TITLE_MAX), field="title")
    description = clean_text(data.description)
    if not description:
        raise InvalidListing(_l("Describe in a few sentences what it is about."), field="description")
    if len(description) > DESCRIPTION_MAX:
        raise InvalidListing(_l("The description is too long: %(n)s characters. Use at most %(max)s.",
                                n=len(description), max=DESCRIPTION_MAX), field="description")
    pc4 = _check_pc4(data.pc4)
    radius = matching.valid_radius(data.radius_km)
    if radius is None:
        raise InvalidRadius(field="radius_km")
    timing = _enum_value(TimingKind, data.timing or TimingKind.FLEXIBLE.value,
                         lambda: InvalidListing(_l("Choose when: on a date, regularly, or flexible."),
                                                field="timing"))
    values: dict[str, Any] = {"timing": timing, "timing_date": None, "part_of_day": None, "recurrence": None}
    if timing == TimingKind.DATE:
        if data.timing_date is None:
            raise InvalidListing(_l("Enter the date, for example %(example)s.", example=EXAMPLE_DATE),
                                 field="timing_date")
        today = _today(now)
        if data.timing_date < today:
            raise InvalidListing(_l("This date has passed. Choose today or a later date."), field="timing_date")
        if data.timing_date > today + timedelta(days=MAX_DAYS_AHEAD):
            raise InvalidListing(_l("Choose a date within a year."), field="timing_date")
        values["timing_date"] = data.timing_date
        values["part_of_day"] = _enum_value(PartOfDay, data.part_of_day or PartOfDay.ANY.value,
                                            lambda: InvalidListing(_l("Choose a part of the day."),
                                                                   field="part_of_day"))
    elif timing == TimingKind.RECURRING:
        if not data.recurrence:
            raise InvalidListing(_l("Choose how often: every week, every two weeks or every month."),
                                 field="recurrence")
        values["recurrence"] = _enum_value(Recurrence, data.recurrence, lambda: InvalidListing(
            _l("Choose how often: every week, every two weeks or every month."), field="recurrence"))
    timing_note = clean_line(data.timing_note)
    if len(timing_note) > TIMING_NOTE_MAX:
        raise InvalidListing(_l("Use at most %(max)s characters.", max=TIMING_NOTE_MAX), field="timing_note")
    urgency = _enum_value(Urgency, data.urgency or Urgency.NORMAL.value,
                          lambda: InvalidListing(_l("Choose how urgent it is."), field="urgency"))
    values.update(kind=kind, category_id=category.id, title=title, description=description, pc4=pc4,
                  radius_km=radius, timing_note=timing_note, urgency=urgency)
    values.update(_checked_on_behalf(data, actor, kind, current, pc4))
    if kind == ListingKind.REQUEST and values["on_behalf_name"] is None:
        refusal = own_request_refusal(actor, field="kind" if current is None else "on_behalf")
        if refusal is not None:
            raise refusal
    values["organisation_id"] = _checked_organisation(data, actor, current)
    return values


def _checked_on_behalf(data: ListingInput, actor: User, kind: ListingKind, current: Listing | None,
                       pc4: str) -> dict[str, Any]:
    assisted = data.assisted if current is None else current.is_assisted
    if assisted and current is None:
        if not permissions.can_post_assisted(actor):
            raise NotAllowed()
        if not permissions.in_manager_scope(actor, pc4):
            raise OutsideManagerArea(field="pc4")
        if kind != ListingKind.REQUEST:
            raise InvalidListing(_l("A community manager can only post a request for someone else."), field="kind")
    on_behalf = data.on_behalf or assisted
    if not on_behalf:
        return {"on_behalf_name": None, "on_behalf_consent_at": None, "assisted_note": ""}
    if kind != ListingKind.REQUEST:
        raise InvalidListing(_l("Only a request for help can be posted for someone else."), field="on_behalf")
    name = clean_line(data.on_behalf_name)
    if not 1 <= len(name) <= FIRST_NAME_MAX:
        raise InvalidListing(_l("Enter the first name of the person you ask this for (at most %(max)s "
                                "characters).", max=FIRST_NAME_MAX), field="on_behalf_name")
    if not data.on_behalf_consent:
        raise InvalidListing(_l("Tick the box to confirm that %(name)s agrees with this request.", name=name),
                             field="on_behalf_consent")
    note = clean_text(data.assisted_note) if assisted else ""
    if len(note) > ASSISTED_NOTE_MAX:
        raise InvalidListing(_l("Use at most %(max)s characters.", max=ASSISTED_NOTE_MAX), field="assisted_note")
    keep_consent = current is not None and current.on_behalf_consent_at is not None
    return {"on_behalf_name": name, "assisted_note": note,
            "on_behalf_consent_at": current.on_behalf_consent_at if keep_consent else utcnow()}


def _checked_organisation(data: ListingInput, actor: User, current: Listing | None) -> int | None:
    """The organisation to post in the name of, or None. The author must be a member who may act for it (a
    verified, visible organisation); an organisation kept unchanged on an edit is not checked again."""
    raw = data.organisation_id
    if raw is None or str(raw).strip() in ("", "0"):
        return None
    try:
        organisation_id = int(str(raw))
    except ValueError:
        raise InvalidListing(_l("Choose yourself or one of your organisations."), field="organisation_id") from None
    if current is not None and current.organisation_id == organisation_id:
        return organisation_id
    if data.assisted or (current is not None and current.is_assisted):
        raise InvalidListing(_l("A request you post for a resident cannot be in the name of an organisation."),
                             field="organisation_id")
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise InvalidListing(_l("Choose yourself or one of your organisations."), field="organisation_id")
    if not organisation_permissions.is_member(actor, organisation):
        raise NotAMember()
    if not organisation_permissions.can_act_for(actor, organisation):
        raise OrganisationNotVerified(field="organisation_id")
    return organisation.id


def create_listing(actor: User, data: ListingInput, *, form_token: str | None = None,
                   now: datetime | None = None) -> Listing:
    """Post a request or offer and tell the owners of matching listings nearby (once). Commits.

    A form sent twice with the same one-time `form_token` gives back the first listing instead of a second.
    When the author's posts are pre-moderated (moderation's setting, a new account), the listing is stored
    hidden and waits in the managers' queue: then `listing.hidden_at` is set and nobody is notified yet.
    A manager's assisted posting is written to the audit log.
    Raises NotAllowed, NotVerified, OutsideManagerArea (assisted posting outside the manager's neighbourhoods),
    NotAMember or OrganisationNotVerified (posting in an organisation's name), InvalidListing (UnknownCategory,
    InvalidRadius, DuplicateListing: the same title and kind in the last 24 hours), UnknownPostcode or
    OutsideServiceArea; nothing is stored then.
    """
    _require_poster(actor)
    now = now or utcnow()
    token = (form_token or "").strip()[:64] or None
    if token is not None:
        earlier = _listing_by_token(actor.id, token)
        if earlier is not None:
            return earlier
    values = _checked_listing(data, actor, now=now)
    earlier = _same_listing_just_posted(actor.id, values, now)
    if earlier is not None:
        raise DuplicateListing(_l("You have just posted this request.") if earlier.kind == ListingKind.REQUEST
                               else _l("You have just posted this offer."), field="title", listing_id=earlier.id)
    listing = Listing(author_id=actor.id, status=ListingStatus.OPEN, expires_at=now + timedelta(days=_expiry_days()),
                      form_token=token, created_at=now, updated_at=now,
                      assisted_by_id=actor.id if data.assisted else None, **values)
    db.session.add(listing)
    try:
        db.session.flush()
    except IntegrityError:  # the same form, sent twice at the same moment: the other request stored it
        db.session.rollback()
        earlier = _listing_by_token(actor.id, token) if token else None
        if earlier is None:
            raise
        return earlier
    if listing.is_assisted:
        audit.record(actor, "marketplace.assisted_post", LISTING_CONTENT_KEY, listing.id, pc4=listing.pc4,
                     details={"for": listing.on_behalf_name or "", "title": listing.title})
    held = premoderate(LISTING_CONTENT_KEY, listing, actor)
    if not held:  # a held listing is hidden: nobody is told about it before a manager approved it
        _notify_matching_owners(listing, now)
    db.session.commit()
    return listing


DUPLICATE_WINDOW = timedelta(hours=24)


def _title_key(title: str) -> str:
    return "".join(title.split()).casefold()


def _same_listing_just_posted(author_id: int, values: dict[str, Any], now: datetime) -> Listing | None:
    """The author's listing of the same kind with the same title (ignoring case and spaces) and for the same
    person, posted in the last 24 hours and still open or matched: a second one is almost always a mistake (one
    withdrawn or done may be asked again). Reads the author's few recent listings (ix_listing_author_id_created_at)."""
    recent = db.session.scalars(select(Listing).where(
        Listing.author_id == author_id, Listing.created_at >= now - DUPLICATE_WINDOW, Listing.created_at <= now,
        Listing.kind == values["kind"], Listing.status.in_((ListingStatus.OPEN, ListingStatus.MATCHED))
    ).order_by(Listing.id.desc()))
    key = _title_key(values["title"])
    return next((item for item in recent if _title_key(item.title) == key
                 and (item.on_behalf_name or "").casefold() == (values["on_behalf_name"] or "").casefold()), None)


def _listing_by_token(author_id: int, token: str) -> Listing | None:
    return db.session.scalar(select(Listing).where(Listing.author_id == author_id, Listing.form_token == token))


def _notify_matching_owners(listing: Listing, now: datetime) -> int:
    """Tell each owner of a matching listing about this new one, once per owner (never the author). Flush only."""
    if listing.matches_notified_at is not None:
        return 0
    listing.matches_notified_at = now
    hits, _ = queries.matching_hits(listing, limit=NOTIFY_MATCHES_LIMIT, now=now)
    if not hits:
        return 0
    owners: dict[int, Listing] = {}
    for other in db.session.scalars(select(Listing).where(Listing.id.in_([h.id for h in hits]))):
        if other.author_id != listing.author_id:
            owners.setdefault(other.author_id, other)
    area = geo.get_area(listing.pc4)
    place = area.place if area else listing.pc4
    for other in owners.values():
        if listing.kind == ListingKind.REQUEST:
            message = _l("A neighbour in %(place)s asks for help with %(category)s: “%(title)s”. It fits your "
                         "offer “%(yours)s”.", place=place, category=listing.category.label, title=listing.title,
                         yours=other.title)
        else:
            message = _l("A neighbour in %(place)s offers help with %(category)s: “%(title)s”. It fits your "
                         "request “%(yours)s”.", place=place, category=listing.category.label, title=listing.title,
                         yours=other.title)
        notifications.notify(other.author, "matching_listing", message=message, url=listing_path(listing.id))
    return len(owners)


def _owned_listing(actor: Any, listing_id: int) -> Listing:
    listing = db.session.get(Listing, listing_id)
    if listing is None or not permissions.can_view_listing(actor, listing):
        raise ListingNotFound()
    if not permissions.can_edit_listing(actor, listing):
        raise NotOwner()
    return listing


def update_listing(actor: User, listing_id: int, data: ListingInput, *, now: datetime | None = None) -> Listing:
    """Change an open or expired listing of one's own (its kind stays). Commits.
    Raises ListingNotFound, NotOwner, NotEditable and the input refusals of create_listing."""
    now = now or utcnow()
    listing = _owned_listing(actor, listing_id)
    if listing.status not in (ListingStatus.OPEN, ListingStatus.EXPIRED):
        raise NotEditable()
    values = _checked_listing(data, actor, now=now, current=listing)
    for key, value in values.items():
        setattr(listing, key, value)
    db.session.commit()
    return listing


def withdraw_listing(actor: User, listing_id: int, *, now: datetime | None = None) -> Listing:
    """Take one's own open or expired listing offline; an offer that helped people counts as completed.
    Open reactions are declined kindly. Commits. Raises ListingNotFound, NotOwner, NotEditable."""
    now = now or utcnow()
    listing = _owned_listing(actor, listing_id)
    if listing.status not in (ListingStatus.OPEN, ListingStatus.EXPIRED):
        raise NotEditable()
    helped = listing.kind == ListingKind.OFFER and db.session.scalar(
        select(Match.id).where(Match.listing_id == listing.id, Match.status != MatchStatus.CANCELLED).limit(1))
    listing.status = ListingStatus.COMPLETED if helped else ListingStatus.WITHDRAWN
    listing.closed_at = now
    name = _name(listing.author)
    _decline_open_responses(listing, now, lambda r: _l(
        "%(name)s has closed “%(title)s”. Thank you for reacting! Maybe another request or offer suits you.",
        name=name, title=listing.title))
    db.session.commit()
    return listing


def renew_listing(actor: User, listing_id: int, *, now: datetime | None = None) -> Listing:
    """Put one's own open or expired listing online for the full period again (one click). Commits.
    Raises ListingNotFound, NotOwner, CannotRenew."""
    now = now or utcnow()
    listing = _owned_listing(actor, listing_id)
    if listing.status not in (ListingStatus.OPEN, ListingStatus.EXPIRED):
        raise CannotRenew()
    listing.status = ListingStatus.OPEN
    listing.expires_at = now + timedelta(days=_expiry_days())
    listing.expiry_reminded_at = None
    listing.closed_at = None
    db.session.commit()
    return listing
