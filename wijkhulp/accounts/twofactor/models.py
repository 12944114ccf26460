"""Two-factor data, in tables of its own: the TOTP secret of a person and their hashed recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from wijkhulp.database import utcnow
from wijkhulp.extensions import db


class TotpCredential(db.Model):
    """A confirmed authenticator app. Only a confirmed one is stored: the secret of a setup in progress lives in
    the person's own session until they type a code from it."""

    __tablename__ = "totp_credential"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    secret: Mapped[str] = mapped_column(String(64))  # base32
    enabled_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The last 30-second time step a code was accepted for: a code is never accepted twice (replay).
    last_step: Mapped[int] = mapped_column(BigInteger, default=0)


class RecoveryCode(db.Model):
    """One single-use recovery code, stored as a hash; the code itself is shown once."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]
