"""Ideas as moderated content: reportable and hideable through moderation, and ideas waiting for approval in the
managers' queue. The manifest (feature.py) declares them with these functions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.registry.content import QueueRow
from wijkhulp.accounts.models import User
from wijkhulp.ideas import queries
from wijkhulp.ideas.models import Idea

IDEA = "idea"
REMOVED = _l("This idea has been removed by the community manager.")


def author(idea: Idea) -> User | None:
    return None if idea.author.is_deleted else idea.author


def pc4(idea: Idea) -> str | None:
    return idea.area_pc4


def remove(idea: Idea) -> None:
    """The texts go; the needs and pledges stay for the partners. Flush is the caller's."""
    idea.title = str(REMOVED)[:120]
    idea.description = str(REMOVED)
    idea.own_contribution = str(REMOVED)
    idea.offer_in_return = ""


def text(idea: Idea) -> str:
    return "\n\n".join(part for part in (idea.title, idea.description, idea.own_contribution, idea.offer_in_return)
                       if part)


def awaiting_approval(pc4s: frozenset[str] | None) -> list[QueueRow]:
    return [QueueRow(content_key=IDEA, object_id=idea.id, summary=idea.title, pc4=pc4(idea),
                                  since=idea.created_at, note=idea.round.name)
            for idea in queries.ideas_awaiting_approval_in(pc4s)]


def pledge_titles(ids: list[int]) -> dict[int, str]:
    """For the audit log: "pledge of <partner> on “<idea>”" for the pledges that still exist."""
    from sqlalchemy import select

    from wijkhulp.extensions import db
    from wijkhulp.ideas.models import Pledge

    if not ids:
        return {}
    return {pledge.id: str(_l("%(partner)s on “%(idea)s”", partner=pledge.partner_name, idea=pledge.need.idea.title))
            for pledge in db.session.scalars(select(Pledge).where(Pledge.id.in_(ids)))}
