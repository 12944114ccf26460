"""Organisations (partners), their members and invitations, and the feature's refusals."""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import ModeratableMixin, TimestampMixin, utcnow
from wijkhulp.errors import DomainError, InvalidInput, NotAllowed, NotFound
from wijkhulp.extensions import db

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User

NAME_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
WEBSITE_MAX_LENGTH = 200
REASON_MAX_LENGTH = 1000
INVITATION_DAYS = 30


def _enum(kind: type[enum.Enum], length: int = 20) -> Any:
    return db.Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class OrganisationType(enum.StrEnum):
    BUSINESS = "business"
    FOUNDATION = "foundation"
    ASSOCIATION = "association"
    CARE = "care"
    HOUSING = "housing"
    MUNICIPALITY = "municipality"
    OTHER = "other"


TYPE_LABELS = {
    OrganisationType.BUSINESS: _l("Business or shop"),
    OrganisationType.FOUNDATION: _l("Foundation"),
    OrganisationType.ASSOCIATION: _l("Association or club"),
    OrganisationType.CARE: _l("Care or welfare organisation"),
    OrganisationType.HOUSING: _l("Housing corporation"),
    OrganisationType.MUNICIPALITY: _l("Municipality"),
    OrganisationType.OTHER: _l("Other"),
}


class MemberRole(enum.StrEnum):
    COORDINATOR = "coordinator"  # changes the details and the members
    MEMBER = "member"


ROLE_LABELS = {MemberRole.COORDINATOR: _l("Coordinator"), MemberRole.MEMBER: _l("Member")}


class InvitationStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVOKED = "revoked"


class Organisation(TimestampMixin, ModeratableMixin, db.Model):
    """A partner. It can act (pledge, offer) only after a community manager verified it."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    name_key: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH), unique=True)  # 'bakkerij-de-vecht'
    type: Mapped[OrganisationType] = mapped_column(_enum(OrganisationType))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(WEBSITE_MAX_LENGTH))
    kvk_number: Mapped[str | None] = mapped_column(String(8), unique=True)  # Chamber of Commerce
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    declined_at: Mapped[datetime | None]
    decline_reason: Mapped[str | None] = mapped_column(Text)

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Membership.created_at")
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Invitation.created_at")

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_declined(self) -> bool:
        return self.verified_at is None and self.declined_at is not None

    @property
    def is_awaiting_review(self) -> bool:
        return self.verified_at is None and self.declined_at is None

    @property
    def type_label(self) -> Any:
        return TYPE_LABELS[self.type]

    def membership_of(self, user: Any) -> Membership | None:
        user_id = getattr(user, "id", None)
        return next((m for m in self.memberships if m.user_id == user_id), None)

    @property
    def coordinators(self) -> list[Membership]:
        return [m for m in self.memberships if m.role == MemberRole.COORDINATOR]

    def ensure_can_act(self) -> None:
        if self.hidden_at is not None or self.verified_at is None:
            raise OrganisationNotVerified()


class Membership(db.Model):
    __tablename__ = "organisation_membership"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(_enum(MemberRole), default=MemberRole.MEMBER)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    @property
    def is_coordinator(self) -> bool:
        return self.role == MemberRole.COORDINATOR

    @property
    def role_label(self) -> Any:
        return ROLE_LABELS[self.role]


class Invitation(db.Model):
    """One row per organisation and address: inviting again renews it (a constraint, so also in a race)."""

    __tablename__ = "organisation_invitation"
    __table_args__ = (UniqueConstraint("organisation_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254), index=True)  # lower-case
    role: Mapped[MemberRole] = mapped_column(_enum(MemberRole), default=MemberRole.MEMBER)
    status: Mapped[InvitationStatus] = mapped_column(_enum(InvitationStatus), default=InvitationStatus.PENDING)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship(back_populates="invitations")
    invited_by: Mapped[User | None] = relationship()

    def is_open(self, now: datetime) -> bool:
        return self.status == InvitationStatus.PENDING and now < self.expires_at

    @property
    def role_label(self) -> Any:
        return ROLE_LABELS[self.role]

    def renew(self, now: datetime, role: MemberRole, invited_by: User | None) -> None:
        self.status = InvitationStatus.PENDING
        self.role = role
        self.invited_by = invited_by
        self.created_at = now
        self.expires_at = now + timedelta(days=INVITATION_DAYS)
        self.answered_at = None


# ---------------------------------------------------------------- pure rules

_KVK = re.compile(r"[0-9]{8}")
_WEBSITE = re.compile(r"https?://[^\s/$.?#][^\s]*\.[^\s]+", re.IGNORECASE)


def clean_name(raw: str | None) -> str:
    return re.sub(r"\s+", " ", raw or "").strip()


def name_key(name: str) -> str:
    """'Bakkerij  De Vecht' and 'bakkerij de vecht' are the same organisation."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:NAME_MAX_LENGTH]


def normalise_kvk(raw: str | None) -> str | None:
    """'12 34 56 78' or '12345678' -> '12345678'; '' -> None; raises InvalidKvkNumber otherwise."""
    text = re.sub(r"[\s.\-]", "", raw or "")
    if not text:
        return None
    if not _KVK.fullmatch(text):
        raise InvalidKvkNumber(field="kvk_number")
    return text


def normalise_website(raw: str | None) -> str | None:
    """'www.bakkerij.nl' -> 'https://www.bakkerij.nl'; '' -> None; raises InvalidWebsite otherwise."""
    text = (raw or "").strip()
    if not text:
        return None
    if not re.match(r"https?://", text, re.IGNORECASE):
        text = "https://" + text
    if len(text) > WEBSITE_MAX_LENGTH or not _WEBSITE.fullmatch(text):
        raise InvalidWebsite(field="website")
    return text


# ---------------------------------------------------------------- refusals

class OrganisationNotFound(NotFound):
    default_message = _l("We could not find that organisation.")


class InvitationNotFound(NotFound):
    default_message = _l("We could not find this invitation. Perhaps it was withdrawn.")


class MemberNotFound(NotFound):
    default_message = _l("This person is not a member of the organisation (any more).")


class OrganisationNotVerified(DomainError):
    default_message = _l("This organisation has not been checked by the community manager yet. It can act on "
                         "this site once it has been checked.")


class NotAMember(NotAllowed):
    default_message = _l("You are not a member of this organisation, so you cannot act on its behalf.")


class InvalidOrganisationName(InvalidInput):
    default_message = _l("Enter the name of the organisation (at most %(n)s characters).", n=NAME_MAX_LENGTH)


class DuplicateOrganisation(InvalidInput):
    default_message = _l("An organisation with this name is already registered. If it is yours, ask one of its "
                         "members to invite you.")


class DuplicateKvkNumber(InvalidInput):
    default_message = _l("An organisation with this Chamber of Commerce number is already registered. If it is "
                         "yours, ask one of its members to invite you.")


class InvalidKvkNumber(InvalidInput):
    default_message = _l("A Chamber of Commerce (KvK) number has 8 digits, for example 12345678. You may also "
                         "leave it empty.")


class InvalidWebsite(InvalidInput):
    default_message = _l("Enter a web address, for example www.bakkerij-devecht.nl. You may also leave it empty.")


class InvalidOrganisationType(InvalidInput):
    default_message = _l("Choose what kind of organisation it is.")


class InvalidDescription(InvalidInput):
    default_message = _l("The description is too long. Use at most %(n)s characters.", n=DESCRIPTION_MAX_LENGTH)


class InvalidReason(InvalidInput):
    default_message = _l("Write in a few words why (at most %(n)s characters). The organisation will read this.",
                         n=REASON_MAX_LENGTH)


class AlreadyMember(InvalidInput):
    default_message = _l("This person is already a member of the organisation.")


class InvitationClosed(DomainError):
    default_message = _l("This invitation can no longer be used. Ask the organisation to invite you again.")


class InvitationForSomeoneElse(NotAllowed):
    default_message = _l("This invitation was sent to another e-mail address. Sign in with that address, or ask "
                         "the organisation to invite the address you use here.")


class LastCoordinator(DomainError):
    default_message = _l("An organisation needs at least one coordinator. Make someone else coordinator first.")


class AlreadyVerified(DomainError):
    default_message = _l("This organisation has already been checked.")
