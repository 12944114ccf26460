"""Models layer: calls (regelingen), their checklists and their panels (regiegroep)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import TimestampMixin, utcnow
from wijkhulp.extensions import db
from wijkhulp.proposals.models.constants import ABSOLUTE_MIN_TEAM_SIZE, CRITERION_MAX, TITLE_MAX

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User
    from wijkhulp.neighbourhoods.models import Neighbourhood
    from wijkhulp.proposals.models.plans import Proposal


call_neighbourhood = Table(
    "proposal_call_neighbourhood", db.metadata,
    Column("call_id", ForeignKey("proposal_call.id", ondelete="CASCADE"), primary_key=True),
    Column("neighbourhood_id", ForeignKey("neighbourhood.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Call(TimestampMixin, db.Model):
    """A call (regeling): a budget pot for plans in some neighbourhoods, open for a while."""

    __tablename__ = "proposal_call"
    __table_args__ = (
        CheckConstraint(f"min_team_size >= {ABSOLUTE_MIN_TEAM_SIZE}", name="min_team_size"),
        CheckConstraint("granted_cents >= 0 AND granted_cents <= pot_cents", name="within_pot"),
        CheckConstraint("max_per_proposal_cents > 0", name="max_per_proposal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")  # the criteria, in words
    pot_cents: Mapped[int] = mapped_column(BigInteger)
    max_per_proposal_cents: Mapped[int] = mapped_column(BigInteger)
    granted_cents: Mapped[int] = mapped_column(BigInteger, default=0)  # only changed by a guarded UPDATE
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    min_team_size: Mapped[int] = mapped_column(Integer, default=ABSOLUTE_MIN_TEAM_SIZE)
    residence_required: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    neighbourhoods: Mapped[list[Neighbourhood]] = relationship(
        "Neighbourhood", secondary=call_neighbourhood, order_by="Neighbourhood.name")
    criteria: Mapped[list[CallCriterion]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="CallCriterion.position")
    panel: Mapped[list[PanelMember]] = relationship(back_populates="call", cascade="all, delete-orphan")
    proposals: Mapped[list[Proposal]] = relationship(back_populates="call")

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def has_opened(self, now: datetime) -> bool:
        return self.opens_at <= now

    @property
    def remaining_cents(self) -> int:
        return self.pot_cents - self.granted_cents


class CallCriterion(db.Model):
    """One item of the call's checklist, such as "more than one household benefits"."""

    __tablename__ = "proposal_call_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("proposal_call.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(CRITERION_MAX))

    call: Mapped[Call] = relationship(back_populates="criteria")


class PanelMember(db.Model):
    """A resident appointed to the call's panel (regiegroep): may assess and decide on its plans."""

    __tablename__ = "proposal_panel_member"

    call_id: Mapped[int] = mapped_column(ForeignKey("proposal_call.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    appointed_at: Mapped[datetime] = mapped_column(default=utcnow)

    call: Mapped[Call] = relationship(back_populates="panel")
    user: Mapped[User] = relationship("User")
