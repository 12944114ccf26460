"""Blocks between residents, and what a helper's public profile shows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.marketplace.hours import format_hours
from wijkhulp.marketplace.models import Match, MatchStatus, PersonNotFound, ThankYou, UserBlock


def blocked_ids(user_id: int) -> set[int]:
    """Everyone this person blocked or was blocked by: no reactions or messages between them."""
    rows = db.session.execute(select(UserBlock.blocker_id, UserBlock.blocked_id).where(
        or_(UserBlock.blocker_id == user_id, UserBlock.blocked_id == user_id)))
    return {b if a == user_id else a for a, b in rows}


def is_blocked_between(a_id: int, b_id: int) -> bool:
    return db.session.scalar(select(exists().where(or_(
        and_(UserBlock.blocker_id == a_id, UserBlock.blocked_id == b_id),
        and_(UserBlock.blocker_id == b_id, UserBlock.blocked_id == a_id))))) or False


def has_blocked(blocker_id: int, blocked_id: int) -> bool:
    return db.session.get(UserBlock, (blocker_id, blocked_id)) is not None


def blocks_by(user: User) -> list[UserBlock]:
    return list(db.session.scalars(select(UserBlock).where(UserBlock.blocker_id == user.id)
                                   .options(selectinload(UserBlock.blocked)).order_by(UserBlock.created_at)))


# ---------------------------------------------------------------- profiles

@dataclass
class ProfileSummary:
    """What a helper's profile shows: helps given, hours, and the thank-you notes both people made public."""

    helps_given: int
    minutes: int
    thanks: list[ThankYou]

    @property
    def hours_text(self) -> str:
        return format_hours(self.minutes)

    @property
    def hours(self) -> float:
        return self.minutes / 60


def profile_summary(user_id: int, *, thanks_limit: int = 10) -> ProfileSummary:
    """For the public profile: completed matches as helper, their hours, and public thank-you notes."""
    helps, minutes = db.session.execute(
        select(func.count(Match.id), func.coalesce(func.sum(Match.minutes), 0))
        .where(Match.helper_id == user_id, Match.status == MatchStatus.COMPLETED)).one()
    thanks = list(db.session.scalars(
        select(ThankYou).where(ThankYou.helper_id == user_id, ThankYou.author_allows_public.is_(True),
                               ThankYou.helper_allows_public.is_(True), ThankYou.hidden_at.is_(None))
        .options(selectinload(ThankYou.author)).order_by(ThankYou.created_at.desc()).limit(thanks_limit)))
    return ProfileSummary(int(helps or 0), int(minutes or 0), thanks)


def person_or_404(user_id: int) -> User:
    """A neighbour whose profile may be shown (not deleted, not blocked, profile not hidden by a manager)."""
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted or user.is_blocked or user.is_hidden:
        raise PersonNotFound()
    return user
