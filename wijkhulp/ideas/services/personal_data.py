"""What the ideas auction holds about a person: exported on request; kept for others when they leave."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.ideas.models import Idea, Pledge


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_user_data(user: User) -> dict[str, Any]:
    ideas = db.session.scalars(select(Idea).where(Idea.author_id == user.id).order_by(Idea.created_at))
    pledges = db.session.scalars(select(Pledge).where(Pledge.user_id == user.id).order_by(Pledge.created_at))
    return {
        "ideas": [{"round": i.round.name, "title": i.title, "description": i.description,
                   "what_i_do_myself": i.own_contribution, "offer_in_return": i.offer_in_return,
                   "entered_for": i.entered_for, "created_at": _iso(i.created_at),
                   "needs": [{"type": n.type.value, "description": n.description, "quantity": n.quantity,
                              "unit": n.unit.value} for n in i.needs],
                   "realised": i.realised.value if i.realised else None, "realised_note": i.realised_note}
                  for i in ideas],
        "pledges": [{"idea": p.need.idea.title, "need": p.need.description, "amount": p.amount,
                     "unit": p.need.unit.value, "description": p.description, "conditions": p.conditions,
                     "estimated_value_cents": p.estimated_value_cents, "status": p.status.value,
                     "for_organisation": p.organisation.name if p.organisation else None,
                     "created_at": _iso(p.created_at)} for p in pledges],
    }


def erase_user_data(user: User) -> None:
    """Ideas and pledges stay for the neighbourhood and the partners; User.public_name then shows "a former
    resident". Nothing else about the person is stored here. Flush only."""
    db.session.flush()
