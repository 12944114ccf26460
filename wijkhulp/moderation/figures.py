"""Moderation's figures for the dashboard: reports per reason in the period (declared in the manifest)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkhulp import metrics
from wijkhulp.registry.metrics import Figure, Series
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.moderation.models import REASON_SHORT, Report, ReportReason

SECTION = _l("Moderation")


def reports_per_reason(pc4s: metrics.Scope, start: datetime, end: datetime) -> list[tuple[str, int]]:
    stmt = select(Report.reason, func.count()).where(Report.created_at >= start, Report.created_at < end)
    if pc4s is not None:
        stmt = stmt.where(Report.pc4.in_(sorted(pc4s)))
    counts = dict(db.session.execute(stmt.group_by(Report.reason)).all())
    return [(str(REASON_SHORT[reason]), int(counts.get(reason, 0))) for reason in ReportReason]


def reports_received(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    return sum(n for _, n in reports_per_reason(pc4s, start, end))


def moderation_actions(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    stmt = select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action.like("moderation.%"), AuditEntry.created_at >= start, AuditEntry.created_at < end)
    if pc4s is not None:
        stmt = stmt.where(AuditEntry.pc4.in_(sorted(pc4s)))
    return db.session.scalar(stmt) or 0


FIGURES = (
    Figure("reports_received", label=_l("Reports received"), compute=reports_received,
        section=SECTION, order=900),
    Figure("moderation_actions", label=_l("Moderation actions"), compute=moderation_actions,
        section=SECTION, order=910,
        description=_l("Hidden, restored, removed, warned, approved and automatic actions.")),
)

SERIES = (
    Series("reports_per_reason", label=_l("Reports per reason"), compute=reports_per_reason,
        columns=(_l("Reports"),), row_heading=_l("Reason"), section=SECTION, order=920),
)
