from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from tests.mailutil import body
from tests.notifications.helpers import person
from wijkhulp.extensions import db
from wijkhulp.notifications import services
from wijkhulp.notifications.services import mail
from wijkhulp.notifications.models import EmailState, MailKind, Notification, OutboxMail

# 10:00 in Amsterdam (CET, UTC+1) on 3 March; the day there began at 23:00 UTC on 2 March.
MORNING = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def _notify(user, event, message, *, at, url=None):
    note = services.notify(user, event, message=message, url=url)
    note.created_at = at
    db.session.commit()
    return note


def _digest_mails() -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).where(OutboxMail.kind == MailKind.DIGEST)
                                   .order_by(OutboxMail.id)))


def test_cutoff_is_the_start_of_the_day_in_amsterdam(ctx):
    assert mail.digest_cutoff(MORNING) == datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert mail.digest_cutoff(summer) == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)


def test_a_digest_bundles_yesterdays_notifications_into_one_mail_once(ctx, events, outbox):
    anna = person(display_name="Anna", email="anna@example.org")
    bram = person(display_name="Bram")
    yesterday = MORNING - timedelta(days=1)
    _notify(anna, "test_daily", "Bram reacted to your request.", at=yesterday, url="/listings/1")
    _notify(anna, "test_daily", "Your offer expires in 3 days.", at=yesterday + timedelta(hours=2))
    today = _notify(anna, "test_daily", "New today.", at=MORNING - timedelta(minutes=5))
    _notify(anna, "test_now", "Sent right away, not in the digest.", at=yesterday)
    _notify(bram, "test_daily", "For Bram.", at=yesterday)

    assert mail.send_digests(now=MORNING) == 2
    mails = _digest_mails()
    assert sorted(m.to_address for m in mails) == sorted(["anna@example.org", bram.email])
    annas = next(m for m in mails if m.to_address == "anna@example.org")
    assert annas.subject == "Your daily overview from wijkhulp"
    assert "You have 2 new messages" in annas.body
    assert "Bram reacted to your request." in annas.body and "http://localhost/listings/1" in annas.body
    assert "Your offer expires in 3 days." in annas.body
    assert "New today." not in annas.body and "Sent right away" not in annas.body
    assert annas.body.rstrip().endswith("http://localhost/notifications/preferences")

    bundled = db.session.scalars(select(Notification).where(Notification.mail_id == annas.id)).all()
    assert len(bundled) == 2 and {n.email_state for n in bundled} == {EmailState.DIGESTED}
    assert db.session.get(Notification, today.id).email_state == EmailState.DIGEST

    # idempotent: running again the same day (cron every hour) sends nothing twice
    assert mail.send_digests(now=MORNING) == 0
    assert mail.send_digests(now=MORNING + timedelta(hours=5)) == 0
    assert len(_digest_mails()) == 2
    # the next morning, today's notification gets its own overview
    assert mail.send_digests(now=MORNING + timedelta(days=1)) == 1
    assert "New today." in _digest_mails()[-1].body

    assert mail.send_queued().sent >= 3
    assert sum(1 for m in outbox if m["Subject"] == "Your daily overview from wijkhulp") == 3
    first_overview = next(m for m in outbox if m["To"] == "anna@example.org" and "overview" in m["Subject"])
    assert "Bram reacted to your request." in body(first_overview)


def test_read_and_switched_off_notifications_are_left_out(ctx, events):
    anna = person()
    yesterday = MORNING - timedelta(days=1)
    read = _notify(anna, "test_daily", "Already seen.", at=yesterday)
    services.mark_read(anna, read.id)
    off = _notify(anna, "test_daily", "Switched off later.", at=yesterday)
    db.session.execute(update(Notification).where(Notification.id == off.id).values(event="test_now"))
    db.session.commit()
    services.set_preferences(anna, {"test_now": "off"})

    assert mail.send_digests(now=MORNING) == 0
    assert _digest_mails() == []
    states = db.session.scalars(select(Notification.email_state).where(Notification.user_id == anna.id)).all()
    assert set(states) == {EmailState.NONE}  # decided: not mailed, and not looked at again


def test_a_long_digest_is_shortened(ctx, events):
    anna = person()
    yesterday = MORNING - timedelta(days=1)
    for i in range(mail.DIGEST_MAX_ITEMS + 3):
        services.notify(anna, "test_daily", message=f"Message number {i}.")
    db.session.execute(update(Notification).values(created_at=yesterday))
    db.session.commit()
    assert mail.send_digests(now=MORNING) == 1
    [digest] = _digest_mails()
    assert "And 3 more messages." in digest.body
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.mail_id == digest.id)) == 53


def test_deleted_accounts_get_no_digest(ctx, events):
    anna = person()
    _notify(anna, "test_daily", "x", at=MORNING - timedelta(days=1))
    services.erase_user_data(anna)
    db.session.commit()
    assert mail.send_digests(now=MORNING) == 0
