"""The tables of the ideas auction: rounds and their neighbourhoods, ideas, their needs, pledges on needs."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import ModeratableMixin, TimestampMixin, utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas.models.refusals import IdeaNotOpenForPledges, RoundClosed, RoundNotOpen
from wijkhulp.ideas.models.rules import outcome_of
from wijkhulp.ideas.models.vocabulary import (ACTIVE_PLEDGE, APPROVAL_LABELS, GUEST_NAME_MAX_LENGTH, NAME_MAX_LENGTH,
                                              NEED_DESCRIPTION_MAX_LENGTH, NEED_TYPE_LABELS, OUTCOME_LABELS,
                                              PLEDGE_STATUS_LABELS, PLEDGE_TEXT_MAX_LENGTH, REALISED_LABELS,
                                              ROUND_STATUS_LABELS, TABLE_NAME_MAX_LENGTH, TITLE_MAX_LENGTH, Approval,
                                              NeedType, Outcome, PledgeStatus, Realised, RoundStatus, Unit,
                                              format_amount)
from wijkhulp.neighbourhoods.models import Neighbourhood
from wijkhulp.organisations.models import Organisation

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User


def _enum(kind: type[enum.Enum], length: int = 20) -> Any:
    return db.Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


round_neighbourhood = Table(
    "auction_round_neighbourhood", db.metadata,
    Column("round_id", ForeignKey("auction_round.id", ondelete="CASCADE"), primary_key=True),
    Column("neighbourhood_id", ForeignKey("neighbourhood.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class AuctionRound(TimestampMixin, db.Model):
    __tablename__ = "auction_round"
    __table_args__ = (Index("ix_auction_round_status_closes_at", "status", "closes_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    status: Mapped[RoundStatus] = mapped_column(_enum(RoundStatus), default=RoundStatus.DRAFT)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    created_by: Mapped[User] = relationship()
    neighbourhoods: Mapped[list[Neighbourhood]] = relationship(secondary=round_neighbourhood,
                                                               order_by="Neighbourhood.name")
    ideas: Mapped[list[Idea]] = relationship(back_populates="round", cascade="all, delete-orphan",
                                             order_by="Idea.created_at", passive_deletes=True)

    @property
    def status_label(self) -> Any:
        return ROUND_STATUS_LABELS[self.status]

    def is_accepting(self, now: datetime) -> bool:
        """Ideas and pledges are welcome: published, started and not yet closed."""
        return self.status == RoundStatus.OPEN and self.opens_at <= now < self.closes_at

    def is_upcoming(self, now: datetime) -> bool:
        return self.status == RoundStatus.OPEN and now < self.opens_at

    def is_closed(self, now: datetime) -> bool:
        """Closed, or past closes_at (the closing itself may still have to run)."""
        return self.status == RoundStatus.CLOSED or (self.status == RoundStatus.OPEN and now >= self.closes_at)

    def effective_status(self, now: datetime | None = None) -> RoundStatus:
        """The status as pages show it: an open round past its closing time counts as closed before
        `flask auction close-due` has closed it (pages never write)."""
        if self.status == RoundStatus.OPEN and (now or utcnow()) >= self.closes_at:
            return RoundStatus.CLOSED
        return self.status

    @property
    def effective_closed_at(self) -> datetime:
        """When it closed, or when it closes(d) by its own time when the closing has not run yet."""
        return self.closed_at or self.closes_at

    def ensure_accepting(self, now: datetime) -> None:
        if self.is_closed(now):
            raise RoundClosed()
        if not self.is_accepting(now):
            raise RoundNotOpen()

    def neighbourhood_ids(self) -> set[int]:
        return {n.id for n in self.neighbourhoods}

    @property
    def area_pc4(self) -> str | None:
        """One PC4 area of the round (its first neighbourhood's first), for the audit log's manager scopes."""
        return next((pc4 for n in self.neighbourhoods for pc4 in n.pc4s), None)


class Idea(TimestampMixin, ModeratableMixin, db.Model):
    __tablename__ = "idea"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("auction_round.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    entered_for: Mapped[str | None] = mapped_column(String(TABLE_NAME_MAX_LENGTH))  # a wijktafel, by a manager
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id", ondelete="SET NULL"),
                                                         index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    description: Mapped[str] = mapped_column(Text)
    own_contribution: Mapped[str] = mapped_column(Text)  # what I do myself: required
    offer_in_return: Mapped[str] = mapped_column(Text, default="")
    approval: Mapped[Approval] = mapped_column(_enum(Approval), default=Approval.APPROVED)
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    followup_requested_at: Mapped[datetime | None]
    realised: Mapped[Realised | None] = mapped_column(_enum(Realised))
    realised_note: Mapped[str | None] = mapped_column(Text)
    realised_at: Mapped[datetime | None]

    round: Mapped[AuctionRound] = relationship(back_populates="ideas")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    needs: Mapped[list[Need]] = relationship(back_populates="idea", cascade="all, delete-orphan",
                                             order_by="Need.position", passive_deletes=True)

    @property
    def is_public(self) -> bool:
        return self.approval == Approval.APPROVED and self.hidden_at is None

    @property
    def area_pc4(self) -> str | None:
        """Where the idea lies: the first PC4 area of its neighbourhood, else the author's (moderation scopes)."""
        pc4s = self.neighbourhood.pc4s if self.neighbourhood is not None else []
        return pc4s[0] if pc4s else self.author.pc4

    @property
    def is_entered_for_table(self) -> bool:
        return self.entered_for is not None

    @property
    def author_label(self) -> str:
        if self.entered_for:
            return str(_l("%(table)s (entered by the community manager)", table=self.entered_for))
        return self.author.public_name

    @property
    def approval_label(self) -> Any:
        return APPROVAL_LABELS[self.approval]

    @property
    def outcome_label(self) -> Any:
        return OUTCOME_LABELS[self.outcome] if self.outcome else ""

    def effective_outcome(self, now: datetime | None = None) -> Outcome | None:
        """The stored outcome, or the one the closing will store when the round is past its closing time."""
        if self.outcome is not None:
            return self.outcome
        return self.compute_outcome() if self.round.is_closed(now or utcnow()) else None

    def effective_outcome_label(self, now: datetime | None = None) -> Any:
        outcome = self.effective_outcome(now)
        return OUTCOME_LABELS[outcome] if outcome else ""

    @property
    def realised_label(self) -> Any:
        return REALISED_LABELS[self.realised] if self.realised else ""

    def active_pledges(self) -> list[Pledge]:
        return [p for need in self.needs for p in need.pledges if p.is_active]

    def accepted_pledges(self) -> list[Pledge]:
        return [p for need in self.needs for p in need.pledges if p.status == PledgeStatus.ACCEPTED]

    def undecided_pledges(self) -> list[Pledge]:
        return [p for need in self.needs for p in need.pledges if p.status == PledgeStatus.OFFERED]

    def ensure_accepting_pledges(self, now: datetime) -> None:
        if self.hidden_at is not None or self.approval != Approval.APPROVED:
            raise IdeaNotOpenForPledges()
        self.round.ensure_accepting(now)

    def covered_needs(self, *, closed: bool) -> int:
        """How many needs are covered: by active pledges while the round is open, by accepted ones once closed."""
        return sum(1 for need in self.needs if need.is_covered(closed=closed))

    def compute_outcome(self) -> Outcome:
        """Matched: every need covered by accepted pledges; partly: something accepted; otherwise not matched."""
        return outcome_of([(need.quantity, need.accepted_amount) for need in self.needs])


class Need(db.Model):
    __tablename__ = "idea_need"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    type: Mapped[NeedType] = mapped_column(_enum(NeedType))
    description: Mapped[str] = mapped_column(String(NEED_DESCRIPTION_MAX_LENGTH))
    quantity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[Unit] = mapped_column(_enum(Unit))

    idea: Mapped[Idea] = relationship(back_populates="needs")
    pledges: Mapped[list[Pledge]] = relationship(back_populates="need", cascade="all, delete-orphan",
                                                 order_by="Pledge.created_at", passive_deletes=True)

    @property
    def type_label(self) -> Any:
        return NEED_TYPE_LABELS[self.type]

    @property
    def pledged_amount(self) -> int:
        """Offered and accepted together: what the coverage bar shows while the round is open."""
        return sum(p.amount for p in self.pledges if p.is_active)

    @property
    def accepted_amount(self) -> int:
        return sum(p.amount for p in self.pledges if p.status == PledgeStatus.ACCEPTED)

    def active_pledges(self) -> list[Pledge]:
        return [p for p in self.pledges if p.is_active]

    def covered_amount(self, *, closed: bool) -> int:
        """What the coverage bar shows: accepted once the round is closed, offered and accepted before."""
        return self.accepted_amount if closed else self.pledged_amount

    def is_covered(self, *, closed: bool) -> bool:
        return self.covered_amount(closed=closed) >= self.quantity


class Pledge(TimestampMixin, db.Model):
    """A partner's pledge (bod) on one need. The partner is an organisation, a resident, or (recorded aloud at an
    auction evening) a guest without an account; `partner_key` names it, one row per partner per need."""

    __tablename__ = "pledge"
    __table_args__ = (UniqueConstraint("need_id", "partner_key"),
                      CheckConstraint("amount > 0", name="amount_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("idea_need.id", ondelete="CASCADE"), index=True)
    partner_key: Mapped[str] = mapped_column(String(160))  # 'o:12', 'u:5' or 'g:bakkerij de vecht'
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)  # resident, or member who acted
    guest_name: Mapped[str | None] = mapped_column(String(GUEST_NAME_MAX_LENGTH))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # a manager, at an auction evening
    amount: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(PLEDGE_TEXT_MAX_LENGTH), default="")
    estimated_value_cents: Mapped[int | None] = mapped_column(Integer)
    conditions: Mapped[str | None] = mapped_column(String(PLEDGE_TEXT_MAX_LENGTH))
    status: Mapped[PledgeStatus] = mapped_column(_enum(PledgeStatus), default=PledgeStatus.OFFERED)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawn_at: Mapped[datetime | None]

    need: Mapped[Need] = relationship(back_populates="pledges")
    organisation: Mapped[Organisation | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_PLEDGE

    @property
    def partner_name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        if self.guest_name:
            return self.guest_name
        return self.user.public_name if self.user is not None else str(_l("a former resident"))

    @property
    def status_label(self) -> Any:
        return PLEDGE_STATUS_LABELS[self.status]

    @property
    def amount_text(self) -> str:
        return format_amount(self.amount, self.need.unit)
