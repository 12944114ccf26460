"""Rules of the ideas auction (issue 6, item 8 and around it): every refusal leaves nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from tests import factories
from tests.ideas import helpers
from wijkhulp.accounts import services as accounts
from wijkhulp.database import utcnow
from wijkhulp.errors import Conflict, NotAllowed
from wijkhulp.extensions import db
from wijkhulp.ideas import queries, services
from wijkhulp.ideas.services._common import close_round_once
from wijkhulp.ideas.models import (AmountOutOfRange, Approval, AuctionRound, FollowUpNotPossible, Idea,
                                   IdeaNotOpenForPledges, InvalidIdea, InvalidNeed, InvalidPledge, InvalidRound,
                                   Need, NeedInput, NeedsLocked, NeedType, NotTheOwner, Outcome, Pledge,
                                   PledgeNotActive, PledgeStatus, Realised, RoundClosed, RoundNotClosed,
                                   RoundNotDraft, RoundNotOpen, RoundStatus, Unit, UnknownPartner, outcome_of)
from wijkhulp.organisations.models import NotAMember, OrganisationNotVerified
from wijkhulp.settings import services as settings

HOURS = NeedInput(type="time", description="Helpers", quantity=20, unit="hours")
MONEY = NeedInput(type="money", description="Verf", quantity=200, unit="euro")


def _submit(actor, auction, **kw):
    data = {"title": "Moestuin", "description": "Een moestuin achter het buurthuis.",
            "own_contribution": "Ik plan de werkdagen.", "offer_in_return": "Koffie",
            "neighbourhood_id": auction.neighbourhoods[0].id, "needs": [HOURS, MONEY], **kw}
    return services.submit_idea(actor, auction.id, **data)


def _pledge(actor, need, amount=10, **kw):
    return services.make_pledge(actor, need.idea_id, need.id, amount=amount, **kw)


def _close(auction):
    auction.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    return services.close_due_rounds()


# ---------------------------------------------------------------- pure rules

def test_outcome_rules():
    assert outcome_of([(10, 10), (5, 6)]) == Outcome.MATCHED
    assert outcome_of([(10, 10), (5, 0)]) == Outcome.PARTLY_MATCHED
    assert outcome_of([(10, 3)]) == Outcome.PARTLY_MATCHED
    assert outcome_of([(10, 0), (5, 0)]) == Outcome.NOT_MATCHED


@pytest.mark.parametrize("moment, months, expected", [
    (datetime(2025, 5, 31, 12, tzinfo=UTC), 3, datetime(2025, 2, 28, 12, tzinfo=UTC)),
    (datetime(2025, 1, 15, tzinfo=UTC), 3, datetime(2024, 10, 15, tzinfo=UTC)),
    (datetime(2024, 5, 31, tzinfo=UTC), 3, datetime(2024, 2, 29, tzinfo=UTC)),
    (datetime(2025, 3, 1, tzinfo=UTC), 12, datetime(2024, 3, 1, tzinfo=UTC)),
])
def test_months_before(moment, months, expected):
    assert services.months_before(moment, months) == expected


# ---------------------------------------------------------------- rounds

def test_a_manager_creates_a_draft_and_publishes_it(ctx):
    manager = factories.manager()
    hood = helpers.neighbourhood()
    now = utcnow()
    auction = services.create_round(manager, name=" Ideeënveiling Maarssen ", description="Kom ook!",
                                    neighbourhood_ids=[hood.id], opens_at=now, closes_at=now + timedelta(days=14),
                                    requires_approval=True)
    assert auction.status == RoundStatus.DRAFT and auction.name == "Ideeënveiling Maarssen"
    assert queries.public_rounds().accepting == []
    services.publish_round(manager, auction.id)
    assert auction.status == RoundStatus.OPEN and auction.published_at is not None
    assert queries.public_rounds().accepting == [auction]
    with pytest.raises(RoundNotDraft):
        services.publish_round(manager, auction.id)


def test_residents_cannot_create_or_publish_rounds(ctx):
    resident = factories.user()
    hood = helpers.neighbourhood()
    with pytest.raises(NotAllowed):
        services.create_round(resident, name="X", description="", neighbourhood_ids=[hood.id],
                              opens_at=utcnow(), closes_at=utcnow() + timedelta(days=1))
    draft = helpers.auction_round(status=RoundStatus.DRAFT)
    with pytest.raises(NotAllowed):
        services.publish_round(resident, draft.id)
    assert draft.status == RoundStatus.DRAFT
    assert helpers.count(AuctionRound) == 1


@pytest.mark.parametrize("change, field", [
    ({"name": ""}, "name"),
    ({"neighbourhood_ids": []}, "neighbourhoods"),
    ({"neighbourhood_ids": [987654]}, "neighbourhoods"),
    ({"closes_at": "before"}, "closes_at"),
    ({"opens_at": None}, "opens_at"),
])
def test_bad_round_details_are_refused(ctx, change, field):
    manager = factories.manager()
    hood = helpers.neighbourhood()
    now = utcnow()
    data = {"name": "Ronde", "description": "", "neighbourhood_ids": [hood.id], "opens_at": now,
            "closes_at": now + timedelta(days=3)}
    data.update(change)
    if data["closes_at"] == "before":
        data["closes_at"] = now - timedelta(hours=1)
    with pytest.raises(InvalidRound) as caught:
        services.create_round(manager, **data)
    assert caught.value.field == field
    assert helpers.count(AuctionRound) == 0


def test_a_round_that_would_close_in_the_past_cannot_be_published(ctx):
    manager = factories.manager()
    draft = helpers.auction_round(status=RoundStatus.DRAFT, opens_in=-3, closes_in=-1)
    with pytest.raises(InvalidRound):
        services.publish_round(manager, draft.id)
    assert draft.status == RoundStatus.DRAFT


def test_an_open_round_keeps_the_neighbourhoods_that_have_ideas(ctx):
    manager = factories.manager()
    first, second = helpers.neighbourhood(), helpers.neighbourhood()
    auction = helpers.auction_round(neighbourhoods=[first, second])
    helpers.idea(auction)  # in `first`
    values = {"name": "Nieuw", "description": "", "opens_at": auction.opens_at, "closes_at": auction.closes_at}
    with pytest.raises(InvalidRound) as caught:
        services.update_round(manager, auction.id, neighbourhood_ids=[second.id], **values)
    assert caught.value.field == "neighbourhoods"
    db.session.expire_all()
    assert auction.name != "Nieuw"
    services.update_round(manager, auction.id, neighbourhood_ids=[first.id], **values)
    assert auction.name == "Nieuw"


def test_only_drafts_are_deleted_and_closed_rounds_are_not_changed(ctx):
    manager = factories.manager()
    draft = helpers.auction_round(status=RoundStatus.DRAFT)
    auction = helpers.auction_round()
    with pytest.raises(RoundNotDraft):
        services.delete_round(manager, auction.id)
    assert services.delete_round(manager, draft.id) == draft.name
    _close(auction)
    with pytest.raises(RoundClosed):
        services.update_round(manager, auction.id, name="X", description="",
                              neighbourhood_ids=[auction.neighbourhoods[0].id], opens_at=auction.opens_at,
                              closes_at=utcnow() + timedelta(days=1))


# ---------------------------------------------------------------- ideas

def test_a_resident_submits_an_idea_with_needs(ctx):
    auction = helpers.auction_round()
    anna = factories.user()
    idea = _submit(anna, auction)
    assert idea.approval == Approval.APPROVED and idea.is_public
    assert [(n.type, n.quantity, n.unit) for n in idea.needs] == [(NeedType.TIME, 20, Unit.HOURS),
                                                                   (NeedType.MONEY, 200, Unit.EURO)]
    assert queries.public_ideas(auction) == [idea]


@pytest.mark.parametrize("change, error, field", [
    ({"own_contribution": "   "}, InvalidIdea, "own_contribution"),
    ({"title": ""}, InvalidIdea, "title"),
    ({"description": "x" * 4001}, InvalidIdea, "description"),
    ({"neighbourhood_id": 987654}, InvalidIdea, "neighbourhood_id"),
    ({"needs": []}, InvalidNeed, "needs"),
    ({"needs": [HOURS] * 11}, InvalidNeed, "needs"),
    ({"needs": [HOURS, NeedInput(type="money", description="Geld", quantity=5, unit="hours")]}, InvalidNeed,
     "needs-1-unit"),
    ({"needs": [NeedInput(type="food", description="Eten", quantity=5, unit="pieces")]}, InvalidNeed,
     "needs-0-type"),
    ({"needs": [NeedInput(type="time", description="Uren", quantity=0, unit="hours")]}, InvalidNeed,
     "needs-0-quantity"),
    ({"needs": [NeedInput(type="time", description="Uren", quantity=10_001, unit="hours")]}, InvalidNeed,
     "needs-0-quantity"),
    ({"needs": [NeedInput(type="time", description="", quantity=3, unit="hours")]}, InvalidNeed,
     "needs-0-description"),
])
def test_bad_ideas_are_refused_and_nothing_is_stored(ctx, change, error, field):
    auction = helpers.auction_round()
    with pytest.raises(error) as caught:
        _submit(factories.user(), auction, **change)
    assert caught.value.field == field
    assert helpers.count(Idea) == 0
    assert helpers.count(Need) == 0


def test_ideas_only_while_the_round_is_open(ctx):
    anna = factories.user()
    with pytest.raises(RoundNotOpen):
        _submit(anna, helpers.auction_round(opens_in=2, closes_in=9))
    with pytest.raises(RoundNotOpen):
        _submit(anna, helpers.auction_round(status=RoundStatus.DRAFT))
    with pytest.raises(RoundClosed):
        _submit(anna, helpers.auction_round(opens_in=-9, closes_in=-1))  # due, not yet closed by cron
    with pytest.raises(RoundClosed):
        _submit(anna, helpers.auction_round(status=RoundStatus.CLOSED, opens_in=-9, closes_in=-1))
    assert helpers.count(Idea) == 0


def test_an_unconfirmed_account_cannot_submit(ctx):
    with pytest.raises(NotAllowed):
        _submit(factories.user(verified=False), helpers.auction_round())
    assert helpers.count(Idea) == 0


def test_a_manager_enters_an_idea_for_a_neighbourhood_table_also_in_a_draft(ctx):
    manager = factories.manager()
    draft = helpers.auction_round(status=RoundStatus.DRAFT, requires_approval=True)
    idea = _submit(manager, draft, entered_for="Wijktafel Maarssen-Dorp")
    assert idea.entered_for == "Wijktafel Maarssen-Dorp" and idea.is_entered_for_table
    assert idea.approval == Approval.APPROVED
    assert "Wijktafel Maarssen-Dorp" in idea.author_label
    with pytest.raises(NotAllowed):
        _submit(factories.user(), helpers.auction_round(), entered_for="Wijktafel")


def test_ideas_wait_for_approval_when_the_round_asks_for_it(ctx):
    manager = factories.manager()
    auction = helpers.auction_round(requires_approval=True)
    anna = factories.user()
    idea = _submit(anna, auction)
    assert idea.approval == Approval.PENDING and not idea.is_public
    assert queries.public_ideas(auction) == []
    assert helpers.notifications_for(manager, "idea_awaiting_approval")
    with pytest.raises(IdeaNotOpenForPledges):
        _pledge(factories.user(), idea.needs[0])
    with pytest.raises(NotAllowed):
        services.review_idea(anna, idea.id, approve=True)
    with pytest.raises(InvalidIdea):
        services.review_idea(manager, idea.id, approve=False, reason="")
    assert idea.approval == Approval.PENDING
    services.review_idea(manager, idea.id, approve=False, reason="Maak het concreter.")
    assert idea.approval == Approval.REJECTED
    assert "concreter" in helpers.notifications_for(anna, "idea_reviewed")[-1].message
    # the author changes the idea: it goes back to the manager
    services.update_idea(anna, idea.id, title="Moestuin, concreet", description="Plan", own_contribution="Veel",
                         neighbourhood_id=idea.neighbourhood_id, needs=[HOURS, MONEY])
    assert idea.approval == Approval.PENDING
    services.review_idea(manager, idea.id, approve=True)
    assert idea.is_public


def test_the_needs_are_fixed_once_partners_pledged(ctx):
    auction = helpers.auction_round()
    anna = factories.user()
    idea = _submit(anna, auction)
    services.update_idea(anna, idea.id, title="Nieuwe titel", description="d", own_contribution="o",
                         neighbourhood_id=idea.neighbourhood_id, needs=[HOURS])
    assert len(idea.needs) == 1
    _pledge(factories.user(), idea.needs[0], amount=5)
    with pytest.raises(NeedsLocked):
        services.update_idea(anna, idea.id, title="Weer anders", description="d", own_contribution="o",
                             neighbourhood_id=idea.neighbourhood_id, needs=[MONEY])
    db.session.expire_all()
    assert idea.title == "Nieuwe titel" and idea.needs[0].unit == Unit.HOURS
    services.update_idea(anna, idea.id, title="Alleen tekst", description="d", own_contribution="o",
                         neighbourhood_id=idea.neighbourhood_id, needs=[HOURS])
    assert idea.title == "Alleen tekst"


def test_others_cannot_change_an_idea(ctx):
    idea = helpers.idea(helpers.auction_round())
    with pytest.raises(NotAllowed):
        services.update_idea(factories.user(), idea.id, title="Gekaapt", description="d", own_contribution="o",
                             neighbourhood_id=idea.neighbourhood_id, needs=[HOURS])


# ---------------------------------------------------------------- pledges

def test_a_resident_pledges_and_the_owner_is_told(ctx):
    anna, bram = factories.user(), factories.user(display_name="Bram")
    idea = helpers.idea(helpers.auction_round(), author=anna)
    need = idea.needs[0]
    pledge, replaced = _pledge(bram, need, amount=12, description="Zaterdagochtend",
                               estimated_value_cents=24000, conditions="Alleen bij droog weer")
    assert not replaced
    assert (pledge.amount, pledge.status, pledge.user_id, pledge.organisation_id) == (12, PledgeStatus.OFFERED,
                                                                                     bram.id, None)
    assert pledge.partner_name == "Bram"
    assert need.pledged_amount == 12 and need.accepted_amount == 0
    message = helpers.notifications_for(anna, "idea_pledge")[0].message
    assert "Bram" in message and "12 hours" in message


def test_money_is_worth_what_it_says(ctx):
    idea = helpers.idea(helpers.auction_round())
    pledge, _ = _pledge(factories.user(), idea.needs[1], amount=150, estimated_value_cents=1)
    assert pledge.estimated_value_cents == 15000


@pytest.mark.parametrize("amount", [0, -5, None, 51])
def test_amounts_are_positive_and_at_most_what_is_needed(ctx, amount):
    idea = helpers.idea(helpers.auction_round())  # 50 hours needed
    with pytest.raises(AmountOutOfRange) as caught:
        _pledge(factories.user(), idea.needs[0], amount=amount)
    assert caught.value.field == "amount"
    assert helpers.count(Pledge) == 0


@pytest.mark.parametrize("kw, field", [
    ({"estimated_value_cents": -1}, "estimated_value"),
    ({"estimated_value_cents": 100_000_001}, "estimated_value"),
    ({"description": "x" * 501}, "description"),
    ({"conditions": "x" * 501}, "conditions"),
])
def test_other_pledge_details_are_bounded(ctx, kw, field):
    idea = helpers.idea(helpers.auction_round())
    with pytest.raises(InvalidPledge) as caught:
        _pledge(factories.user(), idea.needs[0], **kw)
    assert caught.value.field == field
    assert helpers.count(Pledge) == 0


def test_no_pledges_on_closed_rounds_or_hidden_ideas(ctx):
    bram = factories.user()
    due = helpers.idea(helpers.auction_round(opens_in=-5, closes_in=-1))
    with pytest.raises(RoundClosed):
        _pledge(bram, due.needs[0])
    closed = helpers.idea(helpers.auction_round(status=RoundStatus.CLOSED, opens_in=-5, closes_in=-1))
    with pytest.raises(RoundClosed):
        _pledge(bram, closed.needs[0])
    hidden = helpers.idea(helpers.auction_round(), hidden=True)
    with pytest.raises(IdeaNotOpenForPledges):
        _pledge(bram, hidden.needs[0])
    rejected = helpers.idea(helpers.auction_round(), approval=Approval.REJECTED)
    with pytest.raises(IdeaNotOpenForPledges):
        _pledge(bram, rejected.needs[0])
    assert helpers.count(Pledge) == 0


def test_unconfirmed_accounts_and_owners_do_not_pledge_as_residents(ctx):
    anna = factories.user()
    idea = helpers.idea(helpers.auction_round(), author=anna)
    with pytest.raises(NotAllowed):
        _pledge(factories.user(verified=False), idea.needs[0])
    with pytest.raises(InvalidPledge):
        _pledge(anna, idea.needs[0])
    assert helpers.count(Pledge) == 0


def test_one_active_pledge_per_partner_per_need_editing_replaces_it(ctx):
    bram = factories.user()
    idea = helpers.idea(helpers.auction_round())
    need = idea.needs[0]
    first, _ = _pledge(bram, need, amount=5)
    second, replaced = _pledge(bram, need, amount=8, description="Toch meer")
    assert replaced and second.id == first.id
    assert [(p.amount, p.status) for p in helpers.pledges()] == [(8, PledgeStatus.OFFERED)]
    _pledge(bram, idea.needs[1], amount=20)  # another need: another pledge
    assert helpers.count(Pledge) == 2


def test_the_same_person_pledges_as_resident_and_for_an_organisation(ctx):
    bram = factories.user()
    organisation = helpers.organisation(members=[bram], name="Bakkerij De Vecht")
    idea = helpers.idea(helpers.auction_round())
    need = idea.needs[0]
    _pledge(bram, need, amount=3)
    pledge, replaced = _pledge(bram, need, amount=10, organisation_id=organisation.id)
    assert not replaced and pledge.partner_name == "Bakkerij De Vecht" and pledge.user_id == bram.id
    assert need.pledged_amount == 13
    assert queries.pledges_of_organisation(organisation) == [pledge]


def test_only_verified_organisations_pledge_and_only_through_members(ctx):
    member, outsider = factories.user(), factories.user()
    pending = helpers.organisation(members=[member], verified=False)
    verified = helpers.organisation(members=[member])
    idea = helpers.idea(helpers.auction_round())
    with pytest.raises(OrganisationNotVerified):
        _pledge(member, idea.needs[0], organisation_id=pending.id)
    with pytest.raises(NotAMember) as caught:
        _pledge(outsider, idea.needs[0], organisation_id=verified.id)
    assert caught.value.status_code == 403
    verified.hidden_at = utcnow()
    db.session.commit()
    with pytest.raises(OrganisationNotVerified):
        _pledge(member, idea.needs[0], organisation_id=verified.id)
    assert helpers.count(Pledge) == 0


def test_withdrawing_before_closing_and_pledging_again(ctx):
    anna, bram = factories.user(), factories.user()
    idea = helpers.idea(helpers.auction_round(), author=anna)
    pledge, _ = _pledge(bram, idea.needs[0], amount=5)
    with pytest.raises(NotAllowed):
        services.withdraw_pledge(factories.user(), pledge.id)
    services.withdraw_pledge(bram, pledge.id)
    assert pledge.status == PledgeStatus.WITHDRAWN and idea.needs[0].pledged_amount == 0
    assert "withdrew" in helpers.notifications_for(anna, "idea_pledge")[-1].message
    with pytest.raises(PledgeNotActive):
        services.withdraw_pledge(bram, pledge.id)
    again, replaced = _pledge(bram, idea.needs[0], amount=6)
    assert again.id == pledge.id and not replaced and again.status == PledgeStatus.OFFERED


def test_no_withdrawal_or_change_after_closing(ctx):
    bram = factories.user()
    auction = helpers.auction_round()
    idea = helpers.idea(auction)
    pledge, _ = _pledge(bram, idea.needs[0], amount=5)
    _close(auction)
    with pytest.raises(RoundClosed):
        services.withdraw_pledge(bram, pledge.id)
    with pytest.raises(RoundClosed):
        services.update_pledge(bram, pledge.id, amount=6)
    assert pledge.status == PledgeStatus.OFFERED and pledge.amount == 5


def test_members_change_their_organisations_pledge_until_they_leave(ctx):
    coordinator, member = factories.user(), factories.user()
    organisation = helpers.organisation(coordinator=coordinator, members=[member])
    idea = helpers.idea(helpers.auction_round())
    pledge, _ = _pledge(member, idea.needs[0], amount=5, organisation_id=organisation.id)
    services.update_pledge(coordinator, pledge.id, amount=7)
    assert pledge.amount == 7
    with pytest.raises(NotAllowed):
        services.update_pledge(factories.user(), pledge.id, amount=9)
    from wijkhulp.organisations import services as organisation_services

    organisation_services.remove_member(member, organisation.id, organisation.membership_of(member).id)
    with pytest.raises(NotAllowed):
        services.withdraw_pledge(member, pledge.id)
    assert pledge.status == PledgeStatus.OFFERED


def test_the_constraint_allows_one_row_per_partner_per_need(ctx):
    bram = factories.user()
    idea = helpers.idea(helpers.auction_round())
    need = idea.needs[0]
    db.session.add_all([Pledge(need=need, partner_key=f"u:{bram.id}", user=bram, amount=1),
                        Pledge(need=need, partner_key=f"u:{bram.id}", user=bram, amount=2)])
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_pledge_sent_twice_at_once_is_stored_once(ctx, monkeypatch):
    bram = factories.user()
    idea = helpers.idea(helpers.auction_round())
    need = idea.needs[0]
    _pledge(bram, need, amount=5)
    original = db.session.scalar

    def as_if_not_yet_there(statement, *args, **kwargs):  # the other request inserted it a moment ago
        if "FROM pledge" in str(statement):
            return None
        return original(statement, *args, **kwargs)

    monkeypatch.setattr(db.session, "scalar", as_if_not_yet_there)
    with pytest.raises(Conflict):
        _pledge(bram, need, amount=9)
    monkeypatch.undo()
    assert [(p.amount, p.partner_key) for p in helpers.pledges()] == [(5, f"u:{bram.id}")]
    assert len(helpers.notifications_for(idea.author, "idea_pledge")) == 1


# ---------------------------------------------------------------- recording pledges at the auction evening

def test_a_manager_records_pledges_made_aloud(ctx):
    manager, anna, bram = factories.manager(), factories.user(), factories.user(email="bram@example.org")
    member = factories.user()
    organisation = helpers.organisation(members=[member], name="Vechtzorg")
    idea = helpers.idea(helpers.auction_round(), author=anna)
    need = idea.needs[0]
    for_org, _ = services.record_pledge(manager, idea.id, need.id, organisation_id=organisation.id, amount=10)
    assert for_org.partner_name == "Vechtzorg" and for_org.recorded_by_id == manager.id
    assert helpers.notifications_for(member, "pledge_recorded")
    for_bram, _ = services.record_pledge(manager, idea.id, need.id, resident_email="BRAM@example.org", amount=4)
    assert for_bram.user_id == bram.id and for_bram.partner_key == f"u:{bram.id}"
    guest, _ = services.record_pledge(manager, idea.id, need.id, guest_name="Bakker  Jan", amount=2)
    again, replaced = services.record_pledge(manager, idea.id, need.id, guest_name="bakker jan", amount=3)
    assert replaced and again.id == guest.id and again.amount == 3
    assert need.pledged_amount == 17
    # the resident can still change what was recorded for them
    services.update_pledge(bram, for_bram.id, amount=5)
    assert for_bram.amount == 5


@pytest.mark.parametrize("partner, error", [
    ({}, UnknownPartner),
    ({"guest_name": "Jan", "resident_email": "x@example.org"}, UnknownPartner),
    ({"resident_email": "niemand@example.org"}, UnknownPartner),
])
def test_recording_needs_exactly_one_known_partner(ctx, partner, error):
    manager = factories.manager()
    idea = helpers.idea(helpers.auction_round())
    with pytest.raises(error):
        services.record_pledge(manager, idea.id, idea.needs[0].id, amount=3, **partner)
    assert helpers.count(Pledge) == 0


def test_only_managers_record_and_only_for_verified_organisations(ctx):
    manager = factories.manager()
    pending = helpers.organisation(verified=False)
    idea = helpers.idea(helpers.auction_round())
    with pytest.raises(NotAllowed):
        services.record_pledge(factories.user(), idea.id, idea.needs[0].id, guest_name="Jan", amount=3)
    with pytest.raises(OrganisationNotVerified):
        services.record_pledge(manager, idea.id, idea.needs[0].id, organisation_id=pending.id, amount=3)
    assert helpers.count(Pledge) == 0


# ---------------------------------------------------------------- closing

def test_closing_is_idempotent_and_tells_owners_and_partners_once(ctx):
    anna, bram = factories.user(), factories.user()
    auction = helpers.auction_round()
    idea = helpers.idea(auction, author=anna)
    other_round = helpers.auction_round()
    _pledge(bram, idea.needs[0], amount=5)
    _pledge(bram, idea.needs[1], amount=50)
    assert services.close_due_rounds() == []
    assert _close(auction) == [auction.id]
    assert services.close_due_rounds() == []
    db.session.expire_all()
    assert auction.status == RoundStatus.CLOSED and auction.closed_at is not None
    assert other_round.status == RoundStatus.OPEN
    assert idea.outcome == Outcome.NOT_MATCHED  # nothing accepted yet
    assert len(helpers.notifications_for(anna, "auction_round_closed")) == 1
    assert len(helpers.notifications_for(bram, "auction_round_closed")) == 1


def test_a_second_closer_changes_nothing(ctx):
    auction = helpers.auction_round(closes_in=-0.01)
    now = utcnow()
    assert close_round_once(auction.id, now) is True
    assert close_round_once(auction.id, now) is False  # cron racing a page view
    db.session.commit()


def test_a_manager_closes_a_round_now(ctx):
    manager = factories.manager()
    auction = helpers.auction_round()
    with pytest.raises(NotAllowed):
        services.close_round_now(factories.user(), auction.id)
    services.close_round_now(manager, auction.id)
    assert auction.status == RoundStatus.CLOSED and auction.closes_at <= utcnow()
    with pytest.raises(RoundClosed):
        services.close_round_now(manager, auction.id)


# ---------------------------------------------------------------- deciding on pledges

def test_only_the_owner_or_a_manager_accepts_and_only_after_closing(ctx):
    anna, bram, manager = factories.user(), factories.user(), factories.manager()
    auction = helpers.auction_round()
    idea = helpers.idea(auction, author=anna)
    pledge, _ = _pledge(bram, idea.needs[0], amount=50)
    with pytest.raises(RoundNotClosed):
        services.decide_pledge(anna, pledge.id, accept=True)
    _close(auction)
    for outsider in (bram, factories.user(), factories.user(verified=False)):
        with pytest.raises(NotTheOwner) as caught:
            services.decide_pledge(outsider, pledge.id, accept=True)
        assert caught.value.status_code == 403
    assert pledge.status == PledgeStatus.OFFERED
    services.decide_pledge(anna, pledge.id, accept=True)
    assert pledge.status == PledgeStatus.ACCEPTED and pledge.decided_by_id == anna.id
    assert "accepted" in helpers.notifications_for(bram, "pledge_decided")[-1].message
    services.decide_pledge(manager, pledge.id, accept=False)
    assert pledge.status == PledgeStatus.DECLINED


def test_deciding_lazily_closes_a_due_round(ctx):
    anna, bram = factories.user(), factories.user()
    auction = helpers.auction_round()
    idea = helpers.idea(auction, author=anna)
    pledge, _ = _pledge(bram, idea.needs[0], amount=50)
    auction.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    services.decide_pledge(anna, pledge.id, accept=True)
    assert auction.status == RoundStatus.CLOSED and pledge.status == PledgeStatus.ACCEPTED


def test_outcomes_follow_the_decisions(ctx):
    anna = factories.user()
    auction = helpers.auction_round()
    idea = helpers.idea(auction, author=anna)  # 50 hours, 300 euro
    hours_a, _ = _pledge(factories.user(), idea.needs[0], amount=30)
    hours_b, _ = _pledge(factories.user(), idea.needs[0], amount=20)
    money, _ = _pledge(factories.user(), idea.needs[1], amount=300)
    withdrawn, _ = _pledge(factories.user(), idea.needs[1], amount=10)
    services.withdraw_pledge(withdrawn.user, withdrawn.id)
    _close(auction)
    services.decide_pledge(anna, hours_a.id, accept=True)
    assert idea.outcome == Outcome.PARTLY_MATCHED
    services.decide_pledge(anna, hours_b.id, accept=True)
    services.decide_pledge(anna, money.id, accept=True)
    assert idea.outcome == Outcome.MATCHED
    services.decide_pledge(anna, money.id, accept=False)
    assert idea.outcome == Outcome.PARTLY_MATCHED
    with pytest.raises(PledgeNotActive):
        services.decide_pledge(anna, withdrawn.id, accept=True)
    results = queries.round_results(auction)
    assert results.counts[Outcome.PARTLY_MATCHED] == 1
    assert results.accepted_count == 2 and results.undecided_count == 0


def test_results_add_up_per_partner(ctx):
    anna, bram = factories.user(), factories.user(display_name="Bram")
    organisation = helpers.organisation(members=[bram], name="Bakkerij De Vecht")
    auction = helpers.auction_round()
    idea = helpers.idea(auction, author=anna)
    hours, _ = _pledge(bram, idea.needs[0], amount=50, organisation_id=organisation.id,
                       estimated_value_cents=125000)
    money, _ = _pledge(bram, idea.needs[1], amount=280, organisation_id=organisation.id)
    own, _ = _pledge(bram, idea.needs[1], amount=20)  # 280 + 20: the need of 300, never more accepted
    _close(auction)
    for pledge in (hours, money, own):
        services.decide_pledge(anna, pledge.id, accept=True)
    results = queries.round_results(auction)
    assert results.counts[Outcome.MATCHED] == 1
    assert results.total_value_cents == 125000 + 28000 + 2000
    assert [(p.name, len(p.pledges), p.value_cents) for p in results.partners] == [
        ("Bakkerij De Vecht", 2, 153000), ("Bram", 1, 2000)]


# ---------------------------------------------------------------- follow-up

def test_follow_up_questions_after_the_set_months_once(ctx):
    anna, carla = factories.user(), factories.user()
    auction = helpers.auction_round()
    matched = helpers.idea(auction, author=anna, needs=[(NeedType.TIME, "Uren", 5, Unit.HOURS)])
    unmatched = helpers.idea(auction, author=carla)
    pledge, _ = _pledge(factories.user(), matched.needs[0], amount=5)
    _close(auction)
    services.decide_pledge(anna, pledge.id, accept=True)
    assert services.send_followups() == 0  # too early
    later = utcnow() + timedelta(days=95)
    assert services.send_followups(now=later) == 1
    assert services.send_followups(now=later) == 0
    assert helpers.notifications_for(anna, "idea_followup")[0].url == f"/ideas/{matched.id}/follow-up"
    assert helpers.notifications_for(carla, "idea_followup") == []
    services.answer_followup(anna, matched.id, realised="yes", note="De tuin bloeit!")
    assert matched.realised == Realised.YES and matched.realised_note == "De tuin bloeit!"
    with pytest.raises(FollowUpNotPossible):
        services.answer_followup(carla, unmatched.id, realised="yes")
    with pytest.raises(NotAllowed):
        services.answer_followup(carla, matched.id, realised="no")
    with pytest.raises(InvalidIdea):
        services.answer_followup(anna, matched.id, realised="misschien")


def test_the_follow_up_waits_as_many_months_as_the_setting_says(ctx):
    anna = factories.user()
    auction = helpers.auction_round()
    idea = helpers.idea(auction, author=anna, needs=[(NeedType.TIME, "Uren", 5, Unit.HOURS)])
    pledge, _ = _pledge(factories.user(), idea.needs[0], amount=5)
    _close(auction)
    services.decide_pledge(anna, pledge.id, accept=True)
    settings.set_value(services.FOLLOWUP_MONTHS, "1")
    assert services.send_followups(now=utcnow() + timedelta(days=32)) == 1


# ---------------------------------------------------------------- account deletion

def test_a_deleted_residents_ideas_and_pledges_stay_for_others(ctx):
    anna, bram = factories.user(display_name="Anna"), factories.user(display_name="Bram")
    idea = helpers.idea(helpers.auction_round(), author=anna)
    pledge, _ = _pledge(bram, idea.needs[0], amount=5)
    exported = services.export_user_data(bram)
    assert exported["pledges"][0]["amount"] == 5
    accounts.delete_account(anna, password=factories.PASSWORD)
    accounts.delete_account(bram, password=factories.PASSWORD)
    db.session.expire_all()
    assert helpers.count(Idea) == 1 and helpers.count(Pledge) == 1
    assert idea.author_label == "a former resident"
    assert pledge.partner_name == "a former resident"


def test_deleting_a_neighbourhood_keeps_the_rounds_and_ideas(ctx):
    from wijkhulp.neighbourhoods import services as neighbourhoods

    first, second = helpers.neighbourhood(), helpers.neighbourhood()
    auction = helpers.auction_round(neighbourhoods=[first, second])
    idea = helpers.idea(auction)  # in `first`
    neighbourhoods.delete_neighbourhood(first.id)
    db.session.expire_all()
    assert [n.id for n in auction.neighbourhoods] == [second.id]
    assert idea.neighbourhood_id is None and helpers.count(Idea) == 1
