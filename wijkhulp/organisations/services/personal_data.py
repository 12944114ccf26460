"""Organisations in a person's data download, and what account deletion removes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.organisations.models import Invitation, Membership, Organisation


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_user_data(user: User) -> dict[str, Any]:
    memberships = db.session.scalars(select(Membership).where(Membership.user_id == user.id))
    registered = db.session.scalars(select(Organisation).where(Organisation.created_by_id == user.id))
    invitations = db.session.scalars(select(Invitation).where(Invitation.email == (user.email or "").lower()))
    return {
        "memberships": [{"organisation": m.organisation.name, "role": m.role.value, "since": _iso(m.created_at)}
                        for m in memberships],
        "registered": [{"organisation": o.name, "registered_at": _iso(o.created_at)} for o in registered],
        "invitations": [{"organisation": i.organisation.name, "status": i.status.value,
                         "sent_at": _iso(i.created_at)} for i in invitations],
    }


def erase_user_data(user: User) -> None:
    """Leave every organisation and drop invitations to the person's address; the organisations (and what they
    pledged) stay. Flush only."""
    for membership in db.session.scalars(select(Membership).where(Membership.user_id == user.id)):
        db.session.delete(membership)
    for invitation in db.session.scalars(select(Invitation).where(Invitation.email == (user.email or "").lower())):
        db.session.delete(invitation)
    db.session.flush()
