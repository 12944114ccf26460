from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from tests.notifications.helpers import person
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.notifications import services
from wijkhulp.notifications.models import Notification, OutboxMail


def test_send_queued_status_and_idempotence(app, runner, outbox):
    with app.app_context():
        for i in range(3):
            services.queue_mail(to=f"buur{i}@example.org", subject="Hallo", body="Tekst")
        db.session.commit()

    result = runner.invoke(args=["mail", "status"])
    assert result.exit_code == 0 and "queued: 3" in result.output and "sent: 0" in result.output

    result = runner.invoke(args=["mail", "send-queued", "--limit", "2"])  # batches until nothing is due
    assert result.exit_code == 0, result.output
    assert "Sent 3, failed 0" in result.output
    assert len(outbox) == 3

    result = runner.invoke(args=["mail", "send-queued"])
    assert "Sent 0, failed 0" in result.output and len(outbox) == 3

    result = runner.invoke(args=["mail", "status"])
    assert "queued: 0" in result.output and "sent: 3" in result.output


def test_status_counts_retrying_and_failed(make_app):
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_MAX_ATTEMPTS=2)
    runner = app.test_cli_runner()
    with app.app_context():
        services.queue_mail(to="a@example.org", subject="a", body="a")
        services.queue_mail(to="b@example.org", subject="b", body="b")
        db.session.commit()
    result = runner.invoke(args=["mail", "send-queued"])
    assert result.exit_code == 0 and "Sent 0, failed 2" in result.output
    with app.app_context():
        db.session.execute(update(OutboxMail).where(OutboxMail.to_address == "a@example.org")
                           .values(next_attempt_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    runner.invoke(args=["mail", "send-queued"])
    result = runner.invoke(args=["mail", "status"])
    assert "retrying: 1" in result.output and "failed: 1" in result.output

    result = runner.invoke(args=["mail", "retry-failed"])
    assert result.exit_code == 0 and "Queued again: 1." in result.output
    assert "queued: 1" in runner.invoke(args=["mail", "status"]).output


def test_send_digests_command(app, runner, outbox, events):
    with app.app_context():
        anna = person(email="anna@example.org")
        services.notify(anna, "test_daily", message="Something happened.")
        db.session.execute(update(Notification).values(created_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    assert "notifications waiting for a daily overview: 1" in runner.invoke(args=["mail", "status"]).output

    result = runner.invoke(args=["mail", "send-digests"])
    assert result.exit_code == 0, result.output
    assert "Queued 1 daily overview(s)." in result.output and "Sent 1" in result.output
    assert [m["To"] for m in outbox] == ["anna@example.org"]

    result = runner.invoke(args=["mail", "send-digests"])  # cron runs it again: nothing twice
    assert "Queued 0 daily overview(s)." in result.output
    assert len(outbox) == 1
    with app.app_context():
        assert db.session.scalars(select(OutboxMail)).one().sent_at is not None


def test_send_digests_can_leave_delivery_to_send_queued(app, runner, outbox, events):
    with app.app_context():
        services.notify(person(), "test_daily", message="x")
        db.session.execute(update(Notification).values(created_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    result = runner.invoke(args=["mail", "send-digests", "--no-send"])
    assert "Queued 1" in result.output and outbox == []
    assert "queued: 1" in runner.invoke(args=["mail", "status"]).output


def test_prune_deletes_only_old_sent_mail(app, runner, events):
    with app.app_context():
        anna = person()
        note = services.notify(anna, "test_now", message="x")
        services.queue_mail(to="waiting@example.org", subject="w", body="w")
        services.queue_mail(to="recent@example.org", subject="r", body="r")
        db.session.commit()
        long_ago = utcnow() - timedelta(days=100)
        db.session.execute(update(OutboxMail).where(OutboxMail.id == note.mail_id).values(sent_at=long_ago))
        db.session.execute(update(OutboxMail).where(OutboxMail.to_address == "recent@example.org")
                           .values(sent_at=utcnow()))
        db.session.commit()
        note_id = note.id

    result = runner.invoke(args=["mail", "prune", "--days", "90"])
    assert result.exit_code == 0 and "Deleted 1 sent mail(s)." in result.output
    with app.app_context():
        left = sorted(m.to_address for m in db.session.scalars(select(OutboxMail)))
        assert left == ["recent@example.org", "waiting@example.org"]
        assert db.session.get(Notification, note_id).mail_id is None  # the notification itself stays
