"""Ideas as moderated content: reportable and hideable through moderation, and ideas waiting for approval in the
managers' queue. Registered with the low `contenttypes` registry; imported by the views (so by the app factory)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from wijkhulp import contenttypes
from wijkhulp.accounts.models import User
from wijkhulp.ideas import queries
from wijkhulp.ideas.models import Idea

IDEA = "idea"
REMOVED = _l("This idea has been removed by the community manager.")


def _author(idea: Idea) -> User | None:
    return None if idea.author.is_deleted else idea.author


def _pc4(idea: Idea) -> str | None:
    return idea.area_pc4


def _remove(idea: Idea) -> None:
    """The texts go; the needs and pledges stay for the partners. Flush is the caller's."""
    idea.title = str(REMOVED)[:120]
    idea.description = str(REMOVED)
    idea.own_contribution = str(REMOVED)
    idea.offer_in_return = ""


def _text(idea: Idea) -> str:
    return "\n\n".join(part for part in (idea.title, idea.description, idea.own_contribution, idea.offer_in_return)
                       if part)


contenttypes.register_content_type(
    IDEA, label=_l("Idea in the ideas auction"), model=Idea, author_of=_author, pc4_of=_pc4,
    summary_of=lambda idea: idea.title, remove=_remove, text_of=_text,
    url_of=lambda idea: url_for("ideas.show_idea", idea_id=idea.id), order=40)


def _awaiting_approval(pc4s: frozenset[str] | None) -> list[contenttypes.QueueRow]:
    return [contenttypes.QueueRow(content_key=IDEA, object_id=idea.id, summary=idea.title, pc4=_pc4(idea),
                                  since=idea.created_at, note=idea.round.name,
                                  url=url_for("ideas.show_idea", idea_id=idea.id))
            for idea in queries.ideas_awaiting_approval_in(pc4s)]


contenttypes.register_queue_source(
    "ideas_awaiting_approval", title=_l("Ideas waiting for approval"), load=_awaiting_approval,
    description=_l("In rounds of the ideas auction where a manager approves ideas before they become public."),
    order=40)
