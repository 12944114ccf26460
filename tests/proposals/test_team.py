"""Teams: invitations by e-mail and by share link, answering them, leaving, handing over the lead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.accounts.models import NotVerified
from wijkhulp.accounts.services import InvalidEmail
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.notifications.models import Notification, OutboxMail
from wijkhulp.proposals import queries, services
from wijkhulp.proposals.services import team
from wijkhulp.proposals.models import (AlreadyInvited, AlreadyMember, CannotInviteYourself, EventKind,
                                       InvalidProposal, InvitationAnswered, InvitationExpired,
                                       InvitationForSomeoneElse, InvitationNotFound, InvitationRevoked,
                                       InvitationStatus, LeadCannotLeave, NotInTeam, NotResident,
                                       OnlyLead, Proposal, ShareLink, TeamClosed, TeamInvitation, TeamMembership,
                                       TooManyInvitations)


def _invitations():
    return db.session.scalar(select(func.count()).select_from(TeamInvitation))


def _members(proposal):
    return db.session.scalar(select(func.count()).select_from(TeamMembership)
                             .where(TeamMembership.proposal_id == proposal.id))


def test_the_lead_is_the_first_member(ctx):
    proposal = h.draft()
    assert [m.user_id for m in proposal.memberships] == [proposal.lead_id]
    assert queries.confirmed_count(proposal.id) == 1


def test_inviting_an_existing_resident_notifies_them(ctx):
    proposal = h.draft()
    sem = factories.user(display_name="Sem")
    sent = team.invite_member(proposal.lead, proposal.id, f"  {sem.email.upper()} ")
    assert sent.invitation.invitee_id == sem.id and sent.invitation.email == sem.email
    note = db.session.scalar(select(Notification).where(Notification.user_id == sem.id))
    assert note.event == "proposal_invitation" and note.url == f"/plans/join/{sent.token}"
    assert sent.invitation.token_digest != sent.token  # only a digest is stored


def test_inviting_someone_without_an_account_sends_a_mail_with_the_link(ctx):
    proposal = h.draft()
    sent = team.invite_member(proposal.lead, proposal.id, "nieuw@example.org")
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == "nieuw@example.org"))
    assert f"http://localhost/plans/join/{sent.token}" in mail.body
    assert sent.invitation.invitee_id is None


def test_someone_who_registers_later_finds_the_invitation_and_accepts_it(ctx):
    proposal = h.draft()
    sent = team.invite_member(proposal.lead, proposal.id, "nieuw@example.org")
    newcomer = factories.user(email="nieuw@example.org", verified=False)
    assert queries.invitations_for(newcomer, utcnow()) == []  # an address counts only once it is confirmed
    with pytest.raises(NotVerified):
        team.respond_to_invitation(newcomer, accept=True, token=sent.token)
    newcomer.mark_verified()
    db.session.commit()
    assert [i.id for i in queries.invitations_for(newcomer, utcnow())] == [sent.invitation.id]
    team.respond_to_invitation(newcomer, accept=True, invitation_id=sent.invitation.id)
    assert proposal.is_member(newcomer)
    assert db.session.get(TeamInvitation, sent.invitation.id).status == InvitationStatus.ACCEPTED


@pytest.mark.parametrize("kind", ["yourself", "twice", "member", "bad address"])
def test_invitation_refusals_store_nothing(ctx, kind):
    proposal = h.draft()
    sem = h.join(proposal)
    team.invite_member(proposal.lead, proposal.id, "waiting@example.org")
    before = _invitations()
    address, error = {"yourself": (proposal.lead.email, CannotInviteYourself),
                      "twice": ("WAITING@example.org", AlreadyInvited),
                      "member": (sem.email, AlreadyMember),
                      "bad address": ("niet-een-adres", InvalidEmail)}[kind]
    with pytest.raises(error) as refused:
        team.invite_member(proposal.lead, proposal.id, address)
    assert refused.value.field == "email"
    assert _invitations() == before


def test_only_the_lead_invites_and_only_when_verified(ctx):
    proposal = h.draft()
    sem = h.join(proposal)
    with pytest.raises(OnlyLead):
        team.invite_member(sem, proposal.id, "x@example.org")
    proposal.lead.email_verified_at = None
    db.session.commit()
    with pytest.raises(NotVerified):
        team.invite_member(proposal.lead, proposal.id, "x@example.org")
    assert _invitations() == 1


def test_an_expired_invitation_cannot_be_used_and_can_be_sent_again(ctx):
    proposal = h.draft()
    sem = factories.user()
    sent = team.invite_member(proposal.lead, proposal.id, sem.email)
    db.session.execute(update(TeamInvitation).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    with pytest.raises(InvitationExpired):
        team.respond_to_invitation(sem, accept=True, token=sent.token)
    assert not proposal.is_member(sem)
    again = team.invite_member(proposal.lead, proposal.id, sem.email)  # inviting again renews the same one
    assert again.invitation.id == sent.invitation.id and _invitations() == 1
    with pytest.raises(InvitationNotFound):  # the old link stopped working
        team.respond_to_invitation(sem, accept=True, token=sent.token)
    team.respond_to_invitation(sem, accept=True, token=again.token)
    assert db.session.get(Proposal, proposal.id).is_member(sem)


def test_resend_gives_a_new_link(ctx):
    proposal = h.draft()
    sem = factories.user()
    sent = team.invite_member(proposal.lead, proposal.id, sem.email)
    again = team.resend_invitation(proposal.lead, sent.invitation.id)
    assert again.token != sent.token
    with pytest.raises(InvitationNotFound):
        team.find_invite(sent.token)
    with pytest.raises(OnlyLead):
        team.resend_invitation(sem, sent.invitation.id)


def test_a_revoked_invitation_cannot_be_used(ctx):
    proposal = h.draft()
    sem = factories.user()
    sent = team.invite_member(proposal.lead, proposal.id, sem.email)
    team.revoke_invitation(proposal.lead, sent.invitation.id)
    with pytest.raises(InvitationRevoked):
        team.respond_to_invitation(sem, accept=True, token=sent.token)
    with pytest.raises(InvitationAnswered):
        team.revoke_invitation(proposal.lead, sent.invitation.id)
    assert _members(proposal) == 1


def test_an_invitation_is_answered_once(ctx):
    proposal = h.draft()
    sem = factories.user()
    sent = team.invite_member(proposal.lead, proposal.id, sem.email)
    team.respond_to_invitation(sem, accept=False, token=sent.token)
    with pytest.raises(InvitationAnswered):
        team.respond_to_invitation(sem, accept=True, token=sent.token)
    assert _members(proposal) == 1
    lead_note = db.session.scalar(select(Notification).where(Notification.user_id == proposal.lead_id))
    assert "does not want to join" in lead_note.message
    team.invite_member(proposal.lead, proposal.id, sem.email)  # after a "no" the lead may ask again


def test_an_invitation_for_an_account_is_not_for_someone_else(ctx):
    proposal = h.draft()
    sem, bram = factories.user(), factories.user()
    sent = team.invite_member(proposal.lead, proposal.id, sem.email)
    with pytest.raises(InvitationForSomeoneElse):
        team.respond_to_invitation(bram, accept=True, token=sent.token)
    with pytest.raises(InvitationNotFound):  # nor can it be found from someone else's own list
        team.respond_to_invitation(bram, accept=True, invitation_id=sent.invitation.id)
    assert _members(proposal) == 1


def test_an_unknown_link_is_not_found(ctx):
    with pytest.raises(InvitationNotFound):
        team.respond_to_invitation(factories.user(), accept=True, token="bestaat-niet")


def test_accepting_tells_the_lead_and_logs_it(ctx):
    proposal = h.draft()
    sem = h.join(proposal, factories.user(display_name="Sem"))
    assert proposal.is_member(sem)
    assert [e.kind for e in db.session.get(Proposal, proposal.id).events][-1] == EventKind.MEMBER_JOINED
    note = db.session.scalar(select(Notification).where(Notification.user_id == proposal.lead_id))
    assert note.event == "proposal_team" and "Sem has joined" in note.message


def test_share_link_join_revoke_and_expiry(ctx):
    proposal = h.draft()
    link = team.create_share_link(proposal.lead, proposal.id)
    sem = factories.user()
    team.join_by_link(sem, link.token)
    with pytest.raises(AlreadyMember):  # each person once
        team.join_by_link(sem, link.token)
    newer = team.create_share_link(proposal.lead, proposal.id)  # a new link switches the old one off
    with pytest.raises(InvitationRevoked):
        team.join_by_link(factories.user(), link.token)
    team.revoke_share_link(proposal.lead, proposal.id)
    with pytest.raises(InvitationRevoked):
        team.join_by_link(factories.user(), newer.token)
    third = team.create_share_link(proposal.lead, proposal.id)
    db.session.execute(update(ShareLink).where(ShareLink.id == third.id)
                       .values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    with pytest.raises(InvitationExpired):
        team.join_by_link(factories.user(), third.token)
    with pytest.raises(NotVerified):
        team.join_by_link(factories.user(verified=False), team.create_share_link(proposal.lead, proposal.id).token)
    assert _members(proposal) == 2
    with pytest.raises(OnlyLead):
        team.create_share_link(sem, proposal.id)


def test_residence_requirement(ctx):
    call = h.call(residence_required=True)
    with pytest.raises(NotResident):
        h.draft(call, factories.user(postcode="3621 AB"))  # Breukelen is not in Maarssen
    proposal = h.draft(call, factories.user(postcode="3603 AB"))
    link = team.create_share_link(proposal.lead, proposal.id)
    with pytest.raises(NotResident, match="Maarssen"):
        team.join_by_link(factories.user(postcode="3621 AB"), link.token)
    team.join_by_link(factories.user(postcode="3605 CD"), link.token)
    assert _members(proposal) == 2


def test_leaving_and_the_lead(ctx):
    proposal = h.draft()
    sem, fatima = h.join(proposal), h.join(proposal)
    with pytest.raises(LeadCannotLeave):
        team.leave_team(proposal.lead, proposal.id)
    team.leave_team(sem, proposal.id)
    with pytest.raises(NotInTeam):
        team.leave_team(sem, proposal.id)
    lead = proposal.lead
    with pytest.raises(InvalidProposal):
        team.hand_over_lead(lead, proposal.id, sem.id)  # no longer in the team
    team.hand_over_lead(lead, proposal.id, fatima.id)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.lead_id == fatima.id
    team.leave_team(lead, proposal.id)
    assert [m.user_id for m in proposal.memberships] == [fatima.id]


def test_the_team_of_a_finished_plan_stays(ctx):
    proposal = h.ready()
    services.withdraw_proposal(proposal.lead, proposal.id)
    member = next(m.user for m in proposal.memberships if m.user_id != proposal.lead_id)
    with pytest.raises(TeamClosed):
        team.leave_team(member, proposal.id)
    with pytest.raises(TeamClosed):
        team.invite_member(proposal.lead, proposal.id, "x@example.org")


def test_at_most_twenty_invitations_wait_at_once(ctx):
    proposal = h.draft()
    for n in range(20):
        team.invite_member(proposal.lead, proposal.id, f"buur{n}@example.org")
    with pytest.raises(TooManyInvitations):
        team.invite_member(proposal.lead, proposal.id, "nog-een@example.org")
    first = db.session.scalar(select(TeamInvitation).order_by(TeamInvitation.id))
    team.revoke_invitation(proposal.lead, first.id)
    team.invite_member(proposal.lead, proposal.id, "nog-een@example.org")


def test_an_invitation_to_someone_who_joined_meanwhile_is_simply_accepted(ctx):
    proposal = h.draft()
    sem = factories.user()
    sent = team.invite_member(proposal.lead, proposal.id, sem.email)
    team.join_by_link(sem, team.create_share_link(proposal.lead, proposal.id).token)
    team.respond_to_invitation(sem, accept=True, token=sent.token)
    assert db.session.get(TeamInvitation, sent.invitation.id).status == InvitationStatus.ACCEPTED
    assert _members(proposal) == 2
