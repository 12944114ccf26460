"""Shared by the ideas auction services: settings and notification events, site paths, helpers (no commits)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select

from wijkhulp import audit
from wijkhulp.accounts.models import Role, User
from wijkhulp.accounts.permissions import post_refusal
from wijkhulp.database import guarded_update
from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.extensions import db
from wijkhulp.ideas import permissions, queries
from wijkhulp.ideas.models import AuctionRound, RoundStatus
from wijkhulp.notifications import services as notifications
from wijkhulp.text import strip_invisible

P = ParamSpec("P")
R = TypeVar("R")

FOLLOWUP_MONTHS = "auction_followup_months"
PRESENTER_REFRESH = "auction_presenter_refresh_seconds"


# Site paths for links in notifications (services do not use url_for; tests check these match the routes).
def round_path(round_id: int) -> str:
    return f"/ideas/rounds/{round_id}"


def idea_path(idea_id: int) -> str:
    return f"/ideas/{idea_id}"


def followup_path(idea_id: int) -> str:
    return f"/ideas/{idea_id}/follow-up"


def atomic(service: Callable[P, R]) -> Callable[P, R]:
    """A refusal leaves nothing behind: roll back whatever the service had changed before it refused."""
    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return service(*args, **kwargs)
        except DomainError:
            db.session.rollback()
            raise
    return wrapper


def clean(raw: str | None, *, limit: int, required: bool, error: type[DomainError], field: str,
          message: Any = None) -> str:
    text = strip_invisible(raw).strip()  # a title of only invisible characters counts as empty
    if (required and not text) or len(text) > limit:
        raise error(message, field=field)
    return text


def get_round(round_id: int) -> AuctionRound:
    return queries.get_round(round_id)


def poster_refusal(actor: Any) -> DomainError | None:
    """Why submitting an idea or pledging would be refused, asked before showing the form: NotAllowed (not signed
    in, blocked, or the e-mail address not confirmed yet), or None."""
    return post_refusal(actor)


def manageable_round(actor: User, round_id: int) -> AuctionRound:
    auction_round = get_round(round_id)
    if not permissions.can_manage_round(actor, auction_round):
        raise NotAllowed()
    return auction_round


def active_managers() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role.in_([Role.MANAGER, Role.ADMIN]), User.blocked_at.is_(None),
                           User.deleted_at.is_(None)).order_by(User.id)))


def close_round_once(round_id: int, now: datetime, actor: User | None = None) -> bool:
    """Close one due round, once (a conditional UPDATE: a second caller, or cron racing a page view, changes
    nothing), set each idea's outcome, tell owners and partners and write the audit entry (`actor` None: closed
    automatically at its closing time). Flush only. True when this call closed it."""
    if not guarded_update(AuctionRound, round_id,
                          where=(AuctionRound.status == RoundStatus.OPEN, AuctionRound.closes_at <= now),
                          values={"status": RoundStatus.CLOSED, "closed_at": now, "updated_at": now}):
        return False
    auction_round = get_round(round_id)
    db.session.refresh(auction_round)
    partners: dict[int, User] = {}
    ideas = queries.public_ideas(auction_round)
    audit.record(actor, "auction_round.close", "auction_round", auction_round.id, pc4=auction_round.area_pc4,
                 details={"name": auction_round.name, "automatic": actor is None, "ideas": len(ideas)})
    for idea in ideas:
        idea.outcome = idea.compute_outcome()
        offered = idea.undecided_pledges()
        if offered:
            message = lazy_ngettext(
                "The round “%(round)s” has closed. Your idea “%(title)s” received %(num)d pledge. Please accept or "
                "decline it.",
                "The round “%(round)s” has closed. Your idea “%(title)s” received %(num)d pledges. Please accept or "
                "decline each of them.", len(offered), round=auction_round.name, title=idea.title)
        else:
            message = _l("The round “%(round)s” has closed. Unfortunately, your idea “%(title)s” received no "
                         "pledges this time.", round=auction_round.name, title=idea.title)
        notifications.notify(idea.author, "auction_round_closed", message=message, url=idea_path(idea.id))
        for pledge in offered:
            if pledge.user is not None and pledge.guest_name is None and pledge.user_id != idea.author_id:
                partners.setdefault(pledge.user.id, pledge.user)
    for partner in partners.values():
        notifications.notify(partner, "auction_round_closed", url=round_path(auction_round.id), message=_l(
            "The round “%(round)s” has closed. The owners of the ideas now accept or decline your pledges; you "
            "will get a message.", round=auction_round.name))
    db.session.flush()
    return True


def close_if_due(auction_round: AuctionRound, now: datetime) -> None:
    if auction_round.status == RoundStatus.OPEN and auction_round.closes_at <= now:
        close_round_once(auction_round.id, now)
        db.session.refresh(auction_round)
