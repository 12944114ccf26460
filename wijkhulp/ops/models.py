"""The job table: one row per periodic job, shared by every host that runs `flask jobs run`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wijkhulp.database import utcnow
from wijkhulp.extensions import db


class JobState(db.Model):
    """When a job may run next and who holds it now. A host runs a job only after it has moved `next_run_at`
    on and taken the lease in one guarded UPDATE, so with several hosts each interval runs once."""

    __tablename__ = "job_state"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the Job's key
    next_run_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
    locked_by: Mapped[str | None] = mapped_column(String(120))
    last_started_at: Mapped[datetime | None]
    last_finished_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_result: Mapped[str | None] = mapped_column(Text)
    last_ok: Mapped[bool | None]
    runs: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
