"""`flask jobs`: every periodic job once per interval, however many runners, and a failure stops nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask

from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.notifications.models import OutboxMail
from wijkhulp.notifications.services import queue_mail
from wijkhulp.ops import services
from wijkhulp.ops.models import JobState
from wijkhulp.registry.jobs import JOBS, Job


def _counting(key: str, interval: timedelta = timedelta(hours=1)) -> tuple[Job, list[int]]:
    calls: list[int] = []

    def run() -> str:
        calls.append(1)
        return f"ran {len(calls)}"

    return Job(key, f"test {key}", interval, run), calls


def test_every_cron_command_is_a_job(app: Flask) -> None:
    keys = {job.key for job in JOBS.all()}
    assert {"mail_send_queued", "mail_send_digests", "listings_expire", "listings_send_checkins",
            "auction_close_due", "auction_send_followups", "proposals_send_reminders", "privacy_purge"} <= keys
    mail = JOBS.get("mail_send_queued")
    assert mail is not None and mail.interval <= timedelta(seconds=5)  # mail from a request goes out in seconds


def test_a_job_runs_once_per_interval(ctx: None) -> None:
    job, calls = _counting("counted")
    with JOBS.isolated(job):
        assert [run.result for run in services.run_due()] == ["ran 1"]
        assert services.run_due() == []  # not due again yet
        state = db.session.get(JobState, "counted")
        assert state.last_ok is True and state.runs == 1 and state.locked_until is None
        assert state.next_run_at > utcnow() + timedelta(minutes=59)
        state.next_run_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert [run.result for run in services.run_due()] == ["ran 2"]
    assert len(calls) == 2


def test_two_runners_never_run_the_same_interval(ctx: None) -> None:
    job, calls = _counting("shared")
    with JOBS.isolated(job):
        services.ensure_rows()
        now = utcnow()
        first = services.run_job(job, me="host-a:1", now=now)
        second = services.run_job(job, me="host-b:2", now=now)
    assert first is not None and second is None and len(calls) == 1


def test_runners_in_parallel_threads_run_a_job_once(app: Flask) -> None:
    job, calls = _counting("raced")
    with JOBS.isolated(job):
        with app.app_context():
            services.ensure_rows()
        start = threading.Barrier(4)
        errors: list[BaseException] = []

        def runner(name: str) -> None:
            with app.app_context():
                start.wait()
                try:
                    services.run_due(me=name)
                except Exception as exc:  # pragma: no cover - shown below
                    errors.append(exc)
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=runner, args=(f"host-{i}:1",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "sqlite":  # SQLite may refuse a writer with "database is locked": never twice
        assert len(calls) <= 1
    else:
        assert not errors and len(calls) == 1


def test_a_held_lease_is_respected_until_it_runs_out(ctx: None) -> None:
    job, calls = _counting("leased")
    with JOBS.isolated(job):
        services.ensure_rows()
        state = db.session.get(JobState, "leased")
        state.locked_until, state.locked_by = utcnow() + timedelta(minutes=5), "other:1"
        db.session.commit()
        assert services.run_due() == []
        state.locked_until = utcnow() - timedelta(seconds=1)  # the other runner died
        db.session.commit()
        assert len(services.run_due()) == 1
    assert len(calls) == 1


def test_a_failing_job_is_recorded_retried_soon_and_stops_no_other(ctx: None) -> None:
    def broken() -> str:
        raise ValueError("the disk is full")

    good, calls = _counting("zz_good")
    with JOBS.isolated(Job("aa_broken", "test broken", timedelta(days=1), broken), good):
        runs = services.run_due()
        assert [(run.job.key, run.ok) for run in runs] == [("aa_broken", False), ("zz_good", True)]
        state = db.session.get(JobState, "aa_broken")
        assert state.last_ok is False and state.failures == 1 and "the disk is full" in state.last_result
        assert state.next_run_at <= utcnow() + timedelta(minutes=1, seconds=5)  # not a day later
        assert state.last_success_at is None


def test_the_mail_job_delivers_what_a_request_queued(app: Flask, ctx: None, outbox: list) -> None:
    queue_mail(to="waiting@example.org", subject="Hallo", body="Tekst")
    db.session.commit()
    runs = services.run_due(only={"mail_send_queued"})
    assert runs and runs[0].ok and "Sent 1" in runs[0].result
    assert db.session.query(OutboxMail).one().sent_at is not None
    assert [m["To"] for m in outbox] == ["waiting@example.org"]


def test_run_forever_stops_when_asked(app: Flask) -> None:
    job, calls = _counting("looped", timedelta(seconds=1))
    stop = threading.Event()
    with JOBS.isolated(job):
        def loop() -> None:
            with app.app_context():
                services.run_forever(stop, tick=0.1)

        thread = threading.Thread(target=loop)
        thread.start()
        for _ in range(100):
            if calls:
                break
            threading.Event().wait(0.05)
        stop.set()
        thread.join(10)
    assert calls and not thread.is_alive()


def test_jobs_cli(app: Flask, runner: Callable[..., object]) -> None:
    listed = runner.invoke(args=["jobs", "list"])
    assert listed.exit_code == 0 and "mail_send_queued" in listed.output and "never ran" in listed.output
    ran = runner.invoke(args=["jobs", "run", "--once", "--only", "auction_close_due"])
    assert ran.exit_code == 0, ran.output
    assert "auction_close_due: ok: No rounds to close." in ran.output
    listed = runner.invoke(args=["jobs", "list"])
    assert "ok: No rounds to close." in listed.output and "next run:" in listed.output
    unknown = runner.invoke(args=["jobs", "run", "--once", "--only", "no_such_job"])
    assert unknown.exit_code == 2 and "unknown job" in unknown.output
    assert "due now" in runner.invoke(args=["jobs", "reset"]).output


@pytest.mark.parametrize("seconds", [0, 0.5])
def test_a_job_needs_an_interval_of_a_second(seconds: float) -> None:
    with pytest.raises(ValueError):
        Job("too_fast", "x", timedelta(seconds=seconds), lambda: "")


def test_a_lease_left_behind_by_a_lost_finish_is_taken_back_by_its_runner_only(ctx: None) -> None:
    """The database restarted between the job's work and the write of its end: the row stays locked by this
    runner for the whole lease. The same runner (one job at a time) takes it back at the next interval;
    another runner still waits for the lease to run out."""
    job, calls = _counting("lost_finish", interval=timedelta(seconds=5))
    with JOBS.isolated(job):
        services.ensure_rows()
        now = utcnow()
        state = db.session.get(JobState, "lost_finish")
        state.locked_by, state.locked_until = "host-a:1", now + services.LEASE
        state.next_run_at = now - timedelta(seconds=1)
        db.session.commit()
        assert services.run_job(job, me="host-b:2", now=now) is None
        run = services.run_job(job, me="host-a:1", now=now)
        assert run is not None and run.ok and len(calls) == 1
        state = db.session.get(JobState, "lost_finish")
        assert state.locked_by is None and state.locked_until is None


def test_the_runner_starts_while_the_database_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """A runner started during a database restart must wait for it, not exit (the pass loop logs and retries)."""
    import socket

    from tests.conftest import TEST_CONFIG
    from wijkhulp import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://nobody@127.0.0.1:{port}/none"})
    passes: list[float] = []
    monkeypatch.setattr(services, "run_forever", lambda stop, tick: passes.append(tick))
    result = app.test_cli_runner().invoke(args=["jobs", "run", "--tick", "2"])
    assert result.exit_code == 0, result.output
    assert passes == [2.0]
