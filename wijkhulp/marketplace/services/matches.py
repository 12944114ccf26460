"""Marketplace services: matches with contact consent, completion with thanks, stopping a match."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from wijkhulp.accounts.models import User
from wijkhulp.database import guarded_update, utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.text import clean_text
from wijkhulp.marketplace.hours import parse_hours
from wijkhulp.marketplace.models import (THANKS_MAX, InvalidHours, InvalidThanks, ListingKind, ListingStatus, Match,
                                         MatchNotActive, MatchStatus, ThankYou)
from wijkhulp.marketplace.services._common import _name, _party_response, response_path
from wijkhulp.notifications import services as notifications


def _party_match(actor: Any, response_id: int) -> Match:
    response = _party_response(actor, response_id)
    if response.match is None:
        raise MatchNotActive()
    return response.match


def set_contact_sharing(actor: User, response_id: int, *, share_email: bool, share_phone: bool) -> Match:
    """Choose, for this match only, whether the other person sees one's e-mail address and phone number. They
    see them only once both chose to share (each person's default only fills in the form). Consent can be
    withdrawn at any time: sharing nothing hides the details of both again. The first choice to share tells the
    other person, who has not chosen yet. Commits. Raises ResponseNotFound or MatchNotActive."""
    match = _party_match(actor, response_id)
    if match.status == MatchStatus.CANCELLED:
        raise MatchNotActive()
    phone = share_phone and bool(actor.phone)
    now = utcnow()
    if actor.id == match.requester_id:
        first = match.requester_contact_chosen_at is None
        match.requester_shares_email, match.requester_shares_phone = share_email, phone
        match.requester_contact_chosen_at = now
        other, other_chosen = match.helper, match.helper_contact_chosen_at is not None
    else:
        first = match.helper_contact_chosen_at is None
        match.helper_shares_email, match.helper_shares_phone = share_email, phone
        match.helper_contact_chosen_at = now
        other, other_chosen = match.requester, match.requester_contact_chosen_at is not None
    if first and (share_email or phone) and not other_chosen and not other.is_deleted:
        notifications.notify(other, "contact_shared", message=_l(
            "%(name)s wants to share contact details with you about “%(title)s”. Choose in the conversation "
            "whether you share yours too.", name=_name(actor), title=match.listing.title),
            url=response_path(response_id))
    db.session.commit()
    return match


def complete_match(actor: User, response_id: int, *, hours: str | None = None, thanks: str | None = None,
                   thanks_public: bool = False, now: datetime | None = None) -> Match:
    """The person who was helped marks the match as done, optionally with hours and a thank-you note (public
    on the helper's profile only when the helper agrees too). A request becomes completed. Commits.
    Raises ResponseNotFound, NotAllowed, MatchNotActive, InvalidHours or InvalidThanks; nothing is stored then."""
    now = now or utcnow()
    match = _party_match(actor, response_id)
    if actor.id != match.requester_id:
        raise NotAllowed(_l("Only the person who was helped can mark this as done."))
    try:
        minutes = parse_hours(hours)
    except ValueError:
        raise InvalidHours(field="hours") from None
    note = clean_text(thanks)
    if len(note) > THANKS_MAX:
        raise InvalidThanks(field="thanks")
    if not guarded_update(Match, match.id, where=(Match.status == MatchStatus.ACTIVE,),
                          values={"status": MatchStatus.COMPLETED, "completed_at": now, "minutes": minutes}):
        db.session.rollback()
        raise MatchNotActive()
    db.session.refresh(match)
    listing = match.listing
    if listing.kind == ListingKind.REQUEST and listing.status == ListingStatus.MATCHED:
        listing.status = ListingStatus.COMPLETED
        listing.closed_at = now
    if note:
        db.session.add(ThankYou(match_id=match.id, author_id=actor.id, helper_id=match.helper_id, text=note,
                                author_allows_public=thanks_public, helper_allows_public=False, created_at=now))
        message = _l("%(name)s marked your help with “%(title)s” as done and wrote you a thank-you note.",
                     name=_name(actor), title=listing.title)
    else:
        message = _l("%(name)s marked your help with “%(title)s” as done. Thank you for helping!",
                     name=_name(actor), title=listing.title)
    notifications.notify(match.helper, "match_completed", message=message, url=response_path(response_id))
    db.session.commit()
    return match


def cancel_match(actor: User, response_id: int, *, now: datetime | None = None) -> Match:
    """Stop a match that did not work out (either party). A request goes back online if it has not expired.
    Commits. Raises ResponseNotFound or MatchNotActive."""
    now = now or utcnow()
    match = _party_match(actor, response_id)
    if not guarded_update(Match, match.id, where=(Match.status == MatchStatus.ACTIVE,),
                          values={"status": MatchStatus.CANCELLED, "cancelled_at": now}):
        db.session.rollback()
        raise MatchNotActive()
    db.session.refresh(match)
    listing = match.listing
    if listing.kind == ListingKind.REQUEST and listing.status == ListingStatus.MATCHED:
        listing.status = ListingStatus.OPEN if listing.expires_at > now else ListingStatus.EXPIRED
    other = match.helper if actor.id == match.requester_id else match.requester
    message = (_l("%(name)s stopped the match for “%(title)s”. The request is online again.", name=_name(actor),
                  title=listing.title) if listing.kind == ListingKind.REQUEST else
               _l("%(name)s stopped the match for “%(title)s”.", name=_name(actor), title=listing.title))
    notifications.notify(other, "match_cancelled", message=message, url=response_path(response_id))
    db.session.commit()
    return match


def set_thanks_public(actor: User, response_id: int, *, public: bool) -> ThankYou:
    """The writer or the helper agrees (or no longer agrees) to show the thank-you note on the helper's profile.
    Commits. Raises ResponseNotFound or MatchNotActive (no note)."""
    match = _party_match(actor, response_id)
    note = match.thank_you
    if note is None:
        raise MatchNotActive()
    if actor.id == note.helper_id:
        note.helper_allows_public = public
    if actor.id == note.author_id:
        note.author_allows_public = public
    db.session.commit()
    return note
