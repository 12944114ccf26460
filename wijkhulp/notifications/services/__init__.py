"""Notification rules: notify a person, queue mail in the outbox, read marks and e-mail preferences.

`notify` and `queue_mail` only flush: the calling service commits them with its own event, so an event and its
notification and mail are stored together or not at all. Delivery is in mail.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import current_app
import flask_babel
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from wijkhulp.database import utcnow
from wijkhulp.errors import Conflict, InvalidInput, NotFound
from wijkhulp.extensions import db
from wijkhulp.notifications.models import EmailState, MailKind, Notification, NotificationPreference, OutboxMail
from wijkhulp.notifications.queries import unread_count as unread_count  # part of this module's contract
from wijkhulp.registry import events
from wijkhulp.registry.events import MODES

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User

# Site paths of the notification pages; services build mail links without url_for (tests check they match).
NOTIFICATIONS_PATH = "/notifications/"
PREFERENCES_PATH = "/notifications/preferences"

SUBJECT_LENGTH = 300


class UnknownEvent(InvalidInput):
    default_message = _l("This kind of message does not exist (any more). Reload the page and try again.")


class InvalidMode(InvalidInput):
    default_message = _l("Choose one of the options: immediately, once a day, or no e-mail.")


class NotificationNotFound(NotFound):
    default_message = _l("We could not find this message. Perhaps it was removed.")


# ---------------------------------------------------------------- helpers shared with mail.py

def absolute_url(path: str) -> str:
    """'/account/' -> 'https://wijkhulp.example.nl/account/' (BASE_URL); absolute URLs are left alone."""
    if path.startswith(("http://", "https://")):
        return path
    base = str(current_app.config["BASE_URL"]).rstrip("/")
    return f"{base}{path}" if path.startswith("/") else f"{base}/{path}"


def mail_locale(user: Any = None, locale: str | None = None) -> str:
    """The language for a mail: the one asked for, else the person's, else the site default (nl)."""
    supported = tuple(current_app.config.get("LANGUAGES", ("nl", "en")))
    for candidate in (locale, getattr(user, "locale", None)):
        if candidate and candidate in supported:
            return candidate
    return str(current_app.config.get("BABEL_DEFAULT_LOCALE", "nl"))


def site_name() -> str:
    from wijkhulp.settings import services as settings

    return str(settings.get("site_name"))


def _site_path(url: str | None) -> str | None:
    """Only a path on this site ('/listings/4') may be stored as a notification's link."""
    if url is None:
        return None
    parts = urlsplit(url)
    if (not url.startswith("/") or url.startswith("//") or "\\" in url or parts.scheme or parts.netloc
            or any(ord(c) < 32 for c in url) or len(url) > 500):
        raise ValueError(f"notification url must be a site path such as '/account/', not {url!r}")
    return url


def freeze_text(value: Any) -> Any:
    """A lazy text as data, so it can be shown later in the reader's language: {"_": msgid, "p": {...}} (plural:
    also "pl" and "n"). Parameters are frozen the same way; other values become plain text (numbers stay). None
    for a value that is not a translatable text (a plain string is shown as it was stored)."""
    if isinstance(value, LazyString):
        func, args, kwargs = value._func, value._args, value._kwargs
        params = {str(k): _freeze_param(v) for k, v in kwargs.items()}
        if func is flask_babel.gettext and len(args) == 1 and isinstance(args[0], str):
            return {"_": args[0], "p": params}
        if (func is flask_babel.ngettext and len(args) == 3 and isinstance(args[0], str)
                and isinstance(args[1], str) and isinstance(args[2], int)):
            return {"_": args[0], "pl": args[1], "n": args[2], "p": params}
    return None


def _freeze_param(value: Any) -> Any:
    frozen = freeze_text(value)
    if frozen is not None:
        return frozen
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value)


def _one_line(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def mail_footer() -> str:
    """The last lines of every mail (call inside the recipient's language)."""
    return _("You get this e-mail from %(site)s. Choose which e-mails you get: %(link)s",
             site=site_name(), link=absolute_url(PREFERENCES_PATH))


def add_mail(*, kind: MailKind, to: str, subject: Any, body: Any, user: User | None, locale: str) -> OutboxMail:
    """Write a mail to the outbox in `locale`, with the preferences footer. Flush only."""
    address = (to or "").strip()
    if not address or "\n" in address or "\r" in address:
        raise ValueError("a mail needs one recipient address")
    if user is not None and user.id is None:
        db.session.flush()
    with force_locale(locale):
        text = str(body).rstrip()
        mail = OutboxMail(kind=kind, to_address=address, subject=_one_line(str(subject), SUBJECT_LENGTH),
                          body=f"{text}\n\n-- \n{mail_footer()}\n",
                          user_id=user.id if user is not None else None, locale=locale)
    db.session.add(mail)
    db.session.flush()
    return mail


def can_email(user: User) -> bool:
    """Notification mail goes only to a confirmed address of a live account (account mail ignores this)."""
    return user.deleted_at is None and user.email_verified_at is not None and bool(user.email)


def modes_for(user: User) -> dict[str, str]:
    """Event key -> mode for every registered event, the person's choice or the event's default."""
    chosen = {row.event: row.mode for row in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    return {event.key: chosen.get(event.key, event.default_mode) for event in events.event_types()}


def _mode_for(user: User, event: events.EventType) -> str:
    chosen = db.session.scalar(select(NotificationPreference.mode).where(
        NotificationPreference.user_id == user.id, NotificationPreference.event == event.key))
    return chosen if chosen in MODES else event.default_mode


# ---------------------------------------------------------------- the contract other features use

def notify(recipient: User, event: str, *, message: Any, url: str | None = None) -> Notification | None:
    """Tell `recipient` about `event`: an in-app notification and, by their preference, a mail. Flush only.

    `message` may be a lazy string; it is rendered in the recipient's language. `url` is a site path.
    Returns None (and stores nothing) for a deleted account. Raises ValueError for an unregistered event.
    """
    kind = events.get_event(event)
    if kind is None:
        raise ValueError(f"unknown notification event {event!r}: declare it in its feature manifest")
    path = _site_path(url)
    if recipient is None or recipient.deleted_at is not None:
        return None
    if recipient.id is None:
        db.session.flush()
    locale = mail_locale(recipient)
    with force_locale(locale):
        text = str(message).strip()
    note = Notification(user_id=recipient.id, event=event, message=text, message_source=freeze_text(message),
                        url=path, email_state=EmailState.NONE)
    mode = _mode_for(recipient, kind) if can_email(recipient) else "off"
    if mode == "immediate":
        with force_locale(locale):
            site = site_name()
            subject = _("%(event)s – %(site)s", event=kind.label, site=site)
            lines = [_("Hello %(name)s,", name=recipient.display_name), "", text, ""]
            if path:
                lines.append(_("Read more on %(site)s: %(link)s", site=site, link=absolute_url(path)))
            else:
                lines.append(_("See all your notifications: %(link)s", link=absolute_url(NOTIFICATIONS_PATH)))
        mail = add_mail(kind=MailKind.NOTIFICATION, to=recipient.email, subject=subject, body="\n".join(lines),
                        user=recipient, locale=locale)
        note.email_state, note.mail_id = EmailState.QUEUED, mail.id
    elif mode == "digest":
        note.email_state = EmailState.DIGEST
    db.session.add(note)
    db.session.flush()
    return note


def queue_mail(*, to: str, subject: Any, body: Any, user: User | None = None,
               locale: str | None = None) -> OutboxMail:
    """Queue an account mail (verification, password reset, e-mail change) whatever the preferences. Flush only.

    Lazy strings are rendered in `locale`, else the person's language, else Dutch.
    """
    return add_mail(kind=MailKind.ACCOUNT, to=to, subject=subject, body=body, user=user,
                    locale=mail_locale(user, locale))


def _mark_read(user: User, notification_id: int) -> Notification:
    note = db.session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id))
    if note is None:
        raise NotificationNotFound()
    if note.read_at is None:
        note.read_at = utcnow()
    return note


def mark_read(user: User, notification_id: int) -> None:
    """Mark one of the person's own notifications as read. Commits.

    Raises NotificationNotFound (404), also for someone else's notification.
    """
    _mark_read(user, notification_id)
    db.session.commit()


def open_notification(user: User, notification_id: int) -> str | None:
    """Mark one of the person's own notifications as read and give its site path (or None). Commits.

    Raises NotificationNotFound (404), also for someone else's notification.
    """
    url = _mark_read(user, notification_id).url
    db.session.commit()
    return url


def mark_read_for_url(user: User, url: str, *, events: tuple[str, ...]) -> None:
    """Flush only: mark the person's unread notifications of these events that point to `url` as read (for
    example the "new message" notifications of a conversation its reader marked as read)."""
    db.session.execute(
        update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None),
                                   Notification.url == url, Notification.event.in_(events))
        .values(read_at=utcnow()).execution_options(synchronize_session="fetch"))


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the person as read. Commits. Returns how many changed."""
    result = db.session.execute(
        update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session="fetch"))
    db.session.commit()
    return int(result.rowcount or 0)


def preferences(user: User) -> dict[str, str]:
    """Event key -> mode ("immediate", "digest" or "off") for every registered event, defaults filled in."""
    return modes_for(user)


def set_preferences(user: User, modes: Mapping[str, str]) -> None:
    """Store the person's e-mail choice per event type. Commits.

    Raises UnknownEvent or InvalidMode (with the event key as `field`); nothing is stored then.
    """
    for key, mode in modes.items():
        if events.get_event(key) is None:
            raise UnknownEvent(field=key)
        if mode not in MODES:
            raise InvalidMode(field=key)
    rows = {row.event: row for row in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for key, mode in modes.items():
        row = rows.get(key)
        if row is None:
            db.session.add(NotificationPreference(user_id=user.id, event=key, mode=mode))
        elif row.mode != mode:
            row.mode = mode
    try:
        db.session.commit()
    except IntegrityError:  # the same person saved twice at the same moment
        db.session.rollback()
        raise Conflict() from None


# ---------------------------------------------------------------- my data and account deletion

def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_user_data(user: User) -> dict[str, Any]:
    """The person's notifications, e-mail choices and the mails we sent them (without bodies: they may hold
    sign-in links), as JSON-ready data."""
    notes = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                               .order_by(Notification.created_at, Notification.id))
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.user_id == user.id)
                               .order_by(OutboxMail.created_at, OutboxMail.id))
    return {
        "notifications": [{"created_at": _iso(n.created_at), "event": n.event, "message": n.message,
                           "link": n.url, "read_at": _iso(n.read_at), "email": n.email_state.value}
                          for n in notes],
        "email_preferences": modes_for(user),
        "emails": [{"created_at": _iso(m.created_at), "to": m.to_address, "subject": m.subject,
                    "sent_at": _iso(m.sent_at), "status": m.status} for m in mails],
    }


def erase_user_data(user: User) -> None:
    """Delete the person's notifications, preferences and the mail queued with their account (sent or
    waiting). Flush only. Queue a farewell mail, if any, after calling this."""
    db.session.execute(delete(Notification).where(Notification.user_id == user.id)
                       .execution_options(synchronize_session="fetch"))
    db.session.execute(delete(NotificationPreference).where(NotificationPreference.user_id == user.id)
                       .execution_options(synchronize_session="fetch"))
    db.session.execute(delete(OutboxMail).where(OutboxMail.user_id == user.id)
                       .execution_options(synchronize_session="fetch"))
    db.session.flush()
