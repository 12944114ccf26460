"""Models: calls (regelingen), proposals (voorstellen), teams, invitations, supports, reviews; the pure rules and
refusals of the feature."""

from __future__ import annotations

import calendar
import enum
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, Date, ForeignKey, Index, Integer, String, Table,
                        Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import ModeratableMixin, TimestampMixin, utcnow
from wijkhulp.errors import Conflict, DomainError, NotAllowed, NotFound
from wijkhulp.extensions import db
from wijkhulp.i18n import money

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User
    from wijkhulp.neighbourhoods.models import Neighbourhood

ABSOLUTE_MIN_TEAM_SIZE = 3  # DESIGN.md: "at least 3 people"; a call can ask for more, never for fewer
MAX_TEAM_SIZE = 50
MAX_CENTS = 100_000_000_00  # one hundred million euro: a typing error, not a budget
TITLE_MAX = 120
SUMMARY_MAX = 1000
TEXT_MAX = 4000
ITEM_MAX = 200
CRITERION_MAX = 300
MAX_CRITERIA = 20
MAX_BUDGET_LINES = 20
MAX_PENDING_INVITATIONS = 20  # e-mail invitations waiting per plan: the site is no mass mailer
NOTE_MAX = 1000
MESSAGE_MAX = 4000
CONTENT_KEY = "proposal"  # the plans' key with moderation (content.py) and in the audit log


def _enum(kind: type[enum.StrEnum], length: int = 20) -> Any:
    return db.Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


S = ProposalStatus
EDITABLE = frozenset({S.DRAFT, S.CHANGES_REQUESTED})  # the team may change the plan, and may (re)submit it
DECIDABLE = frozenset({S.SUBMITTED, S.IN_REVIEW})  # a reviewer may assess and decide
AWAITING_DECISION = frozenset({S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED})  # the "team too small" flag applies
WITHDRAWABLE = frozenset({S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED})  # "at any time before approval"
GRANTED = frozenset({S.APPROVED, S.IN_PROGRESS, S.COMPLETED})
REPORTABLE = frozenset({S.APPROVED, S.IN_PROGRESS})
FINISHED = frozenset({S.REJECTED, S.WITHDRAWN, S.COMPLETED})  # the team no longer changes
SUPPORTABLE = frozenset({S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.IN_PROGRESS, S.COMPLETED})

STATUS_LABELS: dict[ProposalStatus, Any] = {
    S.DRAFT: _l("Draft: not sent yet"),
    S.SUBMITTED: _l("Sent: waiting for assessment"),
    S.IN_REVIEW: _l("Being assessed"),
    S.CHANGES_REQUESTED: _l("Changes asked"),
    S.APPROVED: _l("Approved"),
    S.REJECTED: _l("Not approved"),
    S.IN_PROGRESS: _l("Being carried out"),
    S.COMPLETED: _l("Completed"),
    S.WITHDRAWN: _l("Withdrawn"),
}
STATUS_BADGES = {
    S.DRAFT: "neutral", S.SUBMITTED: "info", S.IN_REVIEW: "info", S.CHANGES_REQUESTED: "warning",
    S.APPROVED: "success", S.REJECTED: "danger", S.IN_PROGRESS: "success", S.COMPLETED: "success",
    S.WITHDRAWN: "neutral",
}


class InvitationStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVOKED = "revoked"


class Verdict(enum.StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


VERDICT_LABELS: dict[Verdict, Any] = {Verdict.YES: _l("Yes"), Verdict.PARTLY: _l("Partly"), Verdict.NO: _l("No")}


class Decision(enum.StrEnum):
    APPROVE = "approve"
    CHANGES = "changes"
    REJECT = "reject"


class EventKind(enum.StrEnum):
    CREATED = "created"
    SUBMITTED = "submitted"
    RESUBMITTED = "resubmitted"
    ASSESSED = "assessed"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    STARTED = "started"
    COMPLETED = "completed"
    MEMBER_JOINED = "member_joined"
    MEMBER_LEFT = "member_left"
    LEAD_CHANGED = "lead_changed"
    BELOW_MINIMUM = "below_minimum"
    TEAM_WHOLE = "team_whole"
    REPORT_REMINDER = "report_reminder"


# ---------------------------------------------------------------- calls

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


# ---------------------------------------------------------------- proposals

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
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(Text, default="")
    contribution: Mapped[str] = mapped_column(Text, default="")  # how it helps people live together pleasantly
    plan_execution: Mapped[str] = mapped_column(Text, default="")
    plan_promotion: Mapped[str] = mapped_column(Text, default="")
    plan_maintenance: Mapped[str] = mapped_column(Text, default="")
    own_contribution: Mapped[str] = mapped_column(Text, default="")
    planned_end_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ProposalStatus] = mapped_column(_enum(ProposalStatus), default=ProposalStatus.DRAFT)
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
    status: Mapped[InvitationStatus] = mapped_column(_enum(InvitationStatus), default=InvitationStatus.PENDING)
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
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, 30))
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
    verdict: Mapped[Verdict] = mapped_column(_enum(Verdict, 10))
    note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="assessments")
    criterion: Mapped[CallCriterion] = relationship()
    reviewer: Mapped[User] = relationship("User")

    @property
    def verdict_label(self) -> Any:
        return VERDICT_LABELS[self.verdict]


# ---------------------------------------------------------------- pure rules

@dataclass(frozen=True)
class Problem:
    """Something that stops a plan from being sent; `field` names the form field that fixes it ("team": the team
    page; None: nothing the team can fix)."""

    field: str | None
    message: Any


REQUIRED_FIELDS: tuple[tuple[str, Any], ...] = (
    ("title", _l("Give your plan a title.")),
    ("summary", _l("Write a short summary of your plan.")),
    ("contribution", _l("Explain how your plan helps people in the neighbourhood to live together pleasantly.")),
    ("plan_execution", _l("Describe how you will carry out your plan.")),
)


def submission_problems(proposal: Proposal, *, confirmed: int, today: date, now: datetime) -> list[Problem]:
    """Everything that still stops the plan from being sent, in the order a team can fix it."""
    problems = [Problem(name, message) for name, message in REQUIRED_FIELDS
                if not (getattr(proposal, name) or "").strip()]
    if proposal.planned_end_on is None:
        problems.append(Problem("planned_end_on", _l("Fill in when your plan will be finished.")))
    elif proposal.planned_end_on < today:
        problems.append(Problem("planned_end_on", _l("The date when your plan will be finished has passed. "
                                                     "Choose a new date.")))
    total = sum(line.amount_cents for line in proposal.budget_lines)
    call = proposal.call
    if total <= 0:
        problems.append(Problem("lines", _l("Add at least one budget line with an amount.")))
    elif total > call.max_per_proposal_cents:
        problems.append(Problem("lines", BudgetAboveMaximum.for_amounts(total, call.max_per_proposal_cents).message))
    if confirmed < call.min_team_size:
        problems.append(Problem("team", TeamTooSmall.for_counts(confirmed, call.min_team_size).message))
    if not call.is_open(now):
        problems.append(Problem(None, CallNotOpen().message))
    return problems


def add_months(day: date, months: int) -> date:
    """31 January + 1 month = 28 or 29 February."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------- refusals

class CallNotFound(NotFound):
    default_message = _l("We could not find this call for neighbourhood plans.")


class ProposalNotFound(NotFound):
    default_message = _l("We could not find this plan. Perhaps it was removed, or it is not public yet.")


class InvitationNotFound(NotFound):
    default_message = _l("We could not find this invitation. Check that you copied the whole link.")


class InvalidCall(DomainError):
    default_message = _l("Please check the details of the call.")


class InvalidProposal(DomainError):
    default_message = _l("Please check what you entered.")


class CallNotOpen(DomainError):
    default_message = _l("This call is not open. You can only start or send a plan while the call is open.")


class NotResident(DomainError):
    default_message = _l("This call is only for people who live in its neighbourhoods.")


# what accounts.models.NotVerified says on the plan pages
NOT_VERIFIED_MESSAGE = _l("First confirm your e-mail address. We sent you an e-mail with a link when you "
                          "created your account.")


class BudgetAboveMaximum(DomainError):
    default_message = _l("Your budget is higher than the maximum of this call.")

    @classmethod
    def for_amounts(cls, total: int, maximum: int, field: str | None = "lines") -> BudgetAboveMaximum:
        return cls(_l("Your budget is %(total)s. This call gives at most %(maximum)s per plan. Make your budget "
                      "lower.", total=money(total), maximum=money(maximum)), field=field)


class TeamTooSmall(DomainError):
    default_message = _l("Your team is too small.")

    @classmethod
    def for_counts(cls, confirmed: int, minimum: int) -> TeamTooSmall:
        return cls(_l("Your team has %(count)s confirmed members. You need at least %(minimum)s people, you "
                      "included. Invite more neighbours on the team page.", count=confirmed, minimum=minimum))


class NotReadyToSubmit(DomainError):
    """Carries every problem, so the page can list them all."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.message, field=first.field)
        self.problems = problems


class ProposalLocked(DomainError):
    status_code = 409
    default_message = _l("You can no longer change this plan, because it has been sent. If the assessors ask "
                         "for changes, you can change it again.")


class StatusChanged(Conflict):
    default_message = _l("The status of this plan has just changed, perhaps by someone else. Look at the plan "
                         "again and try once more if it is still needed.")


class NotInTeam(NotAllowed):
    default_message = _l("Only members of the team can do this.")


class OnlyLead(NotAllowed):
    default_message = _l("Only the lead of the team can do this.")


class CannotInviteYourself(DomainError):
    default_message = _l("You are already in the team. Enter the e-mail address of someone else.")


class AlreadyMember(DomainError):
    default_message = _l("This person is already in the team.")


class AlreadyInvited(DomainError):
    default_message = _l("You have already invited this person. The invitation is still waiting for an answer.")


class TooManyInvitations(DomainError):
    default_message = _l("There are already %(n)s invitations waiting for an answer. Wait for answers, or take "
                         "back invitations that will not be answered.", n=MAX_PENDING_INVITATIONS)


class TeamClosed(DomainError):
    default_message = _l("The team of this plan can no longer change.")


class InvitationExpired(DomainError):
    status_code = 410
    default_message = _l("This invitation has expired. Ask the lead of the team to send you a new one.")


class InvitationRevoked(DomainError):
    status_code = 410
    default_message = _l("This invitation link no longer works: the lead of the team has switched it off. Ask "
                         "the lead for a new invitation.")


class InvitationAnswered(DomainError):
    status_code = 409
    default_message = _l("This invitation has already been answered.")


class InvitationForSomeoneElse(NotAllowed):
    default_message = _l("This invitation was sent to someone else. Sign in with the account it was sent to, or "
                         "ask the lead of the team to invite you.")


class LeadCannotLeave(DomainError):
    default_message = _l("As the lead you cannot leave the team. First make someone else the lead, or withdraw "
                         "the plan.")


class AlreadySupported(DomainError):
    status_code = 409
    default_message = _l("You already support this plan. Thank you!")


class CannotSupport(DomainError):
    default_message = _l("You cannot support this plan now.")


class OwnPlan(DomainError):
    default_message = _l("You are in the team of this plan, so your support would not count.")


class NotAReviewer(NotAllowed):
    default_message = _l("Only the community manager and the panel of this call can assess plans.")


class ConflictOfInterest(NotAllowed):
    default_message = _l("You are in the team of this plan, so you cannot assess it or decide about it.")


class InvalidDecision(DomainError):
    default_message = _l("Choose what you decide.")


class PotExceeded(DomainError):
    default_message = _l("There is not enough money left in this call.")

    @classmethod
    def for_remaining(cls, remaining: int) -> PotExceeded:
        return cls(_l("There is only %(remaining)s left in the budget of this call. Grant at most that amount.",
                      remaining=money(remaining)), field="amount")


class TeamBelowMinimum(DomainError):
    default_message = _l("The team of this plan is smaller than the call's minimum. You can only approve it when "
                         "the team is complete again.")


class InvalidReport(DomainError):
    default_message = _l("Please check your report.")
