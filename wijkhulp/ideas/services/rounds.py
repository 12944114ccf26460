"""Rounds of the ideas auction: create, change, publish, delete, and close (by hand, by cron, or lazily)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkhulp import audit
from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.ideas import permissions, queries
from wijkhulp.ideas.models import (NAME_MAX_LENGTH, TEXT_MAX_LENGTH, AuctionRound, InvalidRound, RoundClosed,
                                   RoundNotDraft, RoundStatus)
from wijkhulp.ideas.services._common import atomic, clean, close_round_once, manageable_round
from wijkhulp.neighbourhoods.models import Neighbourhood


def _ensure_aware(*moments: datetime | None, field: str) -> None:
    for moment in moments:
        if moment is None:
            raise InvalidRound(_l("Enter a date and a time."), field=field)
        if moment.tzinfo is None:
            raise ValueError("naive datetime given to the ideas services; convert to UTC first")


def _checked_round(actor: User, *, name: str, description: str | None, neighbourhood_ids: Iterable[int],
                   opens_at: datetime | None, closes_at: datetime | None) -> dict[str, Any]:
    clean_name = clean(name, limit=NAME_MAX_LENGTH, required=True, error=InvalidRound, field="name",
                       message=_l("Enter a name for the round of at most %(n)s characters, for example "
                                  "Ideeënveiling Maarssen 2025.", n=NAME_MAX_LENGTH))
    clean_description = clean(description, limit=TEXT_MAX_LENGTH, required=False, error=InvalidRound,
                              field="description", message=_l("Use at most %(n)s characters.", n=TEXT_MAX_LENGTH))
    ids = sorted(set(neighbourhood_ids))
    neighbourhoods = list(db.session.scalars(select(Neighbourhood).where(Neighbourhood.id.in_(ids)))) if ids else []
    if not neighbourhoods or len(neighbourhoods) != len(ids):
        raise InvalidRound(_l("Choose at least one neighbourhood for this round."), field="neighbourhoods")
    if not permissions.can_plan_round_in(actor, ids):
        raise InvalidRound(_l("Choose only neighbourhoods that you look after."), field="neighbourhoods")
    _ensure_aware(opens_at, field="opens_at")
    _ensure_aware(closes_at, field="closes_at")
    assert opens_at is not None and closes_at is not None
    if closes_at <= opens_at:
        raise InvalidRound(_l("The round must close after it opens."), field="closes_at")
    return {"name": clean_name, "description": clean_description, "neighbourhoods": neighbourhoods,
            "opens_at": opens_at, "closes_at": closes_at}


@atomic
def create_round(actor: User, *, name: str, description: str | None, neighbourhood_ids: Iterable[int],
                 opens_at: datetime | None, closes_at: datetime | None,
                 requires_approval: bool = False) -> AuctionRound:
    """A manager creates a round as a draft (not public yet), for neighbourhoods they look after. Commits. Raises
    NotAllowed or InvalidRound."""
    if not permissions.can_create_round(actor):
        raise NotAllowed()
    values = _checked_round(actor, name=name, description=description, neighbourhood_ids=neighbourhood_ids,
                            opens_at=opens_at, closes_at=closes_at)
    auction_round = AuctionRound(created_by=actor, requires_approval=bool(requires_approval), **values)
    db.session.add(auction_round)
    db.session.flush()
    audit.record(actor, "auction_round.create", "auction_round", auction_round.id, pc4=auction_round.area_pc4,
                 details={"name": auction_round.name,
                          "neighbourhoods": [n.name for n in auction_round.neighbourhoods],
                          "opens_at": auction_round.opens_at.isoformat(),
                          "closes_at": auction_round.closes_at.isoformat()})
    db.session.commit()
    return auction_round


@atomic
def update_round(actor: User, round_id: int, *, name: str, description: str | None,
                 neighbourhood_ids: Iterable[int], opens_at: datetime | None, closes_at: datetime | None,
                 requires_approval: bool = False) -> AuctionRound:
    """Change a round that has not closed. An open round keeps the neighbourhoods that have ideas, and must close
    in the future. Commits. Raises RoundNotFound, NotAllowed, RoundClosed or InvalidRound."""
    auction_round = manageable_round(actor, round_id)
    now = utcnow()
    if auction_round.is_closed(now):
        raise RoundClosed(_l("This round has closed and can no longer be changed."))
    values = _checked_round(actor, name=name, description=description, neighbourhood_ids=neighbourhood_ids,
                            opens_at=opens_at, closes_at=closes_at)
    if auction_round.status == RoundStatus.OPEN:
        if values["closes_at"] <= now:
            raise InvalidRound(_l("An open round must close in the future. To close it now, use “Close the round "
                                  "now”."), field="closes_at")
        kept = {n.id for n in values["neighbourhoods"]}
        in_use = {idea.neighbourhood_id for idea in auction_round.ideas if idea.neighbourhood_id is not None}
        if not in_use <= kept:
            raise InvalidRound(_l("Ideas have already been submitted for a neighbourhood you removed. Keep that "
                                  "neighbourhood in the round."), field="neighbourhoods")
    for key, value in values.items():
        setattr(auction_round, key, value)
    auction_round.requires_approval = bool(requires_approval)
    db.session.commit()
    return auction_round


@atomic
def publish_round(actor: User, round_id: int) -> AuctionRound:
    """Make a draft round public: residents can submit ideas from opens_at. Commits.

    Raises RoundNotFound, NotAllowed, RoundNotDraft or InvalidRound (it would close in the past).
    """
    auction_round = manageable_round(actor, round_id)
    if auction_round.status != RoundStatus.DRAFT:
        raise RoundNotDraft()
    now = utcnow()
    if auction_round.closes_at <= now:
        raise InvalidRound(_l("This round would close in the past. Change the closing date first."),
                           field="closes_at")
    auction_round.status = RoundStatus.OPEN
    auction_round.published_at = now
    audit.record(actor, "auction_round.publish", "auction_round", auction_round.id, pc4=auction_round.area_pc4,
                 details={"name": auction_round.name})
    db.session.commit()
    return auction_round


@atomic
def close_round_now(actor: User, round_id: int) -> AuctionRound:
    """A manager closes an open round at once (for example at the end of the auction evening). Commits.

    Raises RoundNotFound, NotAllowed or RoundClosed / RoundNotDraft when it is not open.
    """
    auction_round = manageable_round(actor, round_id)
    if auction_round.status == RoundStatus.CLOSED:
        raise RoundClosed(_l("This round has already closed."))
    if auction_round.status != RoundStatus.OPEN:
        raise RoundNotDraft(_l("This round has not been published, so it cannot be closed. You can delete it."))
    now = utcnow()
    if auction_round.closes_at > now:
        auction_round.closes_at = now
        db.session.flush()
    close_round_once(auction_round.id, now, actor=actor)
    db.session.commit()
    return auction_round


@atomic
def delete_round(actor: User, round_id: int) -> str:
    """Delete a draft round (with the ideas entered for it). Commits. Raises RoundNotFound, NotAllowed or
    RoundNotDraft. Returns the round's name."""
    auction_round = manageable_round(actor, round_id)
    if auction_round.status != RoundStatus.DRAFT:
        raise RoundNotDraft(_l("Only a round that has not been published can be deleted."))
    name = auction_round.name
    db.session.delete(auction_round)
    db.session.commit()
    return name


def close_due_rounds(now: datetime | None = None) -> list[int]:
    """Close every open round whose closing time has passed. Idempotent and safe to run from cron or on any page
    view. Commits (only when something closed). Returns the ids it closed."""
    now = now or utcnow()
    due = queries.due_round_ids(now)
    if not due:
        return []  # the usual case on a page view: one indexed query, no write
    closed = [round_id for round_id in due if close_round_once(round_id, now)]
    db.session.commit()
    return closed
