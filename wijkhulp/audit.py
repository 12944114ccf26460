"""The append-only audit log of moderation and administrative actions (a low module: any service may record).

`record(...)` only flushes: the calling service commits it together with the action it describes, so an action
and its entry are stored together or not at all. The application has no way to change or delete an entry: the
ORM refuses updates and deletes of `AuditEntry` (unit of work and bulk statements alike).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from wijkhulp.database import utcnow
from wijkhulp.extensions import db

ACTION_MAX = 40
TARGET_KEY_MAX = 40
TARGET_ID_MAX = 64
ACTOR_LABEL_MAX = 254
REASON_MAX = 2000

_NAME = re.compile(r"[a-z][a-z0-9_.]{0,39}")


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntry(db.Model):
    """One action: who (actor), what (action), on what (target key + id), why (reason), when, and details."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_created_at", "created_at"),
        Index("ix_audit_entry_actor_id_created_at", "actor_id", "created_at"),
        Index("ix_audit_entry_action_created_at", "action", "created_at"),
        Index("ix_audit_entry_target", "target_key", "target_id"),
        Index("ix_audit_entry_subject_id_created_at", "subject_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The person who acted; None for the command line and for automatic actions (actor_label says which).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    actor_label: Mapped[str] = mapped_column(String(ACTOR_LABEL_MAX), default="")
    action: Mapped[str] = mapped_column(String(ACTION_MAX))
    target_key: Mapped[str] = mapped_column(String(TARGET_KEY_MAX))
    target_id: Mapped[str | None] = mapped_column(String(TARGET_ID_MAX))
    # The person the action is about (the author of hidden content, the blocked account), for their history.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    pc4: Mapped[str | None] = mapped_column(String(4))  # where the target lies, for manager scopes
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped["User | None"] = relationship(  # noqa: F821,UP037
        "User", foreign_keys=[actor_id], lazy="joined", viewonly=True)


def record(actor: Any, action: str, target_key: str, target_id: Any = None, reason: str | None = "",
           details: dict[str, Any] | None = None, *, pc4: str | None = None,
           subject: Any = None) -> AuditEntry:
    """Add one entry to the log. Flush only: the calling service commits.

    `actor` is a User, None (the command line or the system) or a short text such as an e-mail address.
    `action` and `target_key` are lower-case names such as "moderation.hide" and "listing". `subject` is the
    person the action is about (a User or None), `pc4` where the target lies (manager scopes).
    """
    if not _NAME.fullmatch(action or ""):
        raise ValueError(f"audit action {action!r}: use lower-case letters, digits, '_' and '.'")
    if not _NAME.fullmatch(target_key or ""):
        raise ValueError(f"audit target {target_key!r}: use lower-case letters, digits, '_' and '.'")
    actor_id: int | None = None
    label = ""
    if isinstance(actor, str):
        label = actor.strip()[:ACTOR_LABEL_MAX]
    elif actor is not None:
        if actor.id is None:
            db.session.flush()  # a new User without an id yet
        actor_id = actor.id
    if subject is not None and subject.id is None:
        db.session.flush()
    entry = AuditEntry(actor_id=actor_id, actor_label=label, action=action, target_key=target_key,
                       target_id=None if target_id is None else str(target_id)[:TARGET_ID_MAX],
                       subject_id=subject.id if subject is not None else None, pc4=pc4,
                       reason=(reason or "").strip()[:REASON_MAX], details=dict(details or {}))
    db.session.add(entry)
    db.session.flush()
    return entry


# ---------------------------------------------------------------- append-only guards

@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper: Any, connection: Any, target: AuditEntry) -> None:
    raise AuditLogIsAppendOnly("audit entries cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper: Any, connection: Any, target: AuditEntry) -> None:
    raise AuditLogIsAppendOnly("audit entries cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: Any) -> None:
    """`update(AuditEntry)` / `delete(AuditEntry)` through the session bypass the unit of work: refuse them too."""
    if (state.is_update or state.is_delete) and any(m.class_ is AuditEntry for m in state.all_mappers):
        raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")
