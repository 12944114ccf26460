"""Notifications, per-person e-mail preferences and the mail outbox."""

from __future__ import annotations

import enum
from datetime import datetime

from typing import Any

from flask_babel import get_locale, get_translations
from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.registry.events import MODES


class EmailState(enum.StrEnum):
    """What happens by e-mail with a notification."""

    NONE = "none"  # no e-mail: preference off, address not confirmed, or already read before the digest
    QUEUED = "queued"  # an immediate e-mail is in the outbox (mail_id)
    DIGEST = "digest"  # waiting for the daily overview
    DIGESTED = "digested"  # bundled into a daily overview (mail_id)


class MailKind(enum.StrEnum):
    ACCOUNT = "account"  # verification, password reset, e-mail change: ignores preferences
    NOTIFICATION = "notification"
    DIGEST = "digest"


def _enum(kind: type[enum.StrEnum], length: int) -> Enum:
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Notification(db.Model):
    """One message for one person, shown on /notifications/. Deleted with the person's account data."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user_id_created_at", "user_id", "created_at"),  # the list, newest first
        Index("ix_notification_user_id_read_at", "user_id", "read_at"),  # the unread count
        Index("ix_notification_email_state_created_at", "email_state", "created_at"),  # the daily overview
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)  # in the person's language at the time (mail, data download)
    # The text as a message key and its parameters, so the page shows it in the reader's language of today
    # ({"_": msgid, "p": {name: value}}, plural: also "pl" and "n"; a parameter may itself be such a text).
    # None for rows from before it was kept, and for texts that were not translatable: `message` is shown then.
    message_source: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    url: Mapped[str | None] = mapped_column(String(500))  # a site path such as "/account/"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    email_state: Mapped[EmailState] = mapped_column(_enum(EmailState, 10), default=EmailState.NONE)
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_mail.id", ondelete="SET NULL"), index=True)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def text(self) -> str:
        """The message in the language of the page being shown (the stored text when it cannot be rebuilt)."""
        if not self.message_source:
            return self.message
        try:
            return render_text(self.message_source)
        except _StaleText:
            return self.message


class _StaleText(Exception):
    """A stored message key that this version of the code no longer translates, or whose parameters changed."""


def render_text(source: Any) -> Any:
    """Rebuild a text kept by `notifications.services.freeze_text` in the current language."""
    if not isinstance(source, dict):
        return source
    if "_" not in source:
        raise _StaleText()
    params = {k: render_text(v) for k, v in (source.get("p") or {}).items()}
    msgid = str(source["_"])
    translations = get_translations()
    if "pl" in source:
        num = int(source.get("n") or 0)
        raw = translations.ungettext(msgid, str(source["pl"]), num)
        untranslated = raw in (msgid, source["pl"])
        params.setdefault("num", num)
    else:
        raw = translations.ugettext(msgid)
        untranslated = raw == msgid
    locale = get_locale()
    if untranslated and locale is not None and locale.language != "en":
        raise _StaleText()  # the key is gone from the catalogue: the stored text is better than English
    try:
        return raw % params if params else raw
    except (KeyError, TypeError, ValueError):
        raise _StaleText() from None


class NotificationPreference(db.Model):
    """A person's choice for one event type; absent rows mean the event's default."""

    __tablename__ = "notification_preference"
    __table_args__ = (
        UniqueConstraint("user_id", "event"),
        CheckConstraint("mode IN ({})".format(", ".join(f"'{m}'" for m in MODES)), name="mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OutboxMail(db.Model):
    """An e-mail written in the same transaction as its event; a cron command delivers it, with retries.

    Rows are never deleted on failure: after MAIL_MAX_ATTEMPTS a mail gets `failed_at` and waits for
    `flask mail retry-failed`. A deleted account's mail is removed with its data.
    """

    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_due", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MailKind] = mapped_column(_enum(MailKind, 20), default=MailKind.ACCOUNT)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_until: Mapped[datetime | None]  # a sender owns the row until then; a crashed sender's claim expires
    claim_token: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]  # gave up after too many attempts; kept, can be retried

    @property
    def status(self) -> str:
        if self.sent_at is not None:
            return "sent"
        if self.failed_at is not None:
            return "failed"
        return "retrying" if self.attempts else "queued"

