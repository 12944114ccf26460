from __future__ import annotations

import threading
import time
from datetime import timedelta
from email import message_from_string, policy

import pytest
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select

from tests.mailutil import body
from tests.notifications.helpers import person
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.notifications import services
from wijkhulp.notifications.services import mail
from wijkhulp.notifications.models import OutboxMail


def _queue(n: int = 1, **kw) -> list[int]:
    ids = [services.queue_mail(to=kw.get("to", f"buur{i}@example.org"), subject=kw.get("subject", f"Onderwerp {i}"),
                               body=kw.get("body", f"Bericht {i}")).id for i in range(n)]
    db.session.commit()
    return ids


def _row(mail_id: int) -> OutboxMail:
    return db.session.scalars(select(OutboxMail).where(OutboxMail.id == mail_id)
                              .execution_options(populate_existing=True)).one()


# ---------------------------------------------------------------- capture backend and the message

def test_send_queued_delivers_once_and_marks_sent(ctx, outbox):
    [mail_id] = _queue(subject="Welkom bij wijkhulp – één stap", body="Beste Anna,\n\nKlik op de link. ✓")
    result = mail.send_queued()
    assert (result.sent, result.failed) == (1, 0)
    assert len(outbox) == 1
    message = outbox[0]
    assert message["Subject"] == "Welkom bij wijkhulp – één stap"
    assert message["To"] == "buur0@example.org"
    assert message["From"] == "wijkhulp <noreply@wijkhulp.local>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_charset() == "utf-8"
    assert message["Content-Language"] == "nl"
    assert body(message).startswith("Beste Anna,\n\nKlik op de link. ✓")
    assert body(message).rstrip().endswith("http://localhost/notifications/preferences")
    assert _row(mail_id).sent_at is not None and _row(mail_id).claimed_until is None

    assert mail.send_queued() == mail.SendResult()  # nothing is sent twice
    assert len(outbox) == 1


def test_the_wire_format_is_7bit_and_utf8(ctx, outbox):
    _queue(subject="Één vraag", body="Groeten uit Nigtevecht – tot ziens")
    mail.send_queued()
    wire = outbox[0].as_string()
    assert wire.isascii()
    parsed = message_from_string(wire, policy=policy.default)
    assert parsed["Subject"] == "Één vraag"
    assert "Groeten uit Nigtevecht – tot ziens" in parsed.get_content()


def test_console_backend_prints_the_whole_mail(make_app, capsys):
    app = make_app(MAIL_BACKEND="console")
    with app.app_context():
        _queue(to="anna@example.org", subject="Bevestig je e-mailadres", body="Open: http://localhost/verify/xyz")
        assert mail.send_queued().sent == 1
    printed = capsys.readouterr().out
    assert "To: anna@example.org" in printed
    assert "Subject: Bevestig je e-mailadres" in printed
    assert "http://localhost/verify/xyz" in printed


def test_an_unknown_backend_is_a_configuration_error(make_app):
    app = make_app(MAIL_BACKEND="pigeon")
    with app.app_context():
        with pytest.raises(RuntimeError):
            mail.get_backend()


def test_backoff_doubles_and_is_capped():
    assert [mail.backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert mail.backoff(9) == timedelta(hours=4)
    assert mail.backoff(500) == timedelta(hours=4)


def test_limit_and_order(ctx, outbox):
    _queue(5)
    assert mail.send_queued(limit=2).sent == 2
    assert [m["Subject"] for m in outbox] == ["Onderwerp 0", "Onderwerp 1"]
    assert mail.send_queued(limit=10).sent == 3


# ---------------------------------------------------------------- a real SMTP server

def test_smtp_round_trip_sends_exactly_once(make_app, smtp_server):
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, MAIL_USE_TLS=False)
    with app.app_context():
        user = person(email="anna@example.org", display_name="Anna")
        services.queue_mail(to=user.email, subject="Wachtwoord vergeten – één link", user=user,
                            body="Hallo Anna,\n\nOpen deze link: http://localhost/reset/abc")
        db.session.commit()
        assert mail.send_queued() == mail.SendResult(sent=1, failed=0)
        assert mail.send_queued() == mail.SendResult()  # run again: nothing resent

    assert len(smtp_server.handler.envelopes) == 1
    envelope = smtp_server.handler.envelopes[0]
    assert envelope.rcpt_tos == ["anna@example.org"]
    assert envelope.mail_from == "noreply@wijkhulp.local"
    received = smtp_server.handler.messages[0]
    assert received["Subject"] == "Wachtwoord vergeten – één link"
    assert "Open deze link: http://localhost/reset/abc" in received.get_content()
    assert "http://localhost/notifications/preferences" in received.get_content()


def test_smtp_outage_keeps_the_mail_and_retries_when_due(make_app, smtp_port_not_yet_listening):
    server = smtp_port_not_yet_listening
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)
    with app.app_context():
        [first, second] = _queue(2)
        t0 = utcnow()
        result = mail.send_queued(now=t0)
        assert result == mail.SendResult(sent=0, failed=2)  # the whole batch is put back after one try
        for mail_id in (first, second):
            row = _row(mail_id)
            assert row.sent_at is None and row.failed_at is None
            assert row.attempts == 1
            assert row.next_attempt_at > t0 and row.next_attempt_at == t0 + timedelta(minutes=1)
            assert row.last_error and "refused" in row.last_error.lower()
            assert row.claimed_until is None

        server.start()  # the server is back ...
        assert mail.send_queued(now=t0 + timedelta(seconds=30)) == mail.SendResult()  # ... but it is not time yet
        assert server.handler.envelopes == []
        assert mail.send_queued(now=t0 + timedelta(minutes=1)) == mail.SendResult(sent=2, failed=0)
        assert _row(first).sent_at is not None and _row(first).attempts == 1
        assert mail.send_queued(now=t0 + timedelta(hours=1)) == mail.SendResult()
    assert len(server.handler.envelopes) == 2


def test_smtp_login_when_a_username_is_configured(make_app, smtp_server):
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"geheim", handled=False)

    smtp_server.stop()
    smtp_server.options = {"authenticator": authenticator, "auth_require_tls": False,
                          "auth_exclude_mechanism": ["LOGIN"]}
    smtp_server.start()
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port,
                   MAIL_USERNAME="wijkhulp", MAIL_PASSWORD="geheim")
    with app.app_context():
        _queue(2)
        assert mail.send_queued() == mail.SendResult(sent=2, failed=0)
    assert logins == [(b"wijkhulp", b"geheim")]  # one session for the batch
    assert len(smtp_server.handler.envelopes) == 2

    wrong = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port,
                     MAIL_USERNAME="wijkhulp", MAIL_PASSWORD="fout")
    with wrong.app_context():
        [mail_id] = _queue()
        assert mail.send_queued() == mail.SendResult(sent=0, failed=1)
        assert "Authentication" in _row(mail_id).last_error


def test_tls_is_never_skipped_when_configured(make_app, smtp_server):
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, MAIL_USE_TLS=True)
    with app.app_context():
        [mail_id] = _queue()
        assert mail.send_queued() == mail.SendResult(sent=0, failed=1)  # the server offers no STARTTLS
        assert "STARTTLS" in _row(mail_id).last_error
    assert smtp_server.handler.envelopes == []


def test_a_refused_recipient_does_not_block_the_others(make_app, smtp_server):
    class Picky(type(smtp_server.handler)):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("bounce"):
                return "550 No such user here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    smtp_server.stop()
    smtp_server.handler = Picky()
    smtp_server.start()
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    with app.app_context():
        [bad] = _queue(to="bounce@example.org")
        [good] = _queue(to="anna@example.org")
        assert mail.send_queued() == mail.SendResult(sent=1, failed=1)
        assert _row(good).sent_at is not None
        assert _row(bad).attempts == 1 and "550" in _row(bad).last_error
    assert [e.rcpt_tos for e in smtp_server.handler.envelopes] == [["anna@example.org"]]


def test_after_too_many_attempts_a_mail_is_marked_failed_and_can_be_retried(make_app, outbox):
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_MAX_ATTEMPTS=2)
    with app.app_context():
        [mail_id] = _queue()
        t0 = utcnow()
        mail.send_queued(now=t0)
        mail.send_queued(now=t0 + timedelta(minutes=1))
        row = _row(mail_id)
        assert row.attempts == 2 and row.failed_at is not None and row.sent_at is None  # kept, not deleted
        assert mail.send_queued(now=t0 + timedelta(days=1)) == mail.SendResult()
        assert mail.retry_failed() == 1
        row = _row(mail_id)
        assert row.failed_at is None and row.attempts == 0


# ---------------------------------------------------------------- two senders at once

def test_a_claimed_mail_cannot_be_claimed_again(make_app):
    first, second = make_app(), make_app()  # two processes: separate sessions and connections
    with first.app_context():
        _queue(3)
        now = utcnow()
        assert mail.claim(now=now, limit=10, token="a" * 32) == 3
    with second.app_context():
        assert mail.claim(now=now, limit=10, token="b" * 32) == 0
        assert mail.claim(now=now + mail.CLAIM_FOR, limit=10, token="c" * 32) == 3  # a crashed sender's claim expires


def test_two_concurrent_senders_never_send_a_mail_twice(app, outbox, monkeypatch):
    with app.app_context():
        _queue(30)

    class Slow(mail.CaptureBackend):
        def send(self, message):
            time.sleep(0.005)  # long enough for the other sender to run in between
            super().send(message)

    monkeypatch.setattr(mail, "get_backend", lambda: Slow(app))
    totals: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def sender() -> None:
        try:
            with app.app_context():
                start.wait()
                sent = 0
                while (result := mail.send_queued(limit=4)).handled:
                    sent += result.sent
                totals.append(sent)
                db.session.remove()
        except BaseException as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(totals) == 30 and all(totals), totals  # both sent some, together each mail once
    subjects = [m["Subject"] for m in outbox]
    assert len(subjects) == 30 and len(set(subjects)) == 30
    with app.app_context():
        assert all(row.sent_at is not None for row in db.session.scalars(select(OutboxMail)))


# ---------------------------------------------------------------- delivery after a request

def test_mail_is_delivered_right_after_the_request_when_configured(app, client, outbox):
    with app.app_context():
        _queue(1, to="anna@example.org")
    assert outbox == []
    client.get("/")
    assert [m["To"] for m in outbox] == ["anna@example.org"]


def test_no_delivery_after_requests_unless_configured(make_app):
    app = make_app(MAIL_DELIVER_AFTER_REQUEST=False)
    with app.app_context():
        _queue(1)
    app.test_client().get("/")
    assert app.extensions.get("mail_capture", []) == []


def test_a_slow_batch_stops_before_its_claim_runs_out(ctx, outbox, monkeypatch):
    ids = _queue(3)
    ticks = iter([0.0, 1.0, 10_000.0])  # the third mail would be sent after the claim expired
    monkeypatch.setattr(mail, "_seconds", lambda: next(ticks))
    assert mail.send_queued() == mail.SendResult(sent=1, failed=0)
    rows = [_row(i) for i in ids]
    assert rows[0].sent_at is not None
    assert all(r.sent_at is None and r.claimed_until is None and r.attempts == 0 for r in rows[1:])
    monkeypatch.undo()
    assert mail.send_queued().sent == 2  # the next run takes them


def test_a_batch_stopped_by_a_database_error_is_released_at_the_next_pass(ctx, outbox, monkeypatch):
    """The database restarts while a batch is out: the first mail went to the server but could not be marked
    sent. The next pass of the same process puts the batch back at once (not after CLAIM_FOR): the unmarked
    mail goes a second time with the same Message-ID, the rest once."""
    from sqlalchemy.exc import OperationalError

    ids = _queue(3)
    real = mail._mark_sent
    calls = []

    def flaky(row, at):
        calls.append(row.id)
        if len(calls) == 1:
            raise OperationalError("UPDATE outbox_mail", {}, Exception("terminating connection"))
        real(row, at)

    monkeypatch.setattr(mail, "_mark_sent", flaky)
    with pytest.raises(OperationalError):
        mail.send_queued()
    db.session.rollback()
    assert len(outbox) == 1 and all(_row(i).sent_at is None for i in ids)
    assert _row(ids[0]).claimed_until is not None  # still claimed: without the release it would wait 10 minutes
    assert mail.send_queued().sent == 3
    assert all(_row(i).sent_at is not None for i in ids)
    message_ids = [m["Message-ID"] for m in outbox]
    assert len(message_ids) == 4 and message_ids.count(message_ids[0]) == 2 and len(set(message_ids)) == 3
    assert mail._unfinished_claims == {}
