"""Delivery of the outbox (smtp, console or capture backend); the daily overview mails are in digests.py.

Every function that changes rows commits; run them from cron (`flask mail send-queued`, `flask mail
send-digests`) or, in development, right after each request (MAIL_DELIVER_AFTER_REQUEST).
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import ssl
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import and_, delete, or_, select, update

from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.notifications.models import OutboxMail
from wijkhulp.notifications.services.digests import DIGEST_MAX_ITEMS as DIGEST_MAX_ITEMS  # still mail.X
from wijkhulp.notifications.services.digests import digest_cutoff as digest_cutoff
from wijkhulp.notifications.services.digests import send_digests as send_digests

log = logging.getLogger(__name__)

BACKOFF_FIRST = timedelta(minutes=1)  # then 2, 4, 8 ... minutes
BACKOFF_MAX = timedelta(hours=4)
CLAIM_FOR = timedelta(minutes=10)  # a crashed sender's claim expires after this
MAX_ATTEMPTS = 40  # about five days of retries; then the mail is marked failed (kept, `flask mail retry-failed`)
# Claims whose batch stopped on a database error (a restart), per thread (a thread sends one batch at a time, so
# its own old claim is surely not in use): released at that thread's next pass, so their mail goes out within
# seconds of the database's return instead of after CLAIM_FOR. A mail the server had already taken before the
# error goes out twice then, with the same Message-ID.
_unfinished_claims: dict[str, int] = {}


# ---------------------------------------------------------------- backends

class MailServerUnavailable(Exception):
    """The mail server cannot be reached or refuses the session: no mail of this batch can go now."""


class MailRefused(Exception):
    """The mail server refused this one mail (for example its address); the others may still go."""


class MailBackend(Protocol):
    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


class SMTPBackend:
    """smtplib to MAIL_SERVER:MAIL_PORT, STARTTLS when MAIL_USE_TLS, login when MAIL_USERNAME; one session per
    batch."""

    def __init__(self, config: Any) -> None:
        self.host = config.get("MAIL_SERVER") or "localhost"
        self.port = int(config.get("MAIL_PORT") or 25)
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.username = config.get("MAIL_USERNAME")
        self.password = config.get("MAIL_PASSWORD") or ""
        self.timeout = float(config.get("MAIL_TIMEOUT", 20))
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage) -> None:
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise MailRefused(_describe(exc)) from exc
        except (OSError, smtplib.SMTPException) as exc:  # refused connection, timeout, TLS, login, hang-up
            self._drop()
            raise MailServerUnavailable(_describe(exc)) from exc

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._drop()


class ConsoleBackend:
    """Prints each whole mail to stdout (development: the verification link appears in the console)."""

    def send(self, message: EmailMessage) -> None:
        headers = "\n".join(f"{name}: {value}" for name, value in message.items()
                            if name.lower() not in ("content-type", "content-transfer-encoding", "mime-version"))
        line = "-" * 72
        print(f"{line}\n{headers}\n\n{message.get_content().rstrip()}\n{line}", file=sys.stdout, flush=True)

    def close(self) -> None:
        pass


class CaptureBackend:
    """Keeps each EmailMessage in app.extensions["mail_capture"] (the tests' `outbox` fixture)."""

    def __init__(self, app: Any) -> None:
        self.captured = app.extensions.setdefault("mail_capture", [])

    def send(self, message: EmailMessage) -> None:
        self.captured.append(message)

    def close(self) -> None:
        pass


def get_backend() -> MailBackend:
    """The backend MAIL_BACKEND names: "smtp", "console" or "capture"."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    name = app.config.get("MAIL_BACKEND", "smtp")
    if name == "smtp":
        return SMTPBackend(app.config)
    if name == "console":
        return ConsoleBackend()
    if name == "capture":
        return CaptureBackend(app)
    raise RuntimeError(f"MAIL_BACKEND must be smtp, console or capture, not {name!r}")


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text[:2000]


def build_message(mail: _Pending, sender: str) -> EmailMessage:
    """A UTF-8 text mail; quoted-printable keeps it 7-bit for any relay. The Message-ID is stable per outbox
    row, so a mail that went out twice after a crash can be recognised as one."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "wijkhulp.local"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    message["Message-ID"] = f"<outbox.{mail.id}.{int(mail.created_at.timestamp())}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body, charset="utf-8", cte="quoted-printable")
    if mail.locale:  # after set_content, which clears Content-* headers
        message["Content-Language"] = mail.locale
    return message


# ---------------------------------------------------------------- the outbox

@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    failed: int = 0

    def __add__(self, other: SendResult) -> SendResult:
        return SendResult(self.sent + other.sent, self.failed + other.failed)

    @property
    def handled(self) -> int:
        return self.sent + self.failed


@dataclass(frozen=True)
class _Pending:
    """A claimed row as plain values, so commits between sends don't reload it."""

    id: int
    attempts: int
    to_address: str
    subject: str
    body: str
    locale: str | None
    created_at: datetime


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failures: 1, 2, 4, 8 ... minutes, at most 4 hours."""
    return min(BACKOFF_FIRST * 2 ** min(max(attempts - 1, 0), 20), BACKOFF_MAX)


def _due(now: datetime) -> Any:
    return and_(OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None), OutboxMail.next_attempt_at <= now,
                or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until <= now))


def claim(*, now: datetime, limit: int, token: str) -> int:
    """Claim up to `limit` due mails for this sender and commit. Returns how many.

    PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, so a second sender takes the next rows instead of waiting
    (inside one UPDATE such a subquery may be re-run and claim more than `limit`). SQLite: one UPDATE with the
    choice as a subquery, as SQLite runs one writer at a time. Both repeat the due conditions in the UPDATE,
    so of two senders racing for a row only one gets it.
    """
    due_ids = select(OutboxMail.id).where(_due(now)).order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        chosen: Any = list(db.session.scalars(due_ids.with_for_update(skip_locked=True)))
        if not chosen:
            db.session.commit()
            return 0
    else:
        chosen = due_ids
    result = db.session.execute(
        update(OutboxMail).where(OutboxMail.id.in_(chosen), _due(now))
        .values(claimed_until=now + CLAIM_FOR, claim_token=token)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return int(result.rowcount or 0)


def _claimed(token: str) -> list[_Pending]:
    rows = db.session.scalars(select(OutboxMail).where(OutboxMail.claim_token == token,
                                                       OutboxMail.sent_at.is_(None))
                              .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
                              .execution_options(populate_existing=True))
    return [_Pending(m.id, m.attempts, m.to_address, m.subject, m.body, m.locale, m.created_at) for m in rows]


def _mark_sent(mail: _Pending, at: datetime) -> None:
    db.session.execute(update(OutboxMail).where(OutboxMail.id == mail.id)
                       .values(sent_at=at, claimed_until=None, last_error=None)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def _seconds() -> float:
    return time.monotonic()


def _release(mails: list[_Pending]) -> None:
    db.session.execute(update(OutboxMail).where(OutboxMail.id.in_([m.id for m in mails]))
                       .values(claimed_until=None).execution_options(synchronize_session=False))
    db.session.commit()


def _mark_failed(mails: list[_Pending], error: str, now: datetime) -> None:
    limit = int(current_app.config.get("MAIL_MAX_ATTEMPTS", MAX_ATTEMPTS))
    for mail in mails:
        attempts = mail.attempts + 1
        values: dict[str, Any] = {"attempts": attempts, "last_error": error, "claimed_until": None,
                                  "next_attempt_at": now + backoff(attempts)}
        if attempts >= limit:
            values["failed_at"] = now
        db.session.execute(update(OutboxMail).where(OutboxMail.id == mail.id).values(**values)
                           .execution_options(synchronize_session=False))
    db.session.commit()
    log.warning("mail %s not sent, kept in the outbox: %s", ", ".join(str(m.id) for m in mails), error)


def send_queued(*, now: datetime | None = None, limit: int = 100) -> SendResult:
    """Deliver up to `limit` due mails from the outbox. Commits per mail.

    A failed mail stays queued: `attempts` + 1, `next_attempt_at` after an exponential backoff, `last_error`.
    When the server is unreachable the rest of the batch is put back the same way without trying each.
    """
    def clock() -> datetime:  # a fixed `now` (tests, back-dated runs) or the real time per mail
        return now if now is not None else utcnow()

    start = clock()
    _release_unfinished()
    token = secrets.token_hex(16)
    if db.session.scalar(select(OutboxMail.id).where(_due(start)).limit(1)) is None:
        return SendResult()  # nothing due: no write lock taken
    if not claim(now=start, limit=limit, token=token):
        return SendResult()
    pending = _claimed(token)
    sender = str(current_app.config.get("MAIL_FROM") or "wijkhulp <noreply@wijkhulp.local>")
    backend = get_backend()
    sent = failed = 0
    deadline = _seconds() + CLAIM_FOR.total_seconds() * 0.8  # stop well before the claim runs out
    _unfinished_claims[token] = threading.get_ident()
    try:
        for index, mail in enumerate(pending):
            if _seconds() > deadline:
                _release(pending[index:])
                break
            try:
                backend.send(build_message(mail, sender))
            except MailServerUnavailable as exc:
                rest = pending[index:]
                _mark_failed(rest, str(exc), clock())
                failed += len(rest)
                break
            except Exception as exc:  # a refused address or a broken row must not block the queue
                if not isinstance(exc, MailRefused):
                    log.exception("could not send mail %s", mail.id)
                _mark_failed([mail], str(exc) if isinstance(exc, MailRefused) else _describe(exc), clock())
                failed += 1
            else:
                _mark_sent(mail, clock())
                sent += 1
        _unfinished_claims.pop(token, None)  # every claimed mail is sent, put back or released
    finally:
        backend.close()
    return SendResult(sent=sent, failed=failed)


def _release_unfinished() -> None:
    """Put back the unsent mail of this process's batches that a database error stopped. Commits."""
    me = threading.get_ident()
    tokens = sorted(token for token, thread in list(_unfinished_claims.items()) if thread == me)
    if not tokens:
        return
    try:
        db.session.execute(update(OutboxMail).where(OutboxMail.claim_token.in_(tokens), OutboxMail.sent_at.is_(None))
                           .values(claimed_until=None).execution_options(synchronize_session=False))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for token in tokens:
        _unfinished_claims.pop(token, None)


def retry_failed(*, now: datetime | None = None) -> int:
    """Put mails that were given up on back in the queue. Commits. Returns how many."""
    result = db.session.execute(
        update(OutboxMail).where(OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_not(None))
        .values(failed_at=None, attempts=0, next_attempt_at=now or utcnow(), claimed_until=None)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return int(result.rowcount or 0)


def prune_sent(*, older_than: timedelta = timedelta(days=90), now: datetime | None = None) -> int:
    """Delete mail sent longer ago than `older_than` (bodies hold personal messages). Commits. Returns how
    many. Unsent and failed mail is never pruned."""
    cutoff = (now or utcnow()) - older_than
    result = db.session.execute(delete(OutboxMail).where(OutboxMail.sent_at.is_not(None), OutboxMail.sent_at < cutoff)
                                .execution_options(synchronize_session=False))
    db.session.commit()
    return int(result.rowcount or 0)
