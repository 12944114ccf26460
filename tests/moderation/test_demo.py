"""Demo data: the manager's neighbourhoods, reports, a hidden profile and a warned resident, added once."""

from __future__ import annotations

from sqlalchemy import func, select

from wijkhulp.accounts.demo import seed_users
from wijkhulp.accounts.models import User
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.moderation.demo import seed_moderation
from wijkhulp.moderation.models import Report
from wijkhulp.neighbourhoods import queries as neighbourhoods
from wijkhulp.neighbourhoods.demo import seed_neighbourhoods


def _count(model: type, *where: object) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_demo_is_idempotent(ctx) -> None:
    assert seed_moderation().startswith("skipped")
    seed_users()
    seed_neighbourhoods()
    first = seed_moderation()
    assert "Erik" in first
    manager = db.session.scalar(select(User).where(User.email == "manager@example.org"))
    assert manager is not None
    assert [n.name for n in neighbourhoods.managed_neighbourhoods(manager)] == ["Breukelen", "Maarssen"]
    erik = db.session.scalar(select(User).where(User.email == "erik@example.org"))
    assert erik is not None and erik.is_hidden
    assert _count(AuditEntry, AuditEntry.action == "moderation.warn", AuditEntry.subject_id == erik.id) == 1
    assert _count(Report, Report.resolved_at.is_(None)) >= 1  # something waits in the queue
    counts = (_count(Report), _count(AuditEntry), _count(User))
    second = seed_moderation()
    assert "present" in second
    assert (_count(Report), _count(AuditEntry), _count(User)) == counts
