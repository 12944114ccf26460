"""User accounts with a role; designed so that deletion leaves "a former resident"."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, String, Text, update
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from wijkhulp.database import ModeratableMixin, TimestampMixin, utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db


class Role(enum.StrEnum):
    RESIDENT = "resident"
    MANAGER = "manager"
    ADMIN = "admin"


ROLE_LABELS = {Role.RESIDENT: _l("Resident"), Role.MANAGER: _l("Community manager"), Role.ADMIN: _l("Admin")}


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class NotVerified(NotAllowed):
    """Acting (posting, reacting, pledging, plans) needs a confirmed e-mail address. 403; a feature may pass its
    own wording."""

    default_message = _l("First confirm your e-mail address. Then you can post and react.")
    template = "errors/not_verified.html"  # explains what to do (resend the link, look in spam), not "error 403"


class User(TimestampMixin, ModeratableMixin, db.Model):  # hidden_at: moderation hid the public profile
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    email_verified_at: Mapped[datetime | None]
    password_hash: Mapped[str] = mapped_column(String(256))
    display_name: Mapped[str] = mapped_column(String(60))
    postcode: Mapped[str | None] = mapped_column(String(7))  # private: "3601 AB"
    pc4: Mapped[str | None] = mapped_column(String(4), index=True)  # public area
    role: Mapped[Role] = mapped_column(
        db.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Role.RESIDENT)
    bio: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[str] = mapped_column(String(500), default="")
    languages: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(30))
    locale: Mapped[str | None] = mapped_column(String(5))
    share_email_default: Mapped[bool] = mapped_column(Boolean, default=True)
    share_phone_default: Mapped[bool] = mapped_column(Boolean, default=False)
    terms_accepted_at: Mapped[datetime | None]
    age_confirmed_at: Mapped[datetime | None]  # "I am 16 or older" (AVG), ticked at registration
    blocked_at: Mapped[datetime | None]
    blocked_reason: Mapped[str | None] = mapped_column(String(500))
    deleted_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # `flask privacy purge` mailed "your account will be deleted" (inactive); a later sign-in cancels it
    inactivity_warned_at: Mapped[datetime | None]
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    # Flask-Login protocol, written out so that changing session_token ends every session.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.blocked_at is None and self.deleted_at is None

    @property
    def is_anonymous(self) -> bool:
        return False

    # The sign-in this request belongs to (set by the user loader, or by the login view before login_user).
    current_sign_in = None  # a SignIn
    current_sign_in_token = None  # its raw token, only while signing in

    def get_id(self) -> str:
        """The login id: "<user id>:<sign-in token>"; the token is stored hashed in `sign_in`."""
        if not self.current_sign_in_token:
            raise RuntimeError("start a sign-in (accounts.services.start_sign_in) before login_user")
        return f"{self.id}:{self.current_sign_in_token}"

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.MANAGER, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def public_name(self) -> str:
        return str(_l("a former resident")) if self.is_deleted else self.display_name

    def set_password(self, password: str, method: str = "scrypt") -> None:
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """End every sign-in of this person (password change, reset, block, deletion). Flushes nothing itself."""
        self.session_token = new_session_token()
        if self.id is not None:
            db.session.execute(update(SignIn).where(SignIn.user_id == self.id, SignIn.ended_at.is_(None))
                               .values(ended_at=utcnow()).execution_options(synchronize_session="fetch"))

    def mark_verified(self) -> None:
        if self.email_verified_at is None:
            self.email_verified_at = utcnow()


def hash_sign_in_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SignIn(db.Model):
    """One sign-in on one device: the login id carries its random token, stored here only as a hash. Signing out
    (or "sign out everywhere", a password change, a block) sets ended_at, after which the cookie no longer works."""

    __tablename__ = "sign_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    device: Mapped[str] = mapped_column(String(80), default="")  # "Firefox on Windows"; never the full string
    ended_at: Mapped[datetime | None]

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
