"""Plans as moderated content: reportable and hideable through moderation. The manifest (feature.py) declares
them with these functions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.accounts.models import User
from wijkhulp.proposals.models import CONTENT_KEY, Proposal

PROPOSAL = CONTENT_KEY
REMOVED = _l("This plan has been removed by the community manager.")
NOT_PUBLIC = _l("A plan that has not been sent yet")


def author(proposal: Proposal) -> User | None:
    return None if proposal.lead.is_deleted else proposal.lead


def pc4(proposal: Proposal) -> str | None:
    """The first area of the plan's neighbourhood (older plans: of its call), so its managers act on it."""
    return proposal.area_pc4 or proposal.lead.pc4


def remove(proposal: Proposal) -> None:
    """The texts go; status, team, budget and history stay (the budget overview needs them). Flush is the
    caller's."""
    note = str(REMOVED)
    proposal.title = note[:120]
    proposal.summary = proposal.contribution = proposal.plan_execution = note
    proposal.plan_promotion = proposal.plan_maintenance = proposal.own_contribution = ""
    proposal.report = note if proposal.report else ""


def summary(proposal: Proposal) -> str:
    """The title, once the plan is public: a draft's title stays with its team (ids can be guessed)."""
    return proposal.title if proposal.is_public else str(NOT_PUBLIC)


def text(proposal: Proposal) -> str:
    parts = (proposal.title, proposal.summary, proposal.contribution, proposal.plan_execution,
             proposal.plan_promotion, proposal.plan_maintenance, proposal.own_contribution, proposal.report)
    return "\n\n".join(part for part in parts if part)
