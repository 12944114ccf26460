"""Reports (meldingen) by residents, pre-moderation holds, and the feature's refusals."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, InvalidInput, NotFound
from wijkhulp.extensions import db

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User

REPORT_TEXT_MAX = 1000
REASON_TEXT_MAX = 1000


def _enum(kind: type[enum.StrEnum], length: int = 20) -> Enum:
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class ReportReason(enum.StrEnum):
    SPAM = "spam"
    UNKIND = "unkind"
    UNSAFE = "unsafe"
    PERSONAL_DATA = "personal_data"
    OTHER = "other"


REASON_LABELS: dict[str, Any] = {
    ReportReason.SPAM: _l("Spam or advertising"),
    ReportReason.UNKIND: _l("Unkind, rude or hurtful"),
    ReportReason.UNSAFE: _l("Unsafe or against the law"),
    ReportReason.PERSONAL_DATA: _l("It shows personal data, such as an address or phone number"),
    ReportReason.OTHER: _l("Something else"),
}
REASON_SHORT: dict[str, Any] = {
    ReportReason.SPAM: _l("Spam"), ReportReason.UNKIND: _l("Unkind"), ReportReason.UNSAFE: _l("Unsafe"),
    ReportReason.PERSONAL_DATA: _l("Personal data"), ReportReason.OTHER: _l("Other"),
}


class ReportOutcome(enum.StrEnum):
    DISMISSED = "dismissed"  # nothing wrong found
    HIDDEN = "hidden"
    REMOVED = "removed"
    WARNED = "warned"
    RESTORED = "restored"  # looked at and put back online


OUTCOME_LABELS: dict[str, Any] = {
    ReportOutcome.DISMISSED: _l("No action needed"), ReportOutcome.HIDDEN: _l("Taken offline"),
    ReportOutcome.REMOVED: _l("Removed"), ReportOutcome.WARNED: _l("Author warned"),
    ReportOutcome.RESTORED: _l("Back online"),
}


class HoldOutcome(enum.StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class Report(db.Model):
    """A resident reports one item. One report per resident per item: reporting twice counts once."""

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("reporter_id", "content_key", "object_id"),
        Index("ix_report_content_key_object_id", "content_key", "object_id"),
        Index("ix_report_resolved_at_created_at", "resolved_at", "created_at"),  # the open reports, the queue
        Index("ix_report_created_at", "created_at"),  # the dashboard
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    content_key: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    pc4: Mapped[str | None] = mapped_column(String(4))  # where the item was at report time (manager scopes)
    reason: Mapped[ReportReason] = mapped_column(_enum(ReportReason))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    outcome: Mapped[ReportOutcome | None] = mapped_column(_enum(ReportOutcome))

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ReviewHold(db.Model):
    """A post by a new account, hidden until a manager has looked at it (pre-moderation)."""

    __tablename__ = "review_hold"
    __table_args__ = (
        UniqueConstraint("content_key", "object_id"),
        Index("ix_review_hold_decided_at_created_at", "decided_at", "created_at"),
        Index("ix_review_hold_author_id_outcome", "author_id", "outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    content_key: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    pc4: Mapped[str | None] = mapped_column(String(4))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    outcome: Mapped[HoldOutcome | None] = mapped_column(_enum(HoldOutcome, 10))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    @property
    def is_open(self) -> bool:
        return self.decided_at is None


# ---------------------------------------------------------------- refusals

class UnknownContent(NotFound):
    default_message = _l("We could not find what you want to report. Perhaps it was removed.")


class AlreadyReported(DomainError):
    status_code = 409
    default_message = _l("You have already reported this. Thank you: a community manager will look at it. "
                         "Reporting it again does not make it go faster.")


class CannotReportOwn(DomainError):
    default_message = _l("This is your own. You cannot report it. You can change or remove it yourself.")


class InvalidReport(InvalidInput):
    default_message = _l("Choose why you report this.")


class NoReason(InvalidInput):
    default_message = _l("Give a reason. The person it is about will read it.")


class NothingToDo(DomainError):
    status_code = 409
    default_message = _l("This has already been done. Reload the page to see the current state.")


class NoAuthor(DomainError):
    default_message = _l("There is nobody to send this to: the account no longer exists.")


class NotAManager(InvalidInput):
    default_message = _l("Only community managers can look after a neighbourhood. Give this person the "
                         "manager role first.")
