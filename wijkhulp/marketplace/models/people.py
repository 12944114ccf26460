"""Between residents: blocks, and a community manager's invitation to help."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import utcnow
from wijkhulp.extensions import db

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User


class UserBlock(db.Model):
    """A resident blocked another: no reactions or messages between the two, in either direction."""

    __tablename__ = "user_block"
    __table_args__ = (Index("ix_user_block_blocked_id", "blocked_id"),)

    blocker_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    blocked_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    blocked: Mapped[User] = relationship(foreign_keys=[blocked_id])


class HelperInvitation(db.Model):
    """A community manager asked a resident to look at an unanswered request (once per request and person)."""

    __tablename__ = "helper_invitation"

    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
