"""Models layer: teams of a plan: memberships, invitations by e-mail and share links."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.proposals.models.constants import InvitationStatus, enum_type

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User
    from wijkhulp.proposals.models.plans import Proposal


class TeamMembership(db.Model):
    """A confirmed team member; the lead has one too. Each person once per plan."""

    __tablename__ = "proposal_team_membership"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship("User")

    @property
    def counts(self) -> bool:
        """Only verified, active accounts count towards the minimum."""
        return counts_as_member(self.user)


def counts_as_member(user: Any) -> bool:
    return user is not None and user.email_verified_at is not None and user.deleted_at is None \
        and user.blocked_at is None


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TeamInvitation(db.Model):
    """An invitation by e-mail. The link's token is stored only as a digest."""

    __tablename__ = "proposal_team_invitation"
    __table_args__ = (
        # one waiting invitation per address per plan, also when two are sent at the same moment
        Index("uq_proposal_team_invitation_pending", "proposal_id", "email", unique=True,
              sqlite_where=db.text("status = 'pending'"), postgresql_where=db.text("status = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))  # lower-case
    invitee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[InvitationStatus] = mapped_column(enum_type(InvitationStatus), default=InvitationStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    responded_at: Mapped[datetime | None]

    proposal: Mapped[Proposal] = relationship(back_populates="invitations")
    invitee: Mapped[User | None] = relationship("User", foreign_keys=[invitee_id])
    invited_by: Mapped[User | None] = relationship("User", foreign_keys=[invited_by_id])

    def is_expired(self, now: datetime) -> bool:
        return self.status == InvitationStatus.PENDING and now >= self.expires_at

    def is_waiting(self, now: datetime) -> bool:
        return self.status == InvitationStatus.PENDING and now < self.expires_at


class ShareLink(db.Model):
    """A link the lead can share (in a chat group, on paper); anyone with a verified account may join with it
    until it expires or the lead switches it off."""

    __tablename__ = "proposal_share_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)  # shown to the lead, so kept as it is
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    proposal: Mapped[Proposal] = relationship(back_populates="share_links")

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at
