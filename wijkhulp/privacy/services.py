"""The retention purge (services): each kind of data is removed or anonymised in its own transaction, so a
failure leaves nothing half-way, and a second run finds nothing left to do. `flask privacy purge` calls them in
turn; with dry_run they count what they would do and change nothing.

Exempt: the records the municipality must keep about neighbourhood plans (grant decisions, granted amounts,
receipts, final reports) are never purged here; account deletion anonymises the person in them instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import Select, delete, func, or_, select, update

from wijkhulp.accounts import services as accounts
from wijkhulp.accounts.models import Role, SignIn, User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace.models import Listing, ListingStatus, Message, Response, ThankYou
from wijkhulp.marketplace.models.people import HelperInvitation
from wijkhulp.notifications import services as notifications
from wijkhulp.notifications.models import Notification, OutboxMail
from wijkhulp.privacy import retention
from wijkhulp.privacy import setting_specs as keys
from wijkhulp.settings import services as settings

CLOSED = (ListingStatus.COMPLETED, ListingStatus.WITHDRAWN, ListingStatus.EXPIRED, ListingStatus.MATCHED)
PURGED_TITLE = "—"


def _finish(dry_run: bool) -> None:
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()


def _count(statement: Select[Any]) -> int:
    return int(db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0)


# ---------------------------------------------------------------- content

def purge_closed_listings(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Anonymise requests and offers closed longer ago than the retention period: their text, the first name of
    the person they were for, the manager's note and the messages of their reactions go; category, area, dates
    and the matches (hours helped) stay for the figures. Commits (rolls back with dry_run). Returns how many."""
    now = now or utcnow()
    cut = retention.cutoff(keys.CLOSED_LISTINGS, now)
    due = (Listing.status.in_(CLOSED), Listing.purged_at.is_(None),
           func.coalesce(Listing.closed_at, Listing.updated_at) < cut)
    count = _count(select(Listing.id).where(*due))
    if count and not dry_run:  # sub-selects, not a list of ids: a first run may meet years of listings
        listings = select(Listing.id).where(*due)
        responses = select(Response.id).where(Response.listing_id.in_(listings))
        db.session.execute(delete(Message).where(Message.response_id.in_(responses))
                           .execution_options(synchronize_session=False))
        db.session.execute(delete(HelperInvitation).where(HelperInvitation.listing_id.in_(listings))
                           .execution_options(synchronize_session=False))
        db.session.execute(update(Listing).where(*due).values(
            title=PURGED_TITLE, description="", timing_note="", on_behalf_name=None, on_behalf_consent_at=None,
            assisted_note="", form_token=None, purged_at=now).execution_options(synchronize_session=False))
    _finish(dry_run)
    return count


def purge_conversations(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete the messages of conversations whose last message is older than the retention period. Commits
    (rolls back with dry_run). Returns how many messages."""
    cut = retention.cutoff(keys.CONVERSATIONS, now or utcnow())
    old = select(Response.id).where(Response.last_message_at < cut)
    due = select(Message.id).where(Message.response_id.in_(old))
    count = _count(due)
    if count and not dry_run:
        db.session.execute(delete(Message).where(Message.response_id.in_(old))
                           .execution_options(synchronize_session=False))
    _finish(dry_run)
    return count


def _delete_older(model: Any, column: Any, key: str, now: datetime | None, dry_run: bool) -> int:
    cut = retention.cutoff(key, now or utcnow())
    condition = [column.is_not(None), column < cut]
    count = _count(select(model.id).where(*condition))
    if count and not dry_run:
        db.session.execute(delete(model).where(*condition).execution_options(synchronize_session=False))
    _finish(dry_run)
    return count


def purge_thank_you_notes(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete thank-you notes written longer ago than the retention period (the hours helped stay). Commits
    (rolls back with dry_run). Returns how many."""
    return _delete_older(ThankYou, ThankYou.created_at, keys.THANK_YOU, now, dry_run)


def purge_notifications(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete notifications older than the retention period, read or not. Commits (rolls back with dry_run)."""
    return _delete_older(Notification, Notification.created_at, keys.NOTIFICATIONS, now, dry_run)


def purge_sent_mail(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete copies of mail in the outbox sent (or given up on) longer ago than the retention period; mail
    still waiting to go stays. Commits (rolls back with dry_run). Returns how many."""
    done_at = func.coalesce(OutboxMail.sent_at, OutboxMail.failed_at)
    return _delete_older(OutboxMail, done_at, keys.SENT_MAIL, now, dry_run)


# ---------------------------------------------------------------- inactive accounts

@dataclass(frozen=True)
class Inactive:
    user: User
    last_active_at: datetime


def _inactive(before: datetime, *, staff: bool) -> list[Inactive]:
    """Accounts not used since `before`: no sign-in and no visit with a running sign-in since then."""
    roles = (Role.MANAGER, Role.ADMIN) if staff else (Role.RESIDENT,)
    seen = (select(SignIn.user_id, func.max(SignIn.last_seen_at).label("seen"))
            .group_by(SignIn.user_id).subquery())
    rows = db.session.execute(
        select(User, seen.c.seen).outerjoin(seen, seen.c.user_id == User.id)
        .where(User.deleted_at.is_(None), User.role.in_(roles),
               func.coalesce(User.last_login_at, User.created_at) < before,
               or_(seen.c.seen.is_(None), seen.c.seen < before))
        .order_by(User.id))
    found = []
    for user, last_seen in rows:
        last = max(moment for moment in (user.last_login_at, user.created_at, last_seen) if moment is not None)
        found.append(Inactive(user, last))
    return found


def _warning_is_current(item: Inactive) -> bool:
    warned = item.user.inactivity_warned_at
    return warned is not None and warned >= item.last_active_at


def _queue_warning(user: User, last_active_at: datetime, deadline: datetime) -> None:
    locale = notifications.mail_locale(user)
    with force_locale(locale):
        subject = _("Your account on %(site)s will be deleted", site=notifications.site_name())
        body = _("Hello %(name)s,\n\nYou have not signed in to %(site)s since %(last)s. We do not keep accounts "
                 "that are not used: after %(period)s without signing in, we delete them.\n\nDo you want to keep "
                 "your account? Then sign in before %(deadline)s:\n\n%(link)s\n\nDo you no longer need it? Then "
                 "you do not have to do anything. We will delete your account and your personal data.",
                 name=user.display_name, site=notifications.site_name(), last=format_date(last_active_at, "long"),
                 period=retention.describe(keys.INACTIVE_ACCOUNTS), deadline=format_date(deadline, "long"),
                 link=notifications.absolute_url("/login"))
    notifications.queue_mail(to=user.email, subject=subject, body=body, user=user, locale=locale)


def warn_inactive_accounts(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Mail residents who will be deleted for inactivity in a month, once (a sign-in after the warning makes
    the next one due again when they stop once more). Unconfirmed addresses get no mail but the same month.
    Commits (rolls back with dry_run). Returns how many accounts were warned."""
    now = now or utcnow()
    months = int(settings.get(keys.INACTIVE_ACCOUNTS))
    deadline = now + retention.WARNING_NOTICE
    before = retention.months_before(deadline, months)
    due = [item for item in _inactive(before, staff=False) if not _warning_is_current(item)]
    if not dry_run:
        for item in due:
            item.user.inactivity_warned_at = now
            if item.user.is_verified and not item.user.is_blocked:
                _queue_warning(item.user, item.last_active_at, deadline)
    _finish(dry_run)
    return len(due)


def delete_inactive_accounts(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete the accounts of residents inactive for the whole retention period who were warned at least a
    month ago and did not come back (as account deletion does: what others and the municipality's records need
    stays, with "a former resident"). Commits once for all (rolls back with dry_run). Returns how many."""
    now = now or utcnow()
    before = retention.cutoff(keys.INACTIVE_ACCOUNTS, now)
    due = [item for item in _inactive(before, staff=False) if _warning_is_current(item)
           and item.user.inactivity_warned_at <= now - retention.WARNING_NOTICE]
    if not dry_run:
        for item in due:
            accounts.erase_account(item.user)
    _finish(dry_run)
    return len(due)


def inactive_staff(*, now: datetime | None = None) -> list[Inactive]:
    """Managers and admins past the inactivity period: never deleted automatically, only reported."""
    return _inactive(retention.cutoff(keys.INACTIVE_ACCOUNTS, now or utcnow()), staff=True)
