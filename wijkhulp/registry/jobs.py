"""Periodic work: what `flask jobs run` runs, at which interval. Each job's command stays for cron users."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from wijkhulp.registry.base import Registry


@dataclass(frozen=True)
class Job:
    key: str                # "mail_send_queued": stored in the job table
    command: str            # "mail send-queued": the `flask` command that does the same from cron
    interval: timedelta
    run: Callable[[], str]  # safe to run again (the commands are cron-safe), commits itself, returns a report line

    def __post_init__(self) -> None:
        if self.interval < timedelta(seconds=1):
            raise ValueError(f"job {self.key}: an interval of at least a second")


JOBS: Registry[Job] = Registry("job", sort_key=lambda j: j.key)


def jobs() -> list[Job]:
    return JOBS.all()
