"""Reads for the notification pages, the header badge and `flask mail status`."""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from wijkhulp.extensions import db
from wijkhulp.notifications.models import EmailState, Notification, OutboxMail

PER_PAGE = 20


def unread_count(user: Any) -> int:
    """Unread notifications of one person: a single COUNT on the (user_id, read_at) index."""
    if user is None or getattr(user, "id", None) is None:
        return 0
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def notifications_page(user: Any, *, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    """One page of a person's notifications, newest first; an out-of-range page is empty, not an error."""
    query = (select(Notification).where(Notification.user_id == user.id)
             .order_by(Notification.created_at.desc(), Notification.id.desc()))
    return db.paginate(query, page=max(page, 1), per_page=per_page, max_per_page=100, error_out=False)


def mail_status() -> dict[str, int]:
    """How many mails are queued, being retried, given up on and sent; digest notifications waiting."""
    unsent = OutboxMail.sent_at.is_(None)
    counts = db.session.execute(select(
        func.count(OutboxMail.id).filter(unsent, OutboxMail.failed_at.is_(None), OutboxMail.attempts == 0),
        func.count(OutboxMail.id).filter(unsent, OutboxMail.failed_at.is_(None), OutboxMail.attempts > 0),
        func.count(OutboxMail.id).filter(unsent, OutboxMail.failed_at.is_not(None)),
        func.count(OutboxMail.id).filter(OutboxMail.sent_at.is_not(None)),
    )).one()
    waiting = db.session.scalar(
        select(func.count(Notification.id)).where(Notification.email_state == EmailState.DIGEST)) or 0
    return {"queued": counts[0], "retrying": counts[1], "failed": counts[2], "sent": counts[3],
            "digest_waiting": waiting}
