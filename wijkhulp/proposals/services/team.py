"""Team services: invitations by e-mail, share links, accepting and declining, leaving, handing over the lead.

Each public function is one transaction ending in a commit; refusals are the DomainErrors of models.py and
nothing is stored when one is raised. Every team change takes the plan's row lock first (workflow.lock), so it
cannot interleave with a submission or an approval.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wijkhulp.accounts.services import find_by_email, normalise_email
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.i18n import date_local
from wijkhulp.notifications import services as notifications
from wijkhulp.proposals import queries
from wijkhulp.proposals.services import workflow
from wijkhulp.proposals.models import (FINISHED, MAX_PENDING_INVITATIONS, AlreadyInvited, AlreadyMember,
                                       CannotInviteYourself, EventKind, InvalidProposal, InvitationAnswered,
                                       InvitationExpired, InvitationForSomeoneElse, InvitationNotFound,
                                       InvitationRevoked, InvitationStatus, LeadCannotLeave, NotInTeam, OnlyLead,
                                       Proposal, ShareLink, TeamClosed, TeamInvitation, TeamMembership,
                                       TooManyInvitations, counts_as_member, token_digest)
from wijkhulp.proposals.services.workflow import (EVENT_INVITATION, EVENT_TEAM, add_member, check_residence, lock, log,
                                                  refresh_team_flag, require_poster, team_path, tell)

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _lead_only(actor: User, proposal_id: int) -> Proposal:
    require_poster(actor)
    proposal = queries.get_proposal(proposal_id)
    if proposal.lead_id != actor.id:
        raise OnlyLead()
    if proposal.status in FINISHED:
        raise TeamClosed()
    return proposal


def _expiry() -> timedelta:
    return timedelta(days=workflow.setting(workflow.INVITATION_DAYS))


# ---------------------------------------------------------------- invitations by e-mail

@dataclass(frozen=True)
class SentInvitation:
    invitation: TeamInvitation
    token: str  # only here and in the mail: the database keeps a digest


def _send(invitation: TeamInvitation, token: str, proposal: Proposal, actor: User) -> None:
    """An existing account gets a notification (and mail by its preferences); any other address an e-mail."""
    link = workflow.join_path(token)
    invitee = invitation.invitee
    if invitee is not None and not invitee.is_deleted:
        notifications.notify(invitee, EVENT_INVITATION, message=_l(
            "%(name)s invites you to join the team of the neighbourhood plan “%(title)s”. Look at the plan and say "
            "yes or no.", name=actor.public_name, title=proposal.title), url=link)
        return
    site = notifications.site_name()
    body = _l(
        "Hello,\n\n%(name)s invites you to join the team of the neighbourhood plan “%(title)s” on %(site)s. A plan "
        "for the neighbourhood needs a team of at least %(minimum)s neighbours.\n\nLook at the plan and say yes or "
        "no:\n%(link)s\n\nTo join, you need an account on %(site)s. You can make one through the link. The link "
        "works until %(until)s.\n\nDo you not want to join? Then you can ignore this e-mail.",
        name=actor.public_name, title=proposal.title, site=site, minimum=proposal.call.min_team_size,
        link=notifications.absolute_url(link), until=date_local(invitation.expires_at))
    notifications.queue_mail(to=invitation.email, subject=_l("Invitation: join the team of “%(title)s”",
                                                             title=proposal.title), body=body)


def invite_member(actor: User, proposal_id: int, email: str) -> SentInvitation:
    """The lead invites someone by e-mail: an existing account, or an address that can register through the link.
    An expired invitation to the same address is sent again. Commits.

    Raises ProposalNotFound, NotVerified, OnlyLead, TeamClosed, InvalidEmail, CannotInviteYourself,
    AlreadyMember, AlreadyInvited or TooManyInvitations (field "email"); nothing is stored then.
    """
    proposal = _lead_only(actor, proposal_id)
    address = normalise_email(email, field="email")
    if address == (actor.email or "").lower():
        raise CannotInviteYourself(field="email")
    person = find_by_email(address)
    if person is not None and person.is_deleted:
        person = None
    if person is not None and proposal.is_member(person):
        raise AlreadyMember(field="email")
    now = utcnow()
    pending = [i for i in proposal.invitations if i.status == InvitationStatus.PENDING
               and (i.email == address or (person is not None and i.invitee_id == person.id))]
    if any(i.is_waiting(now) for i in pending):
        raise AlreadyInvited(field="email")
    waiting = sum(1 for i in proposal.invitations if i.is_waiting(now))
    if not pending and waiting >= MAX_PENDING_INVITATIONS:
        raise TooManyInvitations(field="email")
    proposal = lock(proposal.id)
    token = new_token()
    invitation = next(iter(pending), None)
    if invitation is not None:  # expired: the same invitation, sent again with a new link
        invitation.token_digest, invitation.created_at = token_digest(token), now
        invitation.expires_at = now + _expiry()
        invitation.invited_by_id = actor.id
    else:
        invitation = TeamInvitation(proposal_id=proposal.id, email=address, invited_by_id=actor.id,
                                    invitee_id=person.id if person is not None else None,
                                    token_digest=token_digest(token), created_at=now, expires_at=now + _expiry())
        db.session.add(invitation)
    try:
        db.session.flush()  # one waiting invitation per address and plan, also when the lead clicks twice
    except IntegrityError:
        db.session.rollback()
        raise AlreadyInvited(field="email") from None
    _send(invitation, token, proposal, actor)
    db.session.commit()
    return SentInvitation(invitation, token)


def _lead_invitation(actor: User, invitation_id: int) -> TeamInvitation:
    invitation = db.session.get(TeamInvitation, invitation_id)
    if invitation is None:
        raise InvitationNotFound()
    _lead_only(actor, invitation.proposal_id)
    return invitation


def resend_invitation(actor: User, invitation_id: int) -> SentInvitation:
    """Send a waiting (or expired) invitation again, with a new link; the old link stops working. Commits.

    Raises InvitationNotFound, NotVerified, OnlyLead, TeamClosed or InvitationAnswered.
    """
    invitation = _lead_invitation(actor, invitation_id)
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationAnswered()
    proposal = lock(invitation.proposal_id)
    token, now = new_token(), utcnow()
    invitation.token_digest, invitation.created_at = token_digest(token), now
    invitation.expires_at = now + _expiry()
    _send(invitation, token, proposal, actor)
    db.session.commit()
    return SentInvitation(invitation, token)


def revoke_invitation(actor: User, invitation_id: int) -> TeamInvitation:
    """Take back an invitation that has no answer yet; its link stops working. Commits.

    Raises InvitationNotFound, NotVerified, OnlyLead, TeamClosed or InvitationAnswered.
    """
    invitation = _lead_invitation(actor, invitation_id)
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationAnswered()
    invitation.status, invitation.responded_at = InvitationStatus.REVOKED, utcnow()
    db.session.commit()
    return invitation


# ---------------------------------------------------------------- share links

def create_share_link(actor: User, proposal_id: int) -> ShareLink:
    """Make a new share link; an older one stops working. Commits. Raises ProposalNotFound, NotVerified, OnlyLead
    or TeamClosed."""
    proposal = _lead_only(actor, proposal_id)
    now = utcnow()
    for link in proposal.share_links:
        if link.revoked_at is None:
            link.revoked_at = now
    link = ShareLink(proposal_id=proposal.id, token=new_token(), created_by_id=actor.id, created_at=now,
                     expires_at=now + _expiry())
    db.session.add(link)
    db.session.commit()
    return link


def revoke_share_link(actor: User, proposal_id: int) -> int:
    """Switch off the share link: people who open it are told it no longer works. Commits. Returns how many
    links were switched off. Raises ProposalNotFound, NotVerified, OnlyLead or TeamClosed."""
    proposal = _lead_only(actor, proposal_id)
    now = utcnow()
    count = 0
    for link in proposal.share_links:
        if link.revoked_at is None:
            link.revoked_at = now
            count += 1
    db.session.commit()
    return count


# ---------------------------------------------------------------- answering and joining

@dataclass(frozen=True)
class Invite:
    """What a join link points at: an e-mail invitation or a share link (exactly one is set)."""

    proposal: Proposal
    invitation: TeamInvitation | None = None
    share_link: ShareLink | None = None


def find_invite(token: str) -> Invite:
    """The invitation or share link behind a join link, whatever its state (the page explains the state).
    Raises InvitationNotFound."""
    invitation = queries.invitation_by_token(token)
    if invitation is not None:
        return Invite(invitation.proposal, invitation=invitation)
    link = queries.share_link_by_token(token)
    if link is not None:
        return Invite(link.proposal, share_link=link)
    raise InvitationNotFound()


def check_invite(invite: Invite, user: User | None) -> None:
    """Raises the refusal that answering this invite would meet now (for the page and for the services)."""
    now = utcnow()
    if invite.invitation is not None:
        invitation = invite.invitation
        if invitation.status == InvitationStatus.REVOKED:
            raise InvitationRevoked()
        if invitation.status != InvitationStatus.PENDING:
            raise InvitationAnswered()
        if invitation.is_expired(now):
            raise InvitationExpired()
        if user is not None and invitation.invitee_id is not None and invitation.invitee_id != user.id:
            raise InvitationForSomeoneElse()
    else:
        link = invite.share_link
        assert link is not None
        if link.revoked_at is not None:
            raise InvitationRevoked()
        if now >= link.expires_at:
            raise InvitationExpired()
    if invite.proposal.status in FINISHED:
        raise TeamClosed()


def _invitation_for(actor: User, invitation_id: int) -> TeamInvitation:
    """An invitation found from the person's own list: sent to their account or their confirmed address."""
    invitation = db.session.get(TeamInvitation, invitation_id)
    mine = invitation is not None and (
        invitation.invitee_id == actor.id
        or (invitation.invitee_id is None and actor.is_verified and invitation.email == (actor.email or "").lower()))
    if not mine:
        raise InvitationNotFound()
    assert invitation is not None
    return invitation


def _join(actor: User, proposal_id: int) -> Proposal:
    """Add the actor to the team under the row lock. Raises TeamClosed, AlreadyMember or NotResident."""
    proposal = lock(proposal_id)
    if proposal.status in FINISHED:
        db.session.rollback()
        raise TeamClosed()
    if proposal.is_member(actor):
        db.session.rollback()
        raise AlreadyMember(_l("You are already in the team of this plan."))
    check_residence(proposal.call, actor)
    add_member(proposal, actor)
    try:
        db.session.flush()  # uq_proposal_team_membership_proposal_id_user_id: each person once
    except IntegrityError:
        db.session.rollback()
        raise AlreadyMember(_l("You are already in the team of this plan.")) from None
    log(proposal, EventKind.MEMBER_JOINED, actor)
    refresh_team_flag(proposal, actor)
    return proposal


def respond_to_invitation(actor: User, *, accept: bool, token: str | None = None,
                          invitation_id: int | None = None) -> Proposal:
    """Accept or decline an e-mail invitation, found by its link (token) or in the person's own list (id).
    Accepting needs a verified account and, if the call asks it, an address in its neighbourhoods. The lead is
    told either way. Commits.

    Raises InvitationNotFound, InvitationRevoked, InvitationExpired, InvitationAnswered, InvitationForSomeoneElse,
    NotVerified, TeamClosed, AlreadyMember or NotResident; nothing is stored then.
    """
    if token is not None:
        invite = find_invite(token)
        if invite.invitation is None:
            raise InvitationNotFound()
        invitation = invite.invitation
    else:
        invitation = _invitation_for(actor, invitation_id or 0)
        invite = Invite(invitation.proposal, invitation=invitation)
    check_invite(invite, actor)
    title = invitation.proposal.title
    if accept and invitation.proposal.is_member(actor):  # joined meanwhile, for example with the share link
        invitation.status, invitation.invitee_id, invitation.responded_at = (InvitationStatus.ACCEPTED, actor.id,
                                                                             utcnow())
        db.session.commit()
        return invitation.proposal
    if accept:
        require_poster(actor)
        proposal = _join(actor, invitation.proposal_id)
        message = _l("%(name)s has joined the team of your plan “%(title)s”.", name=actor.public_name, title=title)
        invitation.status = InvitationStatus.ACCEPTED
    else:
        proposal = lock(invitation.proposal_id)
        message = _l("%(name)s does not want to join the team of your plan “%(title)s”.", name=actor.public_name,
                     title=title)
        invitation.status = InvitationStatus.DECLINED
    invitation.invitee_id, invitation.responded_at = actor.id, utcnow()
    tell([proposal.lead], EVENT_TEAM, message, team_path(proposal.id), skip=actor)
    db.session.commit()
    return proposal


def join_by_link(actor: User, token: str) -> Proposal:
    """Join a team with its share link (after pressing "Join the team"). Tells the lead. Commits.

    Raises InvitationNotFound, InvitationRevoked, InvitationExpired, NotVerified, TeamClosed, AlreadyMember or
    NotResident; nothing is stored then.
    """
    invite = find_invite(token)
    if invite.share_link is None:
        raise InvitationNotFound()
    check_invite(invite, actor)
    require_poster(actor)
    proposal = _join(actor, invite.proposal.id)
    tell([proposal.lead], EVENT_TEAM, _l("%(name)s has joined the team of your plan “%(title)s” with the share link.",
                                         name=actor.public_name, title=proposal.title), team_path(proposal.id),
         skip=actor)
    db.session.commit()
    return proposal


# ---------------------------------------------------------------- leaving and the lead

def leave_team(actor: User, proposal_id: int) -> Proposal:
    """A member leaves the team. A sent plan whose team falls below the minimum is flagged and the lead is told.
    Commits. Raises ProposalNotFound, NotInTeam, LeadCannotLeave or TeamClosed; nothing is stored then."""
    proposal = queries.get_proposal(proposal_id)
    if not proposal.is_member(actor):
        raise NotInTeam()
    if proposal.lead_id == actor.id:
        raise LeadCannotLeave()
    proposal = lock(proposal_id)
    if proposal.status in FINISHED:
        db.session.rollback()
        raise TeamClosed(_l("This plan is finished. Its team stays as it was."))
    membership = db.session.scalar(select(TeamMembership).where(TeamMembership.proposal_id == proposal.id,
                                                                TeamMembership.user_id == actor.id))
    if membership is None:
        db.session.rollback()
        raise NotInTeam()
    proposal.memberships.remove(membership)
    log(proposal, EventKind.MEMBER_LEFT, actor)
    tell([proposal.lead], EVENT_TEAM, _l("%(name)s has left the team of your plan “%(title)s”.",
                                         name=actor.public_name, title=proposal.title), team_path(proposal.id))
    refresh_team_flag(proposal, actor)
    db.session.commit()
    return proposal


def hand_over_lead(actor: User, proposal_id: int, new_lead_id: int) -> Proposal:
    """The lead makes another confirmed member the lead. Commits.

    Raises ProposalNotFound, NotVerified, OnlyLead, TeamClosed or InvalidProposal (field "new_lead").
    """
    proposal = _lead_only(actor, proposal_id)
    proposal = lock(proposal.id)
    successor = next((m.user for m in proposal.memberships if m.user_id == new_lead_id), None)
    if successor is None or successor.id == actor.id or not counts_as_member(successor):
        db.session.rollback()
        raise InvalidProposal(_l("Choose someone who is in the team and has a confirmed account."),
                              field="new_lead")
    proposal.lead_id = successor.id
    log(proposal, EventKind.LEAD_CHANGED, successor)
    tell([successor], EVENT_TEAM, _l("%(name)s has made you the lead of the team of “%(title)s”.",
                                     name=actor.public_name, title=proposal.title), team_path(proposal.id))
    db.session.commit()
    return proposal
