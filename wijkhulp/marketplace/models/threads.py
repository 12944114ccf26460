"""Reactions to a listing with their messages, matches and thank-you notes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import ModeratableMixin, utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace.models.enums import MAX_MINUTES, MatchStatus, ResponseStatus, enum_type
from wijkhulp.marketplace.models.listings import Listing

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User


class Response(db.Model):
    """A reaction (reactie) of a resident to someone else's listing; its messages form a private thread."""

    __tablename__ = "response"
    __table_args__ = (
        # One open reaction per person per listing, also when two requests arrive at the same moment.
        Index("uq_response_open_per_person", "listing_id", "responder_id", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
        Index("ix_response_listing_id_created_at", "listing_id", "created_at"),
        Index("ix_response_responder_id_created_at", "responder_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"))
    responder_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    status: Mapped[ResponseStatus] = mapped_column(enum_type(ResponseStatus, 10), default=ResponseStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Up to when each party has read the conversation (the inbox's unread mark): set by a POST only, when that
    # party writes in it, acts on it (accept, decline, ...) or presses "mark as read"; never by opening the page.
    owner_read_at: Mapped[datetime | None]
    responder_read_at: Mapped[datetime | None]

    listing: Mapped[Listing] = relationship(back_populates="responses")
    responder: Mapped[User] = relationship()
    messages: Mapped[list[Message]] = relationship(back_populates="response", order_by="Message.created_at, Message.id",
                                                   cascade="all, delete-orphan")
    match: Mapped[Match | None] = relationship(back_populates="response", uselist=False)

    def party_ids(self) -> tuple[int, int]:
        return self.listing.author_id, self.responder_id

    @property
    def state(self) -> str:
        """Where this reaction stands, as people read it: its own status until it is accepted, then its match's
        (an accepted reaction whose match is done reads "done", not "accepted"). A key of REACTION_STATE_LABELS."""
        if self.status == ResponseStatus.ACCEPTED and self.match is not None:
            return {MatchStatus.ACTIVE: "accepted", MatchStatus.COMPLETED: "done",
                    MatchStatus.CANCELLED: "stopped"}[self.match.status]
        return str(self.status.value)

    @property
    def takes_messages(self) -> bool:
        """Whether its two people can still write in the conversation: the reaction is waiting or accepted, and
        its match (if any) was not stopped. The inbox and the home page use the same rule (`takes_messages_sql`)."""
        return self.status in (ResponseStatus.OPEN, ResponseStatus.ACCEPTED) and not (
            self.match is not None and self.match.status == MatchStatus.CANCELLED)

    def other_party_id(self, user_id: int) -> int:
        owner, responder = self.party_ids()
        return responder if user_id == owner else owner

    def read_at_of(self, user_id: int) -> datetime | None:
        return self.owner_read_at if user_id == self.listing.author_id else self.responder_read_at

    def is_unread_for(self, user_id: int) -> bool:
        read_at = self.read_at_of(user_id)
        return read_at is None or self.last_message_at > read_at

    def mark_read_by(self, user_id: int, when: datetime) -> None:
        """Record that this party has seen everything up to `when` (never moves back)."""
        if user_id == self.listing.author_id:
            if self.owner_read_at is None or when > self.owner_read_at:
                self.owner_read_at = when
        elif user_id == self.responder_id:
            if self.responder_read_at is None or when > self.responder_read_at:
                self.responder_read_at = when


class Message(ModeratableMixin, db.Model):
    """One message in a reaction's thread. Kept when its author deletes the account ("a former resident").
    A community manager may hide it (hidden_at) or replace its text."""

    __tablename__ = "message"
    __table_args__ = (
        Index("ix_message_response_id_created_at", "response_id", "created_at"),
        Index("ix_message_author_id", "author_id"),
        UniqueConstraint("author_id", "form_token"),  # a message sent twice is stored once
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    form_token: Mapped[str | None] = mapped_column(String(64))

    response: Mapped[Response] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()


class Match(db.Model):
    """An accepted reaction: a requester and a helper, with per-match consent to share contact details."""

    __tablename__ = "help_match"
    __table_args__ = (
        Index("ix_help_match_status_created_at", "status", "created_at"),  # the check-in command
        Index("ix_help_match_helper_id_status", "helper_id", "status"),  # profile summary
        Index("ix_help_match_requester_id", "requester_id"),
        Index("ix_help_match_listing_id", "listing_id"),
        CheckConstraint("minutes IS NULL OR (minutes >= 0 AND minutes <= {})".format(MAX_MINUTES), name="minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), unique=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    helper_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    status: Mapped[MatchStatus] = mapped_column(enum_type(MatchStatus, 10), default=MatchStatus.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    minutes: Mapped[int | None] = mapped_column(Integer)
    checkin_sent_at: Mapped[datetime | None]
    requester_shares_email: Mapped[bool] = mapped_column(Boolean, default=False)
    requester_shares_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    helper_shares_email: Mapped[bool] = mapped_column(Boolean, default=False)
    helper_shares_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    # When each party chose what to share in this match (None: not yet). The flags above start from each person's
    # default only to fill in the form; nothing is shown before both parties chose to share (counterpart_contact).
    requester_contact_chosen_at: Mapped[datetime | None]
    helper_contact_chosen_at: Mapped[datetime | None]

    response: Mapped[Response] = relationship(back_populates="match")
    listing: Mapped[Listing] = relationship()
    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    helper: Mapped[User] = relationship(foreign_keys=[helper_id])
    thank_you: Mapped[ThankYou | None] = relationship(back_populates="match", uselist=False)

    def shares(self, user_id: int) -> tuple[bool, bool]:
        """(e-mail, phone) that this party agreed to share with the other."""
        if user_id == self.requester_id:
            return self.requester_shares_email, self.requester_shares_phone
        if user_id == self.helper_id:
            return self.helper_shares_email, self.helper_shares_phone
        return False, False

    def has_chosen(self, user_id: int) -> bool:
        """Whether this party has chosen, in this match, whether to share contact details."""
        if user_id == self.requester_id:
            return self.requester_contact_chosen_at is not None
        if user_id == self.helper_id:
            return self.helper_contact_chosen_at is not None
        return False

    def sharing_state(self, user_id: int) -> str:
        """'undecided', 'shares' (chose to share something) or 'declined' (chose to share nothing)."""
        if not self.has_chosen(user_id):
            return "undecided"
        return "shares" if any(self.shares(user_id)) else "declined"

    def contact_visible_to(self, viewer_id: int) -> bool:
        """Contact details of the other party show only when both parties chose to share in this match."""
        if viewer_id not in (self.requester_id, self.helper_id) or self.status == MatchStatus.CANCELLED:
            return False
        other_id = self.helper_id if viewer_id == self.requester_id else self.requester_id
        return self.sharing_state(viewer_id) == "shares" and self.sharing_state(other_id) == "shares"

    @property
    def hours(self) -> float | None:
        return None if self.minutes is None else self.minutes / 60


class ThankYou(ModeratableMixin, db.Model):
    """A thank-you note (bedankje) from the requester; public on the helper's profile only when both agree and
    no community manager has hidden it."""

    __tablename__ = "thank_you"
    __table_args__ = (Index("ix_thank_you_helper_id_created_at", "helper_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("help_match.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    helper_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(Text)
    author_allows_public: Mapped[bool] = mapped_column(Boolean, default=False)
    helper_allows_public: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    match: Mapped[Match] = relationship(back_populates="thank_you")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    helper: Mapped[User] = relationship(foreign_keys=[helper_id])

    @property
    def is_public(self) -> bool:
        return self.author_allows_public and self.helper_allows_public and self.hidden_at is None
