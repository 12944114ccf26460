"""The job runner: each periodic job once per interval, however many hosts run `flask jobs run`.

Why not APScheduler or Celery beat: APScheduler 3 keeps its schedule per process (two hosts run every job twice)
and version 4 is not stable yet; Celery beat needs a message broker and exactly one beat process, which is the
single point this runner avoids. The lock is a guarded UPDATE on the job's row in the database the app already
needs, so any number of runners can be started (one per app server, or a Kubernetes Deployment) and each job
still runs once per interval.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from wijkhulp.database import guarded_update, utcnow
from wijkhulp.extensions import db
from wijkhulp.ops.models import JobState
from wijkhulp.registry.jobs import Job, jobs

log = logging.getLogger("wijkhulp.jobs")

LEASE = timedelta(minutes=30)  # a runner that died mid-job frees it after this long
RETRY_AFTER = timedelta(minutes=1)  # a failed job is tried again this soon (or at its interval, if shorter)
MAX_RESULT = 500


@dataclass(frozen=True)
class JobRun:
    job: Job
    ok: bool
    result: str
    run_id: str


def runner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def ensure_rows(now: datetime | None = None) -> None:
    """A row for every registered job (due at once). Two runners adding the same row: one wins, both go on."""
    now = now or utcnow()
    known = set(db.session.scalars(select(JobState.id)))
    for job in jobs():
        if job.key in known:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(JobState(id=job.key, next_run_at=now, runs=0, failures=0))
        except IntegrityError:
            pass
    db.session.commit()


def _claim(job: Job, now: datetime, me: str) -> bool:
    """Take the job if it is due and nobody holds it: one UPDATE, so of two runners exactly one wins.

    A lease this runner still holds counts as free: a runner does one job at a time, so its lease outlived a run
    whose end could not be written (the database restarted just then). Without this the job would wait for the
    lease to run out (30 minutes: no mail for half an hour after a database restart)."""
    won = guarded_update(
        JobState, job.key,
        where=(JobState.next_run_at <= now, or_(JobState.locked_until.is_(None), JobState.locked_until < now,
                                                JobState.locked_by == me)),
        values={"locked_by": me, "locked_until": now + LEASE, "last_started_at": now,
                "next_run_at": now + job.interval})
    db.session.commit()
    return won


def _finish(job: Job, me: str, *, ok: bool, result: str, started: datetime) -> None:
    now = utcnow()
    state = db.session.get(JobState, job.key)
    if state is None:  # pragma: no cover - the row was deleted by hand while the job ran
        return
    values: dict[str, object] = {"locked_until": None, "locked_by": None, "last_finished_at": now,
                                 "last_result": result[:MAX_RESULT], "last_ok": ok, "runs": state.runs + 1}
    if ok:
        values["last_success_at"] = now
    else:
        values["failures"] = state.failures + 1
        values["next_run_at"] = min(state.next_run_at, started + min(job.interval, RETRY_AFTER))
    guarded_update(JobState, job.key, where=(JobState.locked_by == me,), values=values)
    db.session.commit()


def run_job(job: Job, *, me: str | None = None, now: datetime | None = None) -> JobRun | None:
    """Run one job if it is due and free; None when it was not this runner's turn."""
    me = me or runner_id()
    now = now or utcnow()
    if not _claim(job, now, me):
        return None
    run_id = f"job-{uuid.uuid4().hex[:12]}"
    log.info("job started", extra={"job": job.key, "request_id": run_id})
    try:
        result, ok = job.run(), True
    except Exception as exc:  # a job's failure must not stop the others
        db.session.rollback()
        result, ok = f"{type(exc).__name__}: {exc}", False
        log.exception("job failed", extra={"job": job.key, "request_id": run_id})
    else:
        log.info("job finished", extra={"job": job.key, "request_id": run_id, "result": result[:MAX_RESULT]})
    _finish(job, me, ok=ok, result=result, started=now)
    return JobRun(job, ok, result, run_id)


def run_due(*, only: set[str] | None = None, me: str | None = None) -> list[JobRun]:
    """One pass over every job: run what is due. `only` limits the pass to these keys."""
    ensure_rows()
    done = []
    for job in jobs():
        if only is not None and job.key not in only:
            continue
        run = run_job(job, me=me)
        if run is not None:
            done.append(run)
    return done


def run_forever(stop: threading.Event, *, tick: float = 1.0) -> None:
    """Pass over the jobs every `tick` seconds until `stop` is set (SIGTERM finishes the job in hand first)."""
    me = runner_id()
    while not stop.is_set():
        try:
            run_due(me=me)
        except Exception:  # the database may be restarting: log, wait, go on
            db.session.rollback()
            log.exception("job pass failed", extra={"request_id": "jobs"})
        finally:
            db.session.remove()
        stop.wait(tick)


@dataclass(frozen=True)
class JobStatus:
    job: Job
    state: JobState | None


def job_statuses() -> list[JobStatus]:
    states = {state.id: state for state in db.session.scalars(select(JobState))}
    return [JobStatus(job, states.get(job.key)) for job in jobs()]


def reset_schedule() -> int:
    """Make every job due now (after a restore, or to run everything once by hand)."""
    count = 0
    for state in db.session.scalars(select(JobState)):
        state.next_run_at, count = utcnow(), count + 1
    db.session.commit()
    return count
