"""The daily overview (digest) mails: one per person, with the notifications from before today."""

from __future__ import annotations

import logging
from datetime import datetime

from flask_babel import force_locale
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, select, update
from sqlalchemy.exc import OperationalError

from wijkhulp.accounts.models import User
from wijkhulp.database import LOCAL_TZ, utcnow
from wijkhulp.extensions import db
from wijkhulp.i18n import DATETIME_PATTERN
from wijkhulp.notifications import services
from wijkhulp.notifications.models import EmailState, MailKind, Notification

log = logging.getLogger(__name__)

DIGEST_MAX_ITEMS = 50


def digest_cutoff(now: datetime) -> datetime:
    """The start of today in the site's time zone: an overview holds what came before it, so each
    notification is in one overview and each person gets at most one overview per day, however often cron
    runs."""
    local = now.astimezone(LOCAL_TZ)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(now.tzinfo)


def send_digests(*, now: datetime | None = None) -> int:
    """Queue one overview mail per person with digest notifications from before today. Commits per person.

    Running it again sends nothing twice: bundled notifications are marked `digested`. Read notifications,
    and events the person has since switched off, are left out. Returns the number of overviews queued.
    """
    now = now or utcnow()
    cutoff = digest_cutoff(now)
    user_ids = list(db.session.scalars(
        select(Notification.user_id).where(Notification.email_state == EmailState.DIGEST,
                                           Notification.created_at < cutoff).distinct()))
    db.session.rollback()
    queued = 0
    for user_id in user_ids:
        try:
            queued += _digest_for(user_id, cutoff)
        except OperationalError:  # SQLite: another sender wrote meanwhile; this person is done next run
            db.session.rollback()
            log.warning("daily overview for user %s postponed: database busy", user_id)
    return queued


def _digest_for(user_id: int, cutoff: datetime) -> int:
    waiting = and_(Notification.user_id == user_id, Notification.email_state == EmailState.DIGEST,
                   Notification.created_at < cutoff)
    notes = list(db.session.scalars(select(Notification).where(waiting)
                                    .order_by(Notification.created_at, Notification.id)
                                    .execution_options(populate_existing=True)))
    user = db.session.get(User, user_id)
    wanted: list[Notification] = []
    if user is not None and services.can_email(user):
        modes = services.modes_for(user)
        wanted = [n for n in notes if n.read_at is None and modes.get(n.event, "digest") != "off"]
    left_out = [n.id for n in notes if n not in wanted]
    mail = None
    if wanted:
        assert user is not None
        locale = services.mail_locale(user)
        with force_locale(locale):
            subject, body = _digest_text(user, wanted)
        mail = services.add_mail(kind=MailKind.DIGEST, to=user.email, subject=subject, body=body, user=user,
                                 locale=locale)
        bundled = db.session.execute(
            update(Notification).where(waiting, Notification.id.in_([n.id for n in wanted]))
            .values(email_state=EmailState.DIGESTED, mail_id=mail.id)
            .execution_options(synchronize_session=False))
        if bundled.rowcount != len(wanted):  # another run is bundling this person's notifications
            db.session.rollback()
            return 0
    if left_out:
        db.session.execute(update(Notification).where(waiting, Notification.id.in_(left_out))
                           .values(email_state=EmailState.NONE).execution_options(synchronize_session=False))
    db.session.commit()
    return 1 if mail is not None else 0


def _digest_text(user: User, notes: list[Notification]) -> tuple[str, str]:
    site = services.site_name()
    subject = _("Your daily overview from %(site)s", site=site)
    lines = [_("Hello %(name)s,", name=user.display_name), "",
             ngettext("You have %(num)s new message on %(site)s:", "You have %(num)s new messages on %(site)s:",
                      len(notes), site=site), ""]
    for note in notes[:DIGEST_MAX_ITEMS]:
        when = format_datetime(note.created_at, DATETIME_PATTERN)
        lines.append(f"- {when}: {note.message}")
        if note.url:
            lines.append(f"  {services.absolute_url(note.url)}")
    if len(notes) > DIGEST_MAX_ITEMS:
        more = len(notes) - DIGEST_MAX_ITEMS
        lines.append(ngettext("And %(num)s more message.", "And %(num)s more messages.", more))
    lines += ["", _("See all your notifications: %(link)s", link=services.absolute_url(services.NOTIFICATIONS_PATH))]
    return subject, "\n".join(lines)
