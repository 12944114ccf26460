"""`flask jobs ...`: run the periodic work without a cron line on every host."""

from __future__ import annotations

import signal
import threading
from datetime import datetime

import click
from flask.cli import AppGroup

from wijkhulp.database import utcnow
from wijkhulp.ops import services
from wijkhulp.registry.jobs import jobs

jobs_cli = AppGroup("jobs", help="Periodic work (mail, reminders, closing rounds, retention).")


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    seconds = int((moment - utcnow()).total_seconds())
    stamp = moment.strftime("%Y-%m-%d %H:%M:%S UTC")
    if abs(seconds) < 3600 * 24:
        return f"{stamp} ({'in ' if seconds >= 0 else ''}{abs(seconds)} s{'' if seconds >= 0 else ' ago'})"
    return stamp


@jobs_cli.command("run")
@click.option("--once", is_flag=True, help="One pass over the due jobs, then stop (for tests or cron).")
@click.option("--only", multiple=True, metavar="KEY", help="Only this job (repeatable); see `flask jobs list`.")
@click.option("--tick", default=1.0, show_default=True, type=click.FloatRange(0.1, 60),
              help="Seconds between passes.")
def run_command(once: bool, only: tuple[str, ...], tick: float) -> None:
    """Run every job at its interval until stopped (SIGTERM or Ctrl+C finish the job in hand first). Start one
    per host or several: a lock in the database lets each job run once per interval."""
    known = {job.key for job in jobs()}  # from the registry: a runner starts while the database is down
    unknown = sorted(set(only) - known)
    if unknown:
        raise click.UsageError(f"unknown job(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    if once:
        for run in services.run_due(only=set(only) or None):
            click.echo(f"{run.job.key}: {'ok' if run.ok else 'FAILED'}: {run.result}")
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo(f"Running {len(known)} jobs as {services.runner_id()} (stop with Ctrl+C).")
    services.run_forever(stop, tick=tick)
    click.echo("Stopped.")


@jobs_cli.command("list")
def list_command() -> None:
    """Every job: interval, last run and result, next run, and the cron command that does the same."""
    for status in services.job_statuses():
        job, state = status.job, status.state
        click.echo(f"{job.key}  (every {int(job.interval.total_seconds())} s; cron: flask {job.command})")
        if state is None:
            click.echo("    never ran; due at the first `flask jobs run`")
            continue
        outcome = "never" if state.last_ok is None else ("ok" if state.last_ok else "FAILED")
        click.echo(f"    last run:  {_when(state.last_finished_at)}  {outcome}: {state.last_result or ''}")
        click.echo(f"    next run:  {_when(state.next_run_at)}")
        if state.locked_until is not None and state.locked_until > utcnow():
            click.echo(f"    running on {state.locked_by} since {_when(state.last_started_at)}")


@jobs_cli.command("reset")
def reset_command() -> None:
    """Make every job due now."""
    click.echo(f"{services.reset_schedule()} job(s) are due now.")
