"""Helpers the proposal services share: settings and notification events of the feature, site paths, text checks,
row locks, guarded status changes, the event log, closing invitations and the "team too small" flag. Flush only;
the services commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select

from wijkhulp.accounts.models import NotVerified
from wijkhulp.accounts.permissions import require_can_post
from wijkhulp.database import LOCAL_TZ, guarded_update, utcnow
from wijkhulp.extensions import db
from wijkhulp.neighbourhoods import services as neighbourhoods
from wijkhulp.notifications import services as notifications
from wijkhulp.proposals import queries
from wijkhulp.proposals.models import (AWAITING_DECISION, NOT_VERIFIED_MESSAGE, Call, EventKind, InvalidProposal,
                                       InvitationStatus, NotResident, Proposal, ProposalEvent, ProposalNotFound,
                                       ProposalStatus, StatusChanged, TeamMembership)
from wijkhulp.settings import services as settings
from wijkhulp.text import strip_invisible

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User

# ---------------------------------------------------------------- settings

MIN_TEAM_SIZE = "proposals_min_team_size"
REPORT_DUE_MONTHS = "proposals_report_due_months"
INVITATION_DAYS = "proposals_invitation_days"


def setting(key: str) -> int:
    return int(settings.get(key))


# ---------------------------------------------------------------- notification events

EVENT_INVITATION = "proposal_invitation"
EVENT_TEAM = "proposal_team"
EVENT_REVIEW = "proposal_review"
EVENT_DECISION = "proposal_decision"
EVENT_REPORT_DUE = "proposal_report_due"


# ---------------------------------------------------------------- site paths (views register these URLs; a test
# checks that they match)

INDEX_PATH = "/plans"
MINE_PATH = "/plans/mine"


def plan_path(proposal_id: int) -> str:
    return f"/plans/{proposal_id}"


def team_path(proposal_id: int) -> str:
    return f"/plans/{proposal_id}/team"


def review_path(proposal_id: int) -> str:
    return f"/plans/{proposal_id}/review"


def report_path(proposal_id: int) -> str:
    return f"/plans/{proposal_id}/report"


def join_path(token: str) -> str:
    return f"/plans/join/{token}"


def call_path(call_id: int) -> str:
    return f"/plans/calls/{call_id}"


# ---------------------------------------------------------------- time

def local_today(now: datetime | None = None) -> date:
    """Today's date in the Netherlands."""
    return (now or utcnow()).astimezone(LOCAL_TZ).date()


# ---------------------------------------------------------------- text fields

def too_long(limit: int, field_name: str, error: type = InvalidProposal) -> Any:
    return error(_l("Use at most %(n)s characters.", n=limit), field=field_name)


def clean_text(value: str | None, limit: int, field_name: str, error: type = InvalidProposal) -> str:
    text = strip_invisible(value).strip()
    if len(text) > limit:
        raise too_long(limit, field_name, error)
    return text


# ---------------------------------------------------------------- who acts

def require_poster(actor: Any) -> None:
    """Acting on plans needs a verified, active account: NotVerified or NotAllowed otherwise."""
    require_can_post(actor, lambda: NotVerified(NOT_VERIFIED_MESSAGE))


def check_residence(call: Call, person: User) -> None:
    """Raises NotResident when the call asks members to live in its neighbourhoods and this person does not."""
    if not call.residence_required:
        return
    names = ", ".join(n.name for n in call.neighbourhoods)
    if not person.pc4:
        raise NotResident(_l("This call is only for people who live in %(places)s. Fill in your postcode on your "
                             "profile first.", places=names))
    if person.pc4 not in set(neighbourhoods.pc4s_of(n.id for n in call.neighbourhoods)):
        raise NotResident(_l("This call is only for people who live in %(places)s. Your postcode is not in this "
                             "area.", places=names))


# ---------------------------------------------------------------- row locks and status changes

def lock(proposal_id: int) -> Proposal:
    """Take the plan's row lock and give the plan as it is now.

    Every service that changes the team or the status starts here (or with `transition`), so a member leaving and
    the lead submitting, or two reviewers deciding, run one after the other on both backends: PostgreSQL waits
    for the row lock; SQLite has one writer at a time and pysqlite starts the transaction at this UPDATE.
    """
    if not guarded_update(Proposal, proposal_id,
                          values={"lock_version": Proposal.lock_version + 1, "updated_at": Proposal.updated_at}):
        raise ProposalNotFound()
    return reload(proposal_id)


def reload(proposal_id: int) -> Proposal:
    return db.session.execute(select(Proposal).where(Proposal.id == proposal_id)
                              .execution_options(populate_existing=True)).scalar_one()


def transition(proposal_id: int, allowed: Iterable[ProposalStatus], to: ProposalStatus, **values: Any) -> Proposal:
    """Change the status only if it is still one of `allowed` (a conditional UPDATE, which also takes the row
    lock). Raises StatusChanged, after a rollback, when someone else got there first."""
    if not guarded_update(Proposal, proposal_id, where=(Proposal.status.in_(list(allowed)),),
                          values={"status": to, "lock_version": Proposal.lock_version + 1, **values}):
        db.session.rollback()
        raise StatusChanged()
    return reload(proposal_id)


# ---------------------------------------------------------------- the event log and notifications

def log(proposal: Proposal, kind: EventKind, actor: User | None, *, message: str = "",
        amount_cents: int | None = None) -> ProposalEvent:
    event = ProposalEvent(proposal_id=proposal.id, actor_id=actor.id if actor is not None else None, kind=kind,
                          message=message, amount_cents=amount_cents, created_at=utcnow())
    db.session.add(event)
    return event


def tell(people: Iterable[User], event: str, message: Any, url: str, *, skip: User | None = None) -> None:
    """Notify each person once (nobody about their own action)."""
    seen: set[int] = set()
    for person in people:
        if person is None or person.id in seen or (skip is not None and person.id == skip.id):
            continue
        seen.add(person.id)
        notifications.notify(person, event, message=message, url=url)


def team_people(proposal: Proposal) -> list[User]:
    return [m.user for m in proposal.memberships]


def refresh_team_flag(proposal: Proposal, actor: User | None) -> None:
    """After a team change: flag a sent plan whose team fell below the minimum, or clear the flag when the team is
    complete again; the lead is told either way. Call with the row lock held."""
    db.session.flush()
    if proposal.status not in AWAITING_DECISION:
        return
    count = queries.confirmed_count(proposal.id)
    minimum = proposal.call.min_team_size
    if count < minimum and proposal.below_minimum_since is None:
        proposal.below_minimum_since = utcnow()
        log(proposal, EventKind.BELOW_MINIMUM, actor)
        tell([proposal.lead], EVENT_TEAM, lazy_ngettext(
            "The team of your plan “%(title)s” now has %(num)d member. The call asks for at least %(minimum)s. "
            "Until your team is complete again, your plan cannot be approved. Invite someone on the team page.",
            "The team of your plan “%(title)s” now has %(num)d members. The call asks for at least %(minimum)s. "
            "Until your team is complete again, your plan cannot be approved. Invite someone on the team page.",
            count, title=proposal.title, minimum=minimum), team_path(proposal.id))
    elif count >= minimum and proposal.below_minimum_since is not None:
        proposal.below_minimum_since = None
        log(proposal, EventKind.TEAM_WHOLE, actor)
        tell([proposal.lead], EVENT_TEAM, _l(
            "The team of your plan “%(title)s” is complete again. Your plan can be approved again.",
            title=proposal.title), plan_path(proposal.id))


def add_member(proposal: Proposal, user: User) -> TeamMembership:
    membership = TeamMembership(proposal_id=proposal.id, user_id=user.id, joined_at=utcnow())
    db.session.add(membership)
    proposal.memberships.append(membership)
    return membership


def close_invitations(proposal: Proposal) -> None:
    """Waiting invitations and share links of a plan that is withdrawn stop working."""
    now = utcnow()
    for invitation in proposal.invitations:
        if invitation.status == InvitationStatus.PENDING:
            invitation.status = InvitationStatus.REVOKED
            invitation.responded_at = now
    for link in proposal.share_links:
        if link.revoked_at is None:
            link.revoked_at = now
