"""Marketplace services: reactions and their threads; accepting (race safe), declining, taking back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wijkhulp.accounts.models import User
from wijkhulp.database import guarded_update, utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.marketplace import matching, permissions, queries
from wijkhulp.text import clean_text
from wijkhulp.marketplace.models import (MESSAGE_MAX, AlreadyMatched, AlreadyResponded, Blocked, InvalidMessage,
                                         Listing, ListingClosed, ListingKind, ListingNotFound, ListingStatus, Match,
                                         MatchStatus, Message, OwnListing, Response, ResponseClosed, ResponseStatus,
                                         ThreadClosed)
from wijkhulp.marketplace.services._common import (_decline_open_responses, _name, _party_response, _require_poster,
                                                   response_path)
from wijkhulp.notifications import services as notifications


def _clean_message(body: str, field: str) -> str:
    text = clean_text(body)
    if not text or len(text) > MESSAGE_MAX:
        raise InvalidMessage(field=field)
    return text


def respond(actor: User, listing_id: int, message: str, *, now: datetime | None = None) -> Response:
    """React to someone else's open listing with a first message; the owner is told. Commits.

    Raises NotAllowed/NotVerified (not signed in, blocked account, unconfirmed e-mail), ListingNotFound (also for
    hidden listings), OwnListing, ListingClosed, Blocked, AlreadyResponded (with the earlier reaction's id) or
    InvalidMessage; nothing is stored then.
    """
    _require_poster(actor)
    now = now or utcnow()
    listing = db.session.get(Listing, listing_id)
    if listing is None or listing.hidden_at is not None:
        raise ListingNotFound()
    if listing.author_id == actor.id:
        raise OwnListing()
    if not listing.is_open(now):
        raise ListingClosed()
    if queries.is_blocked_between(actor.id, listing.author_id):
        raise Blocked()
    earlier = db.session.scalar(select(Response).where(
        Response.listing_id == listing.id, Response.responder_id == actor.id,
        Response.status.in_([ResponseStatus.OPEN, ResponseStatus.ACCEPTED, ResponseStatus.DECLINED]))
        .order_by(Response.created_at.desc()).limit(1))
    if earlier is not None:
        raise AlreadyResponded(response_id=earlier.id)
    text = _clean_message(message, "message")
    response = Response(listing_id=listing.id, responder_id=actor.id, status=ResponseStatus.OPEN, created_at=now,
                        last_message_at=now, responder_read_at=now)
    db.session.add(response)
    try:
        db.session.flush()  # uq_response_open_per_person: two reactions sent at the same moment
    except IntegrityError:
        db.session.rollback()
        again = db.session.scalar(select(Response.id).where(
            Response.listing_id == listing_id, Response.responder_id == actor.id,
            Response.status == ResponseStatus.OPEN))
        raise AlreadyResponded(response_id=again) from None
    db.session.add(Message(response_id=response.id, author_id=actor.id, body=text, created_at=now))
    what = (_l("%(name)s reacted to your request “%(title)s”.", name=_name(actor), title=listing.title)
            if listing.is_request else
            _l("%(name)s reacted to your offer “%(title)s”.", name=_name(actor), title=listing.title))
    notifications.notify(listing.author, "listing_response", message=what, url=response_path(response.id))
    db.session.commit()
    return response


def send_message(actor: User, response_id: int, body: str, *, form_token: str | None = None,
                 now: datetime | None = None) -> Message:
    """Add a message to a reaction's thread; the other party is told. A message sent twice with the same
    `form_token` is stored once. Commits.
    Raises ResponseNotFound (not a party), NotAllowed/NotVerified, ThreadClosed, Blocked or InvalidMessage."""
    now = now or utcnow()
    response = _party_response(actor, response_id)
    _require_poster(actor)
    token = (form_token or "").strip()[:64] or None
    if token is not None:
        earlier = db.session.scalar(select(Message).where(Message.author_id == actor.id,
                                                          Message.form_token == token))
        if earlier is not None:
            return earlier
    if response.status not in (ResponseStatus.OPEN, ResponseStatus.ACCEPTED) or (
            response.match is not None and response.match.status == MatchStatus.CANCELLED):
        raise ThreadClosed()
    other_id = response.other_party_id(actor.id)
    if queries.is_blocked_between(actor.id, other_id):
        raise Blocked()
    text = _clean_message(body, "body")
    message = Message(response_id=response.id, author_id=actor.id, body=text, created_at=now, form_token=token)
    db.session.add(message)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        earlier = db.session.scalar(select(Message).where(Message.author_id == actor.id,
                                                          Message.form_token == token))
        if earlier is None:
            raise
        return earlier
    response.last_message_at = now
    response.mark_read_by(actor.id, now)  # who writes has read what came before
    other = db.session.get(User, other_id)
    if other is not None:
        notifications.notify(other, "thread_message", url=response_path(response.id), message=_l(
            "%(name)s sent you a message about “%(title)s”.", name=_name(actor), title=response.listing.title))
    db.session.commit()
    return message


def _decided_response(actor: Any, response_id: int) -> Response:
    response = _party_response(actor, response_id)
    if not permissions.can_decide(actor, response):
        raise NotAllowed(_l("Only the person who posted the request or offer can answer reactions."))
    return response


def accept_response(actor: User, response_id: int, *, now: datetime | None = None) -> Match:
    """Accept a reaction: a match whose sharing form starts from each person's default (nothing is shown before
    both chose to share). A request becomes
    matched and its other reactions are declined kindly; an offer stays open for more people. Commits.

    Race safe: the listing and the reaction change with conditional UPDATEs (… WHERE status = 'open'), so when
    two windows accept at once, the second finds nothing to change and gets AlreadyMatched or ResponseClosed.
    Raises ResponseNotFound, NotAllowed, Blocked, ListingClosed, AlreadyMatched or ResponseClosed.
    """
    now = now or utcnow()
    response = _decided_response(actor, response_id)
    listing = response.listing
    if queries.is_blocked_between(actor.id, response.responder_id):
        raise Blocked()
    is_request = listing.kind == ListingKind.REQUEST
    new_status = ListingStatus.MATCHED if is_request else ListingStatus.OPEN
    if not guarded_update(Listing, listing.id, where=(Listing.status == ListingStatus.OPEN, Listing.expires_at > now,
                                                      Listing.hidden_at.is_(None)),
                          values={"status": new_status, "updated_at": now}):
        db.session.rollback()
        db.session.refresh(listing)
        raise AlreadyMatched() if listing.status == ListingStatus.MATCHED else ListingClosed()
    if not guarded_update(Response, response.id, where=(Response.status == ResponseStatus.OPEN,),
                          values={"status": ResponseStatus.ACCEPTED, "decided_at": now}):
        db.session.rollback()
        raise ResponseClosed()
    db.session.refresh(listing)
    db.session.refresh(response)
    requester_id, helper_id = matching.parties(listing.kind, listing.author_id, response.responder_id)
    requester, helper = db.session.get(User, requester_id), db.session.get(User, helper_id)
    assert requester is not None and helper is not None
    match = Match(response_id=response.id, listing_id=listing.id, requester_id=requester_id, helper_id=helper_id,
                  status=MatchStatus.ACTIVE, created_at=now,
                  requester_shares_email=requester.share_email_default,
                  requester_shares_phone=requester.share_phone_default and bool(requester.phone),
                  helper_shares_email=helper.share_email_default,
                  helper_shares_phone=helper.share_phone_default and bool(helper.phone))
    db.session.add(match)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ResponseClosed() from None
    owner = _name(listing.author)
    if is_request:
        _decline_open_responses(listing, now, lambda r: _l(
            "Thank you for reacting to “%(title)s”. %(name)s has found help now. Maybe another request suits you.",
            title=listing.title, name=owner), keep=response.id)
    notifications.notify(response.responder, "response_accepted", url=response_path(response.id), message=_l(
        "Good news: %(name)s accepted your reaction to “%(title)s”. Open the conversation to make an appointment.",
        name=owner, title=listing.title))
    db.session.commit()
    return match


def decline_response(actor: User, response_id: int, *, now: datetime | None = None) -> Response:
    """Say no thanks to an open reaction; the responder is told kindly. Commits.
    Raises ResponseNotFound, NotAllowed or ResponseClosed."""
    now = now or utcnow()
    response = _decided_response(actor, response_id)
    if not guarded_update(Response, response.id, where=(Response.status == ResponseStatus.OPEN,),
                          values={"status": ResponseStatus.DECLINED, "decided_at": now}):
        db.session.rollback()
        raise ResponseClosed()
    db.session.refresh(response)
    listing = response.listing
    notifications.notify(response.responder, "response_declined", url=response_path(response.id), message=_l(
        "Thank you for reacting to “%(title)s”. %(name)s will not take up your reaction this time. Maybe another "
        "request or offer suits you.", title=listing.title, name=_name(listing.author)))
    db.session.commit()
    return response


def withdraw_response(actor: User, response_id: int, *, now: datetime | None = None) -> Response:
    """Take back one's own open reaction; the owner is told. Commits.
    Raises ResponseNotFound, NotAllowed or ResponseClosed."""
    now = now or utcnow()
    response = _party_response(actor, response_id)
    if response.responder_id != actor.id:
        raise NotAllowed(_l("Only the person who reacted can take the reaction back."))
    if not guarded_update(Response, response.id, where=(Response.status == ResponseStatus.OPEN,),
                          values={"status": ResponseStatus.WITHDRAWN, "decided_at": now}):
        db.session.rollback()
        raise ResponseClosed()
    db.session.refresh(response)
    notifications.notify(response.listing.author, "listing_response", url=response_path(response.id), message=_l(
        "%(name)s took back the reaction to “%(title)s”.", name=_name(actor), title=response.listing.title))
    db.session.commit()
    return response
