"""Marketplace models: categories, listings (requests and offers), reactions with their messages, matches,
thank-you notes, blocks between residents; and the feature's refusals."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import ModeratableMixin, TimestampMixin, utcnow
from wijkhulp.errors import Conflict, DomainError, NotAllowed, NotFound
from wijkhulp.extensions import db
from wijkhulp.marketplace.matching import RADII
from wijkhulp.organisations.models import Organisation  # noqa: TC001  (mapped before the relationship resolves)

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User

TITLE_MAX = 100
TITLE_MIN = 5
DESCRIPTION_MAX = 2000
MESSAGE_MAX = 2000
THANKS_MAX = 1000
FIRST_NAME_MAX = 40
TIMING_NOTE_MAX = 100
ASSISTED_NOTE_MAX = 500
CATEGORY_NAME_MAX = 60
MAX_MINUTES = 24 * 60  # hours logged on one match: at most a full day


def _enum(kind: type[enum.StrEnum], length: int = 20) -> Enum:
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class ListingKind(enum.StrEnum):
    REQUEST = "request"  # hulpvraag
    OFFER = "offer"  # hulpaanbod


class ListingStatus(enum.StrEnum):
    OPEN = "open"
    MATCHED = "matched"
    COMPLETED = "completed"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class TimingKind(enum.StrEnum):
    DATE = "date"
    RECURRING = "recurring"
    FLEXIBLE = "flexible"


class PartOfDay(enum.StrEnum):
    ANY = "any"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class Recurrence(enum.StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


class Urgency(enum.StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class ResponseStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class MatchStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


KIND_LABELS: dict[str, Any] = {ListingKind.REQUEST: _l("Request for help"), ListingKind.OFFER: _l("Offer of help")}
KIND_PLURAL: dict[str, Any] = {ListingKind.REQUEST: _l("Requests for help"), ListingKind.OFFER: _l("Offers of help")}
STATUS_LABELS: dict[str, Any] = {
    ListingStatus.OPEN: _l("Open"), ListingStatus.MATCHED: _l("Helper found"),
    ListingStatus.COMPLETED: _l("Done"), ListingStatus.EXPIRED: _l("Offline (expired)"),
    ListingStatus.WITHDRAWN: _l("Withdrawn"),
}
STATUS_BADGES = {ListingStatus.OPEN: "success", ListingStatus.MATCHED: "info", ListingStatus.COMPLETED: "neutral",
                 ListingStatus.EXPIRED: "warning", ListingStatus.WITHDRAWN: "neutral"}
PART_OF_DAY_LABELS: dict[str, Any] = {PartOfDay.ANY: _l("any time of day"), PartOfDay.MORNING: _l("in the morning"),
                                      PartOfDay.AFTERNOON: _l("in the afternoon"),
                                      PartOfDay.EVENING: _l("in the evening")}
RECURRENCE_LABELS: dict[str, Any] = {Recurrence.WEEKLY: _l("Every week"),
                                     Recurrence.FORTNIGHTLY: _l("Every two weeks"),
                                     Recurrence.MONTHLY: _l("Every month")}
URGENCY_LABELS: dict[str, Any] = {Urgency.LOW: _l("No hurry"), Urgency.NORMAL: _l("Within a week"),
                                  Urgency.HIGH: _l("Urgent: within two days")}
RESPONSE_STATUS_LABELS: dict[str, Any] = {
    ResponseStatus.OPEN: _l("Waiting for an answer"), ResponseStatus.ACCEPTED: _l("Accepted"),
    ResponseStatus.DECLINED: _l("Not accepted"), ResponseStatus.WITHDRAWN: _l("Withdrawn"),
}
MATCH_STATUS_LABELS: dict[str, Any] = {MatchStatus.ACTIVE: _l("Matched"), MatchStatus.COMPLETED: _l("Done"),
                                       MatchStatus.CANCELLED: _l("Stopped")}


class Category(db.Model):
    """A kind of help (groceries, transport, ...). Admins add, rename and switch them off; never deleted,
    because listings keep pointing at them."""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(CATEGORY_NAME_MAX), unique=True)  # Dutch, as residents read it
    position: Mapped[int] = mapped_column(Integer, default=100)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Listing(TimestampMixin, ModeratableMixin, db.Model):
    """A request for help or an offer of help in one postcode area."""

    __tablename__ = "listing"
    __table_args__ = (
        # One index per query shape of the nearby search and the suggestions (with and without a category),
        # so that "open requests in area 3601, newest first" is a range scan that stops after a page.
        Index("ix_listing_nearby_category", "status", "kind", "category_id", "pc4", "created_at"),
        Index("ix_listing_nearby", "status", "kind", "pc4", "created_at"),
        Index("ix_listing_status_created_at", "status", "created_at"),  # newest first, no place given
        # `flask listings expire`. Not (status, expires_at): SQLite without statistics would pick that one for
        # the nearby search (status = 'open' AND expires_at > now) and sort every open listing.
        Index("ix_listing_expires_at", "expires_at"),
        Index("ix_listing_author_id_created_at", "author_id", "created_at"),  # my listings
        Index("ix_listing_organisation_id_status", "organisation_id", "status"),  # the organisation's page
        UniqueConstraint("author_id", "form_token"),  # a form sent twice makes one listing
        CheckConstraint("radius_km IN ({})".format(", ".join(str(r) for r in RADII)), name="radius_km"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ListingKind] = mapped_column(_enum(ListingKind, 10))
    status: Mapped[ListingStatus] = mapped_column(_enum(ListingStatus, 10), default=ListingStatus.OPEN)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text)
    pc4: Mapped[str] = mapped_column(String(4))
    radius_km: Mapped[int] = mapped_column(Integer)
    timing: Mapped[TimingKind] = mapped_column(_enum(TimingKind, 10), default=TimingKind.FLEXIBLE)
    timing_date: Mapped[date | None]
    part_of_day: Mapped[PartOfDay | None] = mapped_column(_enum(PartOfDay, 10))
    recurrence: Mapped[Recurrence | None] = mapped_column(_enum(Recurrence, 12))
    timing_note: Mapped[str] = mapped_column(String(TIMING_NOTE_MAX), default="")
    urgency: Mapped[Urgency] = mapped_column(_enum(Urgency, 10), default=Urgency.NORMAL)
    # Asked for someone else (a carer, child or neighbour): their first name, and when consent was confirmed.
    on_behalf_name: Mapped[str | None] = mapped_column(String(FIRST_NAME_MAX))
    on_behalf_consent_at: Mapped[datetime | None]
    # Assisted posting: a community manager entered it for a resident who phoned or came by. The manager is
    # the author and handles the contact; the note (how to reach the resident) is for managers only.
    assisted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assisted_note: Mapped[str] = mapped_column(String(ASSISTED_NOTE_MAX), default="")
    # Posted in the name of a verified organisation the author is a member of (shown instead of the author).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime]
    expiry_reminded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    matches_notified_at: Mapped[datetime | None]
    form_token: Mapped[str | None] = mapped_column(String(64))

    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    assisted_by: Mapped[User | None] = relationship(foreign_keys=[assisted_by_id])
    organisation: Mapped[Organisation | None] = relationship()
    responses: Mapped[list[Response]] = relationship(back_populates="listing", order_by="Response.created_at",
                                                     cascade="all, delete-orphan")

    def is_expired(self, now: datetime) -> bool:
        return self.status == ListingStatus.EXPIRED or (
            self.status == ListingStatus.OPEN and self.expires_at <= now)

    def effective_status(self, now: datetime) -> ListingStatus:
        """Pages treat an open listing past its expiry as expired, before `flask listings expire` has run."""
        return ListingStatus.EXPIRED if self.is_expired(now) else self.status

    def is_open(self, now: datetime) -> bool:
        return self.effective_status(now) == ListingStatus.OPEN

    @property
    def is_request(self) -> bool:
        return self.kind == ListingKind.REQUEST

    @property
    def is_assisted(self) -> bool:
        return self.assisted_by_id is not None


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
    status: Mapped[ResponseStatus] = mapped_column(_enum(ResponseStatus, 10), default=ResponseStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)

    listing: Mapped[Listing] = relationship(back_populates="responses")
    responder: Mapped[User] = relationship()
    messages: Mapped[list[Message]] = relationship(back_populates="response", order_by="Message.created_at, Message.id",
                                                   cascade="all, delete-orphan")
    match: Mapped[Match | None] = relationship(back_populates="response", uselist=False)

    def party_ids(self) -> tuple[int, int]:
        return self.listing.author_id, self.responder_id

    def other_party_id(self, user_id: int) -> int:
        owner, responder = self.party_ids()
        return responder if user_id == owner else owner


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
    status: Mapped[MatchStatus] = mapped_column(_enum(MatchStatus, 10), default=MatchStatus.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    minutes: Mapped[int | None] = mapped_column(Integer)
    checkin_sent_at: Mapped[datetime | None]
    requester_shares_email: Mapped[bool] = mapped_column(Boolean, default=False)
    requester_shares_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    helper_shares_email: Mapped[bool] = mapped_column(Boolean, default=False)
    helper_shares_phone: Mapped[bool] = mapped_column(Boolean, default=False)

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


# ---------------------------------------------------------------- refusals

class ListingNotFound(NotFound):
    default_message = _l("We could not find this request or offer. Perhaps it was removed.")


class ResponseNotFound(NotFound):
    default_message = _l("We could not find this conversation.")


class PersonNotFound(NotFound):
    default_message = _l("We could not find this neighbour.")


class CategoryNotFound(NotFound):
    default_message = _l("We could not find this category.")


class OutsideManagerArea(NotAllowed):
    default_message = _l("This postcode area is not in your neighbourhoods. Ask a community manager of that "
                         "neighbourhood, or an administrator.")


class NotOwner(NotAllowed):
    default_message = _l("Only the person who posted this can change it.")


class InvalidListing(DomainError):
    """Bad input in a listing; the message and field say what to fix."""


class UnknownCategory(InvalidListing):
    default_message = _l("Choose one of the kinds of help from the list.")


class InvalidRadius(InvalidListing):
    default_message = _l("Choose a distance from the list: 1, 2, 5, 10 or 25 km.")


class InvalidCategoryName(DomainError):
    default_message = _l("Enter a name of 2 to %(n)s characters.", n=CATEGORY_NAME_MAX)


class DuplicateCategory(DomainError):
    default_message = _l("There is already a category with this name.")


class ListingClosed(Conflict):
    default_message = _l("This request or offer is no longer open. You cannot react to it any more.")


class AlreadyMatched(Conflict):
    default_message = _l("This request already has a helper. Nothing was changed.")


class OwnListing(NotAllowed):
    default_message = _l("This is your own request or offer. You cannot react to it.")


class AlreadyResponded(DomainError):
    default_message = _l("You already reacted to this. You can write more in your conversation.")

    def __init__(self, message: Any = None, *, field: str | None = None, response_id: int | None = None) -> None:
        super().__init__(message, field=field)
        self.response_id = response_id


class Blocked(NotAllowed):
    default_message = _l("You cannot react to or send messages to this person.")


class ResponseClosed(Conflict):
    default_message = _l("This reaction has already been answered. Nothing was changed.")


class ThreadClosed(Conflict):
    default_message = _l("This conversation is closed. You cannot send new messages in it.")


class InvalidMessage(DomainError):
    default_message = _l("Write a message of at most %(n)s characters.", n=MESSAGE_MAX)


class MatchNotActive(Conflict):
    default_message = _l("This match is already finished or stopped. Nothing was changed.")


class InvalidHours(DomainError):
    default_message = _l("Enter the number of hours as a number, for example 1 or 1,5. At most 24.")


class InvalidThanks(DomainError):
    default_message = _l("Write a thank-you note of at most %(n)s characters.", n=THANKS_MAX)


class CannotBlockSelf(DomainError):
    default_message = _l("You cannot block yourself.")


class CannotRenew(Conflict):
    default_message = _l("Only open or expired requests and offers can be put back online.")


class NotEditable(Conflict):
    default_message = _l("This request or offer is closed. You can no longer change it.")
