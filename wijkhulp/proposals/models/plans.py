"""Models layer: proposals (voorstellen) with their budget lines, supports, history and assessments."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import ModeratableMixin, TimestampMixin, utcnow
from wijkhulp.extensions import db
from wijkhulp.proposals.models.constants import (EDITABLE, ITEM_MAX, NOTE_MAX, STATUS_BADGES, STATUS_LABELS, TITLE_MAX,
                                                 VERDICT_LABELS, EventKind, ProposalStatus, Verdict, enum_type)

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User
    from wijkhulp.neighbourhoods.models import Neighbourhood
    from wijkhulp.proposals.models.calls import Call, CallCriterion
    from wijkhulp.proposals.models.team import ShareLink, TeamInvitation, TeamMembership


class Proposal(TimestampMixin, ModeratableMixin, db.Model):
    """A plan by a team of residents, asking money from a call."""

    __tablename__ = "proposal"
    __table_args__ = (
        Index("ix_proposal_call_id_status", "call_id", "status"),
        Index("ix_proposal_status_report_due_on", "status", "report_due_on"),
        CheckConstraint("requested_cents >= 0", name="requested"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("proposal_call.id"))
    lead_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # the neighbourhood the plan is for, one of its call's (the team chooses; None for plans from before it asked)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id", ondelete="SET NULL"),
                                                         index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(Text, default="")
    contribution: Mapped[str] = mapped_column(Text, default="")  # how it helps people live together pleasantly
    plan_execution: Mapped[str] = mapped_column(Text, default="")
    plan_promotion: Mapped[str] = mapped_column(Text, default="")
    plan_maintenance: Mapped[str] = mapped_column(Text, default="")
    own_contribution: Mapped[str] = mapped_column(Text, default="")
    planned_end_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ProposalStatus] = mapped_column(enum_type(ProposalStatus), default=ProposalStatus.DRAFT)
    requested_cents: Mapped[int] = mapped_column(BigInteger, default=0)  # the sum of the budget lines
    granted_cents: Mapped[int | None] = mapped_column(BigInteger)
    spent_cents: Mapped[int | None] = mapped_column(BigInteger)
    report: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None]  # the first time; a plan that was ever sent is public
    decided_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    report_due_on: Mapped[date | None] = mapped_column(Date)
    report_reminded_at: Mapped[datetime | None]
    below_minimum_since: Mapped[datetime | None]  # the team fell below the call's minimum after sending
    lock_version: Mapped[int] = mapped_column(Integer, default=0)  # bumped to take the row lock

    call: Mapped[Call] = relationship(back_populates="proposals")
    lead: Mapped[User] = relationship("User", foreign_keys=[lead_id])
    neighbourhood: Mapped[Neighbourhood | None] = relationship("Neighbourhood")
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="BudgetLine.position")
    memberships: Mapped[list[TeamMembership]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="TeamMembership.joined_at")
    invitations: Mapped[list[TeamInvitation]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="TeamInvitation.created_at")
    share_links: Mapped[list[ShareLink]] = relationship(back_populates="proposal", cascade="all, delete-orphan")
    supports: Mapped[list[Support]] = relationship(back_populates="proposal", cascade="all, delete-orphan")
    events: Mapped[list[ProposalEvent]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan",
        order_by="[ProposalEvent.created_at, ProposalEvent.id]")
    assessments: Mapped[list[Assessment]] = relationship(back_populates="proposal", cascade="all, delete-orphan")

    @property
    def is_public(self) -> bool:
        """Drafts are for the team; a plan that was ever sent stays public (also when withdrawn)."""
        return self.submitted_at is not None and self.status != ProposalStatus.DRAFT

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_below_minimum(self) -> bool:
        return self.below_minimum_since is not None

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def area_pc4(self) -> str | None:
        """Where the plan lies: the first area of its neighbourhood; for older plans the first of its call's."""
        hoods = [self.neighbourhood] if self.neighbourhood is not None else list(self.call.neighbourhoods)
        for hood in hoods:
            if hood.pc4s:
                return hood.pc4s[0]
        return None

    def member_ids(self) -> set[int]:
        return {m.user_id for m in self.memberships}

    def is_member(self, user: Any) -> bool:
        return getattr(user, "id", None) in self.member_ids()


class BudgetLine(db.Model):
    __tablename__ = "proposal_budget_line"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[str] = mapped_column(String(ITEM_MAX))
    amount_cents: Mapped[int] = mapped_column(BigInteger)

    proposal: Mapped[Proposal] = relationship(back_populates="budget_lines")


class Support(db.Model):
    """A resident supports a plan (steun); once each. A deleted account's support stays counted."""

    __tablename__ = "proposal_support"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="supports")


class ProposalEvent(db.Model):
    """The history shown on the plan page: every step and decision, with public reasons."""

    __tablename__ = "proposal_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind, 30))
    message: Mapped[str] = mapped_column(Text, default="")
    amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship("User")


class Assessment(db.Model):
    """One reviewer's verdict on one checklist item of one plan."""

    __tablename__ = "proposal_assessment"
    __table_args__ = (UniqueConstraint("proposal_id", "criterion_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("proposal_call_criterion.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    verdict: Mapped[Verdict] = mapped_column(enum_type(Verdict, 10))
    note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="assessments")
    criterion: Mapped[CallCriterion] = relationship()
    reviewer: Mapped[User] = relationship("User")

    @property
    def verdict_label(self) -> Any:
        return VERDICT_LABELS[self.verdict]
