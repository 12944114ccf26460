"""Support services: a resident supports a sent plan, or takes the support back. Each public function commits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.proposals import queries
from wijkhulp.proposals.models import SUPPORTABLE, AlreadySupported, CannotSupport, OwnPlan, Support
from wijkhulp.proposals.services.workflow import require_poster

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User


def support_proposal(actor: User, proposal_id: int) -> Support:
    """Support a sent plan, once per person; the team's own members cannot. Commits.

    Raises ProposalNotFound, NotVerified, NotAllowed, CannotSupport, OwnPlan or AlreadySupported.
    """
    require_poster(actor)
    proposal = queries.visible_proposal(actor, proposal_id)
    if proposal.status not in SUPPORTABLE or proposal.is_hidden:
        raise CannotSupport()
    if proposal.is_member(actor):
        raise OwnPlan()
    support = Support(proposal_id=proposal.id, user_id=actor.id, created_at=utcnow())
    db.session.add(support)
    try:
        db.session.flush()  # uq_proposal_support_proposal_id_user_id: once each, also with two clicks at once
    except IntegrityError:
        db.session.rollback()
        raise AlreadySupported() from None
    db.session.commit()
    return support


def withdraw_support(actor: User, proposal_id: int) -> bool:
    """Take back one's support. Commits. Returns False when there was none. Raises ProposalNotFound."""
    proposal = queries.visible_proposal(actor, proposal_id)
    result = db.session.execute(delete(Support).where(Support.proposal_id == proposal.id,
                                                      Support.user_id == actor.id)
                                .execution_options(synchronize_session="fetch"))
    db.session.commit()
    return bool(result.rowcount)
