"""A community manager is never an organisation's member by that role: an outsider manager cannot make himself
coordinator of a bakery, change it, or pledge or offer in its name; and when someone does join, every coordinator
is told."""

from __future__ import annotations

import pytest

from tests import factories
from tests.ideas import helpers
from tests.marketplace import helpers as market
from wijkhulp.errors import NotAllowed
from wijkhulp.ideas import services as auction
from wijkhulp.ideas.models import Pledge
from wijkhulp.marketplace.models import Listing
from wijkhulp.organisations import permissions, services
from wijkhulp.organisations.models import Invitation, Membership, NotAMember


@pytest.fixture
def bakery(ctx):
    coordinator, second = factories.user(email="bakker@example.org"), factories.user(email="tweede@example.org")
    organisation = helpers.organisation(coordinator=coordinator, name="Bakkerij De Vecht")
    organisation.memberships[0].user  # noqa: B018 (loaded)
    services.invite_member(coordinator, organisation.id, email=second.email, role="coordinator")
    invitation = helpers.count(Invitation)
    assert invitation == 1
    sent = next(i for i in organisation.invitations if i.email == second.email)
    services.accept_invitation(second, sent.id)
    return organisation, coordinator, second


def test_a_manager_cannot_invite_himself_as_coordinator(bakery):
    organisation, coordinator, _second = bakery
    manager = factories.manager(email="beheer@example.org", postcode="1393 AA")
    for role in ("coordinator", "member"):
        with pytest.raises(NotAllowed):
            services.invite_member(manager, organisation.id, email=manager.email, role=role)
    assert helpers.count(Invitation, Invitation.email == manager.email) == 0
    with pytest.raises(NotAllowed):
        services.update_organisation(manager, organisation.id, name="Overgenomen", type="business")
    membership = organisation.memberships[0]
    with pytest.raises(NotAllowed):
        services.change_member_role(manager, organisation.id, membership.id, role="member")
    with pytest.raises(NotAllowed):
        services.remove_member(manager, organisation.id, membership.id)
    assert helpers.count(Membership, Membership.organisation_id == organisation.id) == 2
    assert not permissions.can_act_for(manager, organisation)
    assert not permissions.can_edit_organisation(manager, organisation)
    assert not permissions.can_manage_members(manager, organisation)
    assert permissions.can_verify_organisation(manager, organisation)  # no area: any manager may check it


def test_a_manager_cannot_pledge_or_offer_in_its_name(bakery):
    organisation, _coordinator, _second = bakery
    manager = factories.manager(email="beheer@example.org", postcode="1393 AA")
    round_ = helpers.auction_round(neighbourhoods=[helpers.neighbourhood(managed=False)])
    idea = helpers.idea(round_)
    with pytest.raises(NotAMember):
        auction.make_pledge(manager, idea.id, idea.needs[1].id, organisation_id=organisation.id, amount=150)
    assert helpers.count(Pledge) == 0
    category = market.category()
    with pytest.raises(NotAllowed):
        market.listing(manager, kind="offer", category_id=category.id, organisation_id=organisation.id)
    assert helpers.count(Listing) == 0


def test_every_coordinator_hears_who_joined(bakery):
    organisation, coordinator, second = bakery
    newcomer = factories.user(email="nieuw@example.org", display_name="Nina")
    invitation = services.invite_member(second, organisation.id, email=newcomer.email)
    services.accept_invitation(newcomer, invitation.id)
    for person in (coordinator, second):
        notes = helpers.notifications_for(person, "organisation_member_joined")
        assert any("Nina" in note.message for note in notes), person.email
    assert helpers.notifications_for(newcomer, "organisation_member_joined") == []


def test_the_inviting_coordinator_is_told_once(bakery):
    organisation, coordinator, _second = bakery
    newcomer = factories.user(email="nieuw@example.org", display_name="Nina")
    invitation = services.invite_member(coordinator, organisation.id, email=newcomer.email)
    services.accept_invitation(newcomer, invitation.id)
    notes = [n for n in helpers.notifications_for(coordinator, "organisation_member_joined") if "Nina" in n.message]
    assert len(notes) == 1
