"""The append-only audit log of moderation and administrative actions (a low module: any service may record).

`record(...)` only flushes: the calling service commits it together with the action it describes, so an action
and its entry are stored together or not at all. The application has no way to change or delete an entry: the
ORM refuses updates and deletes of `AuditEntry` (unit of work and bulk statements alike).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
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


# ---------------------------------------------------------------- what an entry says, in plain words

@dataclass(frozen=True)
class ActionText:
    """How an action reads on the audit log and item histories.

    `label` names the action in the filter list ("Warning sent"); `sentence` is the line shown for one entry, a
    template rendered when the page is shown (in the reader's language) with these placeholders: %(target)s (what it
    is about: "request “Tuin winterklaar”", with its current title), %(subject)s (the person it is about),
    %(person)s (the person in the details, e.g. the manager assigned), %(from)s and %(to)s (a change), %(method)s.
    """

    label: Any
    sentence: Any


# Every action key the code writes has a sentence here (tests/moderation/test_audit_texts.py checks the code for
# keys without one). Keep them short: the "Who" and "Reason" columns stand next to the sentence.
ACTIONS: dict[str, ActionText] = {
    "moderation.auto_hide": ActionText(_l("Taken offline after reports"),
                                       _l("Taken offline automatically after reports: %(target)s")),
    "moderation.hold": ActionText(_l("First post held"), _l("First post held for checking: %(target)s")),
    "moderation.dismiss": ActionText(_l("Reports closed"), _l("Reports closed, nothing wrong with %(target)s")),
    "moderation.hide": ActionText(_l("Taken offline"), _l("Took %(target)s offline")),
    "moderation.restore": ActionText(_l("Put back online"), _l("Put %(target)s back online")),
    "moderation.approve": ActionText(_l("First post approved"), _l("Approved %(target)s: it is online")),
    "moderation.remove": ActionText(_l("Text removed"), _l("Removed the text of %(target)s")),
    "moderation.warn": ActionText(_l("Warning sent"), _l("Warned %(subject)s about %(target)s")),
    "moderation.read_private": ActionText(_l("Reported private text read"),
                                          _l("Read the reported private text of %(target)s")),
    "user.block": ActionText(_l("Account blocked"), _l("Blocked the account of %(target)s")),
    "user.unblock": ActionText(_l("Account unblocked"), _l("Unblocked the account of %(target)s")),
    "user.role": ActionText(_l("Role changed"), _l("Changed the role of %(target)s from %(from)s to %(to)s")),
    "manager.assign": ActionText(_l("Manager assigned"),
                                 _l("Made %(person)s manager of the neighbourhood %(target)s")),
    "manager.unassign": ActionText(_l("Manager unassigned"),
                                   _l("%(person)s no longer manages the neighbourhood %(target)s")),
    "setting.change": ActionText(_l("Setting changed"), _l("Changed the setting %(target)s")),
    "setting.reset": ActionText(_l("Setting reset"), _l("Set %(target)s back to its default")),
    "marketplace.category_defaults": ActionText(_l("Standard categories added"),
                                                _l("Added the standard categories")),
    "marketplace.category_add": ActionText(_l("Category added"), _l("Added the category %(target)s")),
    "marketplace.category_rename": ActionText(_l("Category renamed"),
                                              _l("Renamed the category “%(from)s” to “%(to)s”")),
    "marketplace.category_on": ActionText(_l("Category switched on"), _l("Switched the category %(target)s on")),
    "marketplace.category_off": ActionText(_l("Category switched off"),
                                           _l("Switched the category %(target)s off")),
    "marketplace.assisted_post": ActionText(_l("Posted for someone"),
                                            _l("Posted %(target)s for someone without an account")),
    "pledge.record": ActionText(_l("Pledge recorded"), _l("Recorded %(target)s")),
    "auction_round.create": ActionText(_l("Auction round created"), _l("Created the auction round %(target)s")),
    "auction_round.publish": ActionText(_l("Auction round published"),
                                        _l("Published the auction round %(target)s")),
    "auction_round.close": ActionText(_l("Auction round closed"), _l("Closed the auction round %(target)s")),
    "idea.approve": ActionText(_l("Idea approved"), _l("Approved %(target)s")),
    "idea.reject": ActionText(_l("Idea turned down"), _l("Turned down %(target)s")),
    "proposal.approve": ActionText(_l("Plan approved"), _l("Approved %(target)s")),
    "proposal.request_changes": ActionText(_l("Changes asked"), _l("Asked for changes to %(target)s")),
    "proposal.reject": ActionText(_l("Plan turned down"), _l("Turned down %(target)s")),
    "proposal_call.create": ActionText(_l("Call created"), _l("Created the call %(target)s")),
    "proposal_call.update": ActionText(_l("Call changed"), _l("Changed the call %(target)s")),
    "proposal_call.panel_add": ActionText(_l("Reviewer added"),
                                          _l("Added %(subject)s to the panel of the call %(target)s")),
    "proposal_call.panel_remove": ActionText(_l("Reviewer removed"),
                                             _l("Removed %(subject)s from the panel of the call %(target)s")),
    "neighbourhood.create": ActionText(_l("Neighbourhood created"), _l("Created the neighbourhood %(target)s")),
    "neighbourhood.update": ActionText(_l("Neighbourhood changed"), _l("Changed the neighbourhood %(target)s")),
    "neighbourhood.rename": ActionText(_l("Neighbourhood renamed"),
                                       _l("Renamed the neighbourhood “%(from)s” to “%(to)s”")),
    "neighbourhood.areas": ActionText(_l("Postcode areas changed"),
                                      _l("Changed the postcode areas of the neighbourhood %(target)s")),
    "neighbourhood.delete": ActionText(_l("Neighbourhood deleted"), _l("Deleted the neighbourhood %(target)s")),
    "organisation.verify": ActionText(_l("Organisation checked"), _l("Checked and approved %(target)s")),
    "organisation.decline": ActionText(_l("Organisation declined"), _l("Declined %(target)s")),
    "auth.sign_in": ActionText(_l("Staff sign-in"), _l("Signed in %(method)s")),
    "auth.2fa_on": ActionText(_l("Two-step sign-in on"), _l("Switched two-step sign-in on")),
    "auth.2fa_off": ActionText(_l("Two-step sign-in off"), _l("Switched two-step sign-in off")),
    "auth.recovery_codes_new": ActionText(_l("New recovery codes"), _l("Made new recovery codes")),
    "personal_data.view": ActionText(_l("Personal data viewed"),
                                     _l("Looked at the personal data of %(target)s")),
    "personal_data.list": ActionText(_l("User list viewed"), _l("Looked at the list of accounts")),
    "personal_data.export": ActionText(_l("Audit log downloaded"), _l("Downloaded the audit log")),
    "data.export": ActionText(_l("Figures downloaded"), _l("Downloaded the dashboard figures")),
}


def action_text(action: str) -> ActionText | None:
    return ACTIONS.get(action)
