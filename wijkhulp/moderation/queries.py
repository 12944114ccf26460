"""Reads for moderation: the queue, one item with its reports and history, the audit log, blocked accounts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased

from wijkhulp.accounts.models import Role, User
from wijkhulp.audit import AuditEntry
from wijkhulp.registry.content import ContentType, QueueRow, QueueSource, content_type, queue_sources
from wijkhulp.errors import NotFound
from wijkhulp.extensions import db
from wijkhulp.moderation.models import Report, ReviewHold, UnknownContent

Scope = frozenset[str] | None
QUEUE_LIMIT = 200


def _in_scope(column: Any, scope: Scope) -> Any:
    return None if scope is None else column.in_(sorted(scope))


@dataclass
class QueueItem:
    """One item in the queue: its open reports and/or its pre-moderation hold."""

    content_key: str
    object_id: int
    kind: ContentType | None
    obj: Any
    pc4: str | None
    reports: list[Report] = field(default_factory=list)
    hold: ReviewHold | None = None

    @property
    def reasons(self) -> list[tuple[str, int]]:
        return Counter(r.reason.value for r in self.reports).most_common()

    @property
    def first_at(self) -> datetime | None:
        moments = [r.created_at for r in self.reports] + ([self.hold.created_at] if self.hold else [])
        return min(moments) if moments else None

    @property
    def is_hidden(self) -> bool:
        return self.obj is not None and getattr(self.obj, "hidden_at", None) is not None

    @property
    def summary(self) -> str:
        return self.kind.summary(self.obj) if self.kind is not None and self.obj is not None else ""

    @property
    def author(self) -> Any:
        return self.kind.author_of(self.obj) if self.kind is not None and self.obj is not None else None


def _load(content_key: str, object_id: int) -> tuple[ContentType | None, Any]:
    kind = content_type(content_key)
    return kind, (kind.get(object_id) if kind is not None else None)


def open_report_items(scope: Scope) -> list[QueueItem]:
    """Open reports grouped per item, most reported first, then oldest first."""
    stmt = select(Report).where(Report.resolved_at.is_(None)).order_by(Report.created_at, Report.id).limit(
        QUEUE_LIMIT * 10)
    condition = _in_scope(Report.pc4, scope)
    if condition is not None:
        stmt = stmt.where(condition)
    items: dict[tuple[str, int], QueueItem] = {}
    for report in db.session.scalars(stmt):
        key = (report.content_key, report.object_id)
        if key not in items:
            kind, obj = _load(*key)
            items[key] = QueueItem(report.content_key, report.object_id, kind, obj, report.pc4)
        items[key].reports.append(report)
    ordered = sorted(items.values(), key=lambda i: (-len(i.reports), i.first_at))
    return ordered[:QUEUE_LIMIT]


def open_holds(scope: Scope) -> list[QueueItem]:
    """Posts of new accounts waiting for a first check, oldest first."""
    stmt = select(ReviewHold).where(ReviewHold.decided_at.is_(None)).order_by(ReviewHold.created_at,
                                                                              ReviewHold.id).limit(QUEUE_LIMIT)
    condition = _in_scope(ReviewHold.pc4, scope)
    if condition is not None:
        stmt = stmt.where(condition)
    items = []
    for hold in db.session.scalars(stmt):
        kind, obj = _load(hold.content_key, hold.object_id)
        items.append(QueueItem(hold.content_key, hold.object_id, kind, obj, hold.pc4, hold=hold))
    return items


def source_sections(scope: Scope) -> list[tuple[QueueSource, list[QueueRow]]]:
    """The sections features added to the queue (unanswered requests, ideas waiting for approval, ...)."""
    return [(source, list(source.load(scope))[: source.limit]) for source in queue_sources()]


def open_report_count(scope: Scope) -> int:
    """How many items have open reports."""
    inner = select(Report.content_key, Report.object_id).where(Report.resolved_at.is_(None))
    condition = _in_scope(Report.pc4, scope)
    if condition is not None:
        inner = inner.where(condition)
    inner = inner.group_by(Report.content_key, Report.object_id).subquery()
    return db.session.scalar(select(func.count()).select_from(inner)) or 0


# ---------------------------------------------------------------- one item

def item_or_404(content_key: str, object_id: int) -> tuple[ContentType, Any]:
    """Raises UnknownContent (404) for an unknown content type or object."""
    kind, obj = _load(content_key, object_id)
    if kind is None or obj is None:
        raise UnknownContent()
    return kind, obj


def reports_for(content_key: str, object_id: int) -> list[Report]:
    return list(db.session.scalars(select(Report).where(
        Report.content_key == content_key, Report.object_id == object_id).order_by(Report.created_at.desc(),
                                                                                    Report.id.desc())))


def open_reports_for(content_key: str, object_id: int) -> list[Report]:
    return list(db.session.scalars(select(Report).where(
        Report.content_key == content_key, Report.object_id == object_id, Report.resolved_at.is_(None))
        .order_by(Report.created_at, Report.id)))


def count_open_reports(content_key: str, object_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Report).where(
        Report.content_key == content_key, Report.object_id == object_id, Report.resolved_at.is_(None))) or 0


def hold_for(content_key: str, object_id: int) -> ReviewHold | None:
    return db.session.scalar(select(ReviewHold).where(ReviewHold.content_key == content_key,
                                                      ReviewHold.object_id == object_id))


def history(target_key: str, target_id: Any, limit: int = 50) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.target_key == target_key, AuditEntry.target_id == str(target_id))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)))


def user_history(user_id: int, limit: int = 50) -> list[AuditEntry]:
    """Entries about a person: their account (role, blocks) and what was decided about what they posted."""
    return list(db.session.scalars(select(AuditEntry).where(or_(
        AuditEntry.subject_id == user_id,
        (AuditEntry.target_key.in_(["user", "profile"])) & (AuditEntry.target_id == str(user_id))))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)))


def managers() -> list[User]:
    """Everyone with the manager or admin role, by name."""
    return list(db.session.scalars(select(User).where(User.role.in_([Role.MANAGER, Role.ADMIN]),
                                                      User.deleted_at.is_(None)).order_by(User.display_name)))


def user_or_404(user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None or person.is_deleted:
        raise NotFound()
    return person


def blocked_users(scope: Scope) -> list[User]:
    stmt = select(User).where(User.blocked_at.is_not(None), User.deleted_at.is_(None)).order_by(
        User.blocked_at.desc())
    condition = _in_scope(User.pc4, scope)
    if condition is not None:
        stmt = stmt.where(condition)
    return list(db.session.scalars(stmt.limit(500)))


def hidden_profiles(scope: Scope) -> list[User]:
    stmt = select(User).where(User.hidden_at.is_not(None), User.deleted_at.is_(None)).order_by(
        User.hidden_at.desc())
    condition = _in_scope(User.pc4, scope)
    if condition is not None:
        stmt = stmt.where(condition)
    return list(db.session.scalars(stmt.limit(500)))


# ---------------------------------------------------------------- the audit log

@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # part of a name or e-mail address; "system" for entries without a person
    action: str = ""
    target_key: str = ""
    target_id: str = ""
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive


def _audit_statement(filters: AuditFilter, scope: Scope) -> Select[tuple[AuditEntry]]:
    stmt = select(AuditEntry)
    if scope is not None:  # managers: entries in their neighbourhoods and entries tied to no place
        stmt = stmt.where(or_(AuditEntry.pc4.is_(None), AuditEntry.pc4.in_(sorted(scope))))
    if filters.actor:
        wanted = filters.actor.strip().lower()
        if wanted in {"system", "systeem"}:
            stmt = stmt.where(AuditEntry.actor_id.is_(None))
        else:
            actor = aliased(User)
            like = f"%{wanted}%"
            stmt = stmt.outerjoin(actor, AuditEntry.actor_id == actor.id).where(or_(
                func.lower(actor.display_name).like(like), func.lower(actor.email).like(like),
                func.lower(AuditEntry.actor_label).like(like)))
    if filters.action:
        stmt = stmt.where(AuditEntry.action == filters.action)
    if filters.target_key:
        stmt = stmt.where(AuditEntry.target_key == filters.target_key)
    if filters.target_id:
        stmt = stmt.where(AuditEntry.target_id == filters.target_id.strip())
    if filters.start is not None:
        stmt = stmt.where(AuditEntry.created_at >= filters.start)
    if filters.end is not None:
        stmt = stmt.where(AuditEntry.created_at < filters.end)
    return stmt.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def audit_page(filters: AuditFilter, scope: Scope, page: int, per_page: int = 50) -> Pagination:
    return db.paginate(_audit_statement(filters, scope), page=page, per_page=per_page, error_out=False)


def audit_entries(filters: AuditFilter, scope: Scope, limit: int = 50_000) -> Iterable[AuditEntry]:
    """For the CSV export: every matching entry, newest first, read in batches."""
    return db.session.scalars(_audit_statement(filters, scope).limit(limit).execution_options(yield_per=500))


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def audit_target_keys() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.target_key).distinct().order_by(AuditEntry.target_key)))
