"""Organisation rules: registering, the managers' check, members and invitations, acting on behalf."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.ideas import helpers
from wijkhulp.accounts import services as accounts
from wijkhulp.database import utcnow
from wijkhulp.errors import Conflict, NotAllowed
from wijkhulp.extensions import db
from wijkhulp.notifications.models import OutboxMail
from wijkhulp.organisations import permissions, queries, services
from wijkhulp.organisations.models import (AlreadyMember, AlreadyVerified, DuplicateKvkNumber, DuplicateOrganisation,
                                           InvalidKvkNumber, InvalidOrganisationName, InvalidOrganisationType,
                                           InvalidReason, InvalidWebsite, Invitation, InvitationClosed,
                                           InvitationForSomeoneElse, InvitationStatus, LastCoordinator, MemberRole,
                                           Membership, Organisation, OrganisationType, normalise_kvk,
                                           normalise_website)


def _register(user, **kw):
    data = {"name": "Bakkerij De Vecht", "type": "business", "description": "Brood en banket.",
            "website": "www.bakkerij-devecht.nl", "kvk_number": "12345678", **kw}
    return services.register_organisation(user, **data)


# ---------------------------------------------------------------- pure rules

@pytest.mark.parametrize("raw, expected", [("12345678", "12345678"), ("1234 5678", "12345678"),
                                           ("12.34.56.78", "12345678"), ("", None), (None, None)])
def test_kvk_numbers_are_normalised(raw, expected):
    assert normalise_kvk(raw) == expected


@pytest.mark.parametrize("raw", ["1234567", "123456789", "1234567a", "kvk"])
def test_a_kvk_number_has_eight_digits(raw):
    with pytest.raises(InvalidKvkNumber):
        normalise_kvk(raw)


def test_websites_get_a_scheme_and_nonsense_is_refused():
    assert normalise_website("www.bakkerij.nl") == "https://www.bakkerij.nl"
    assert normalise_website("http://bakkerij.nl/over") == "http://bakkerij.nl/over"
    assert normalise_website("") is None
    for bad in ("bakkerij", "javascript:alert(1)", "https://", "www. bakkerij .nl"):
        with pytest.raises(InvalidWebsite):
            normalise_website(bad)


# ---------------------------------------------------------------- registering and checking

def test_a_resident_registers_an_organisation_and_managers_are_asked_to_check_it(ctx):
    manager = factories.manager()
    anna = factories.user()
    organisation = _register(anna)
    assert organisation.name == "Bakkerij De Vecht"
    assert organisation.type == OrganisationType.BUSINESS
    assert organisation.website == "https://www.bakkerij-devecht.nl"
    assert organisation.is_awaiting_review and not organisation.is_verified
    assert [(m.user_id, m.role) for m in organisation.memberships] == [(anna.id, MemberRole.COORDINATOR)]
    assert len(helpers.notifications_for(manager, "organisation_review")) == 1
    assert not permissions.can_act_for(anna, organisation)
    assert queries.organisations_of(anna) == []


def test_an_unverified_account_cannot_register(ctx):
    with pytest.raises(NotAllowed):
        _register(factories.user(verified=False))
    assert helpers.count(Organisation) == 0


@pytest.mark.parametrize("kw, error, field", [
    ({"name": "  "}, InvalidOrganisationName, "name"),
    ({"name": "x" * 121}, InvalidOrganisationName, "name"),
    ({"type": "club"}, InvalidOrganisationType, "type"),
    ({"kvk_number": "1234"}, InvalidKvkNumber, "kvk_number"),
    ({"website": "nope"}, InvalidWebsite, "website"),
])
def test_bad_details_are_refused_and_nothing_is_stored(ctx, kw, error, field):
    with pytest.raises(error) as caught:
        _register(factories.user(), **kw)
    assert caught.value.field == field
    assert helpers.count(Organisation) == 0
    assert helpers.count(Membership) == 0


def test_the_same_name_or_kvk_number_cannot_be_registered_twice(ctx):
    _register(factories.user())
    with pytest.raises(DuplicateOrganisation):
        _register(factories.user(), name="bakkerij  de vecht", kvk_number="")
    with pytest.raises(DuplicateKvkNumber):
        _register(factories.user(), name="Andere bakker")
    assert helpers.count(Organisation) == 1


def test_a_manager_verifies_and_the_members_can_act(ctx):
    anna, manager = factories.user(), factories.manager()
    organisation = _register(anna)
    with pytest.raises(NotAllowed):
        services.verify_organisation(anna, organisation.id)
    services.verify_organisation(manager, organisation.id)
    assert organisation.is_verified and organisation.verified_by_id == manager.id
    assert permissions.can_act_for(anna, organisation)
    assert queries.organisations_of(anna) == [organisation]
    assert len(helpers.notifications_for(anna, "organisation_checked")) == 1
    with pytest.raises(AlreadyVerified):
        services.verify_organisation(manager, organisation.id)


def test_declining_needs_a_reason_and_withdraws_a_verification(ctx):
    anna, manager = factories.user(), factories.manager()
    organisation = _register(anna)
    services.verify_organisation(manager, organisation.id)
    with pytest.raises(InvalidReason):
        services.decline_organisation(manager, organisation.id, reason="  ")
    assert organisation.is_verified
    services.decline_organisation(manager, organisation.id, reason="Geen KvK-nummer gevonden.")
    assert organisation.is_declined and not organisation.is_verified
    assert not permissions.can_act_for(anna, organisation)
    assert "Geen KvK-nummer" in helpers.notifications_for(anna, "organisation_checked")[-1].message


def test_a_new_name_by_a_coordinator_needs_a_new_check_and_a_manager_cannot_change_it(ctx):
    anna, manager = factories.user(), factories.manager()
    organisation = _register(anna)
    services.verify_organisation(manager, organisation.id)
    services.update_organisation(anna, organisation.id, name="Bakkerij De Vecht", type="business",
                                 description="Nieuwe tekst", website="", kvk_number="12345678")
    assert organisation.is_verified  # only the text changed
    services.update_organisation(anna, organisation.id, name="Gemeente Stichtse Vecht", type="municipality",
                                 description="", website="", kvk_number="12345678")
    assert organisation.is_awaiting_review
    services.verify_organisation(manager, organisation.id)
    with pytest.raises(NotAllowed):  # a manager is never a member by that role: the details are the coordinators'
        services.update_organisation(manager, organisation.id, name="Bakkerij De Vecht", type="business",
                                     description="", website="", kvk_number="")
    db.session.expire_all()
    assert organisation.is_verified and organisation.name == "Gemeente Stichtse Vecht"


def test_only_coordinators_and_managers_change_the_details(ctx):
    coordinator, member = factories.user(), factories.user()
    organisation = helpers.organisation(coordinator=coordinator, members=[member])
    with pytest.raises(NotAllowed):
        services.update_organisation(member, organisation.id, name="Overgenomen", type="other")
    assert organisation.name != "Overgenomen"


# ---------------------------------------------------------------- invitations and members

def test_inviting_someone_with_an_account_sends_a_message_and_they_accept(ctx):
    coordinator, bram = factories.user(), factories.user(email="bram@example.org")
    organisation = helpers.organisation(coordinator=coordinator)
    invitation = services.invite_member(coordinator, organisation.id, email=" Bram@Example.org ")
    assert invitation.email == "bram@example.org" and invitation.status == InvitationStatus.PENDING
    note = helpers.notifications_for(bram, "organisation_invitation")[0]
    assert note.url == f"/organisations/invitations/{invitation.id}"
    assert queries.open_invitations_for(bram) == [invitation]
    membership = services.accept_invitation(bram, invitation.id)
    assert membership.role == MemberRole.MEMBER
    assert invitation.status == InvitationStatus.ACCEPTED
    assert permissions.can_act_for(bram, organisation)
    assert queries.organisations_of(bram) == [organisation]
    assert helpers.notifications_for(coordinator, "organisation_member_joined")


def test_inviting_an_address_without_an_account_queues_an_email(ctx):
    coordinator = factories.user()
    organisation = helpers.organisation(coordinator=coordinator)
    invitation = services.invite_member(coordinator, organisation.id, email="nieuw@example.org",
                                        role="coordinator")
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == "nieuw@example.org"))
    assert mail is not None
    assert f"/organisations/invitations/{invitation.id}" in mail.body
    assert "/register" in mail.body
    # inviting again renews the one invitation
    services.invite_member(coordinator, organisation.id, email="nieuw@example.org")
    assert helpers.count(Invitation) == 1
    assert invitation.role == MemberRole.MEMBER


def test_invitation_refusals(ctx):
    coordinator, member, outsider = factories.user(), factories.user(), factories.user()
    organisation = helpers.organisation(coordinator=coordinator, members=[member])
    with pytest.raises(NotAllowed):
        services.invite_member(member, organisation.id, email="x@example.org")
    with pytest.raises(NotAllowed):
        services.invite_member(outsider, organisation.id, email="x@example.org")
    with pytest.raises(AlreadyMember):
        services.invite_member(coordinator, organisation.id, email=member.email)
    with pytest.raises(accounts.InvalidEmail):
        services.invite_member(coordinator, organisation.id, email="geen-adres")
    assert helpers.count(Invitation) == 0


def test_only_the_invited_address_can_accept_and_only_while_open(ctx):
    coordinator, bram, other = factories.user(), factories.user(), factories.user()
    organisation = helpers.organisation(coordinator=coordinator)
    invitation = services.invite_member(coordinator, organisation.id, email=bram.email)
    with pytest.raises(InvitationForSomeoneElse):
        services.accept_invitation(other, invitation.id)
    services.revoke_invitation(coordinator, organisation.id, invitation.id)
    with pytest.raises(InvitationClosed):
        services.accept_invitation(bram, invitation.id)
    invitation = services.invite_member(coordinator, organisation.id, email=bram.email)
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(InvitationClosed):
        services.accept_invitation(bram, invitation.id)
    assert organisation.membership_of(bram) is None


def test_declining_an_invitation(ctx):
    coordinator, bram = factories.user(), factories.user()
    organisation = helpers.organisation(coordinator=coordinator)
    invitation = services.invite_member(coordinator, organisation.id, email=bram.email)
    services.decline_invitation(bram, invitation.id)
    assert invitation.status == InvitationStatus.DECLINED
    assert organisation.membership_of(bram) is None
    assert queries.open_invitations_for(bram) == []


def test_an_unconfirmed_account_cannot_accept(ctx):
    coordinator, bram = factories.user(), factories.user(verified=False)
    organisation = helpers.organisation(coordinator=coordinator)
    invitation = services.invite_member(coordinator, organisation.id, email=bram.email)
    with pytest.raises(NotAllowed):
        services.accept_invitation(bram, invitation.id)


def test_an_organisation_keeps_a_coordinator(ctx):
    coordinator, member = factories.user(), factories.user()
    organisation = helpers.organisation(coordinator=coordinator, members=[member])
    own = organisation.membership_of(coordinator)
    with pytest.raises(LastCoordinator):
        services.remove_member(coordinator, organisation.id, own.id)
    with pytest.raises(LastCoordinator):
        services.change_member_role(coordinator, organisation.id, own.id, role="member")
    other = organisation.membership_of(member)
    services.change_member_role(coordinator, organisation.id, other.id, role="coordinator")
    services.remove_member(coordinator, organisation.id, own.id)  # leaving is fine now
    assert organisation.membership_of(coordinator) is None
    assert not permissions.can_act_for(coordinator, organisation)


def test_members_leave_but_cannot_remove_others(ctx):
    coordinator, member, other = factories.user(), factories.user(), factories.user()
    organisation = helpers.organisation(coordinator=coordinator, members=[member, other])
    with pytest.raises(NotAllowed):
        services.remove_member(member, organisation.id, organisation.membership_of(other).id)
    services.remove_member(member, organisation.id, organisation.membership_of(member).id)
    assert organisation.membership_of(member) is None


# ---------------------------------------------------------------- acting on behalf (the API for other features)

def test_can_act_for_needs_a_verified_visible_organisation_and_an_active_member(ctx):
    member, outsider = factories.user(), factories.user()
    organisation = helpers.organisation(members=[member])
    assert permissions.can_act_for(member, organisation)
    assert not permissions.can_act_for(outsider, organisation)
    assert not permissions.can_act_for(None, organisation)
    member.blocked_at = utcnow()
    db.session.commit()
    assert not permissions.can_act_for(member, organisation)
    assert queries.organisations_of(member) == []
    member.blocked_at = None
    organisation.hidden_at = utcnow()
    db.session.commit()
    assert not permissions.can_act_for(member, organisation)
    assert queries.organisations_of(member) == []
    pending = helpers.organisation(members=[member], verified=False)
    assert not permissions.can_act_for(member, pending)


def test_organisations_of_lists_only_verified_ones_by_name(ctx):
    member = factories.user()
    b = helpers.organisation(members=[member], name="Buurthuis")
    a = helpers.organisation(members=[member], name="Apotheek")
    helpers.organisation(members=[member], name="Nog niet", verified=False)
    helpers.organisation(name="Niet van mij")
    assert queries.organisations_of(member) == [a, b]


def test_deleting_an_account_leaves_the_organisation(ctx):
    coordinator, member = factories.user(), factories.user()
    organisation = helpers.organisation(coordinator=coordinator, members=[member])
    accounts.delete_account(member, password=factories.PASSWORD)
    assert helpers.count(Membership, Membership.user_id == member.id) == 0
    assert helpers.count(Organisation) == 1
    data = services.export_user_data(coordinator)
    assert data["memberships"][0]["organisation"] == organisation.name


def test_a_double_invitation_in_a_race_is_refused_cleanly(ctx, monkeypatch):
    coordinator = factories.user()
    organisation = helpers.organisation(coordinator=coordinator)
    services.invite_member(coordinator, organisation.id, email="x@example.org")
    original = db.session.scalar

    def pretend_nothing_there(statement, *args, **kwargs):  # as if another request inserted it just now
        if "organisation_invitation" in str(statement):
            return None
        return original(statement, *args, **kwargs)

    monkeypatch.setattr(db.session, "scalar", pretend_nothing_there)
    with pytest.raises(Conflict):
        services.invite_member(coordinator, organisation.id, email="x@example.org")
    monkeypatch.undo()
    assert helpers.count(Invitation) == 1
