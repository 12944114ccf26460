"""Reactions, threads, accepting (race safe), declining, contact consent, completion with thanks, blocking."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts.models import NotVerified
from wijkhulp.database import utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.marketplace import queries, services
from wijkhulp.marketplace.models import (AlreadyMatched, AlreadyResponded, Blocked, CannotBlockSelf, InvalidHours,
                                         InvalidMessage, InvalidThanks, Listing, ListingClosed, ListingNotFound,
                                         ListingStatus, Match, MatchNotActive, MatchStatus, Message,
                                         OwnListing, Response, ResponseClosed, ResponseNotFound, ResponseStatus,
                                         ThankYou, ThreadClosed, UserBlock)


@pytest.fixture
def trio(ctx):
    """A requester with an open request, and two neighbours who may help."""
    requester = factories.user(display_name="Anna", phone="0612345678")
    helper = factories.user(display_name="Bram", postcode="3603 AB")
    other = factories.user(display_name="Cor", postcode="3604 AB")
    request = helpers.listing(requester)
    return requester, helper, other, request


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_react_with_a_first_message_and_tell_the_owner(trio) -> None:
    requester, helper, _, request = trio
    response = services.respond(helper, request.id, "  Ik kan dinsdag!  ")
    assert response.status == ResponseStatus.OPEN and response.responder_id == helper.id
    assert [m.body for m in response.messages] == ["Ik kan dinsdag!"]
    [note] = helpers.notes(requester, "listing_response")
    assert "Bram" in note.message and note.url == f"/responses/{response.id}"


def test_nobody_reacts_to_their_own_listing(trio) -> None:
    requester, _, _, request = trio
    with pytest.raises(OwnListing):
        services.respond(requester, request.id, "Hallo")
    assert _count(Response) == 0


def test_nobody_reacts_to_a_closed_or_expired_listing(trio) -> None:
    requester, helper, _, request = trio
    old = helpers.listing(requester, now=utcnow() - timedelta(days=31), title="Een oude vraag")  # past expiry, open
    with pytest.raises(ListingClosed):
        services.respond(helper, old.id, "Hallo")
    services.withdraw_listing(requester, request.id)
    with pytest.raises(ListingClosed):
        services.respond(helper, request.id, "Hallo")
    assert _count(Response) == 0


def test_hidden_listings_cannot_be_reacted_to(trio) -> None:
    _, helper, _, request = trio
    request.hidden_at = utcnow()
    db.session.commit()
    with pytest.raises(ListingNotFound):
        services.respond(helper, request.id, "Hallo")
    with pytest.raises(ListingNotFound):
        services.respond(helper, 99999, "Hallo")


def test_unverified_and_blocked_accounts_cannot_react(trio) -> None:
    _, _, _, request = trio
    with pytest.raises(NotVerified):
        services.respond(factories.user(verified=False), request.id, "Hallo")
    with pytest.raises(NotAllowed):
        services.respond(factories.user(blocked_at=utcnow()), request.id, "Hallo")
    assert _count(Response) == 0


def test_message_length_is_checked(trio) -> None:
    _, helper, _, request = trio
    for bad in ("", "   ", "x" * 2001):
        with pytest.raises(InvalidMessage) as caught:
            services.respond(helper, request.id, bad)
        assert caught.value.field == "message"
    assert _count(Response) == 0 and _count(Message) == 0


def test_one_open_reaction_per_person(trio) -> None:
    _, helper, _, request = trio
    first = services.respond(helper, request.id, "Ik help")
    with pytest.raises(AlreadyResponded) as caught:
        services.respond(helper, request.id, "Nog een keer")
    assert caught.value.response_id == first.id and _count(Response) == 1


def test_after_taking_a_reaction_back_one_may_react_again(trio) -> None:
    _, helper, _, request = trio
    services.withdraw_response(helper, services.respond(helper, request.id, "Ik help").id)
    again = services.respond(helper, request.id, "Toch wel")
    assert again.status == ResponseStatus.OPEN and _count(Response) == 2


def test_after_a_decline_one_cannot_react_again(trio) -> None:
    requester, helper, _, request = trio
    services.decline_response(requester, services.respond(helper, request.id, "Ik help").id)
    with pytest.raises(AlreadyResponded):
        services.respond(helper, request.id, "Toch wel")


def test_the_database_refuses_a_second_open_reaction(trio) -> None:
    """Two reactions sent at the same moment both pass the service check; the partial unique index decides."""
    _, helper, _, request = trio
    db.session.add(Response(listing_id=request.id, responder_id=helper.id, status=ResponseStatus.WITHDRAWN))
    db.session.add(Response(listing_id=request.id, responder_id=helper.id, status=ResponseStatus.OPEN))
    db.session.commit()
    db.session.add(Response(listing_id=request.id, responder_id=helper.id, status=ResponseStatus.OPEN))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_race_on_reacting_reports_the_existing_reaction(trio, monkeypatch) -> None:
    _, helper, _, request = trio
    existing = Response(listing_id=request.id, responder_id=helper.id, status=ResponseStatus.OPEN)
    db.session.add(existing)
    db.session.commit()
    monkeypatch.setattr(services.db.session, "scalar", _skip_first_lookup(db.session.scalar))
    with pytest.raises(AlreadyResponded) as caught:
        services.respond(helper, request.id, "Tegelijk")
    assert caught.value.response_id == existing.id
    assert _count(Response) == 1 and _count(Message) == 0


def _skip_first_lookup(real):
    """session.scalar that misses the first 'earlier reaction' lookup, as if the other request were not stored yet."""
    state = {"skipped": False}

    def scalar(stmt, *args, **kwargs):
        if not state["skipped"] and "response" in str(stmt).lower() and "FROM response" in str(stmt):
            state["skipped"] = True
            return None
        return real(stmt, *args, **kwargs)

    return scalar


def test_blocked_people_cannot_react_or_message(trio) -> None:
    requester, helper, other, request = trio
    response = services.respond(other, request.id, "Ik help")
    services.block_user(requester, helper.id)
    with pytest.raises(Blocked):
        services.respond(helper, request.id, "Hallo")
    services.block_user(other, requester.id)  # blocked the other way round
    with pytest.raises(Blocked):
        services.send_message(requester, response.id, "Hallo?")
    with pytest.raises(Blocked):
        services.accept_response(requester, response.id)
    services.unblock_user(other, requester.id)
    services.send_message(requester, response.id, "Fijn!")


def test_blocking_yourself_or_twice(trio) -> None:
    requester, helper, _, _ = trio
    with pytest.raises(CannotBlockSelf):
        services.block_user(requester, requester.id)
    services.block_user(requester, helper.id)
    services.block_user(requester, helper.id)
    assert _count(UserBlock) == 1
    assert queries.is_blocked_between(helper.id, requester.id) and queries.blocked_ids(helper.id) == {requester.id}


def test_thread_is_for_its_two_parties_only(trio) -> None:
    requester, helper, other, request = trio
    response = services.respond(helper, request.id, "Ik help")
    with pytest.raises(ResponseNotFound):
        services.send_message(other, response.id, "Mag ik meelezen?")
    with pytest.raises(ResponseNotFound):
        queries.response_for_party_or_404(response.id, other)
    with pytest.raises(ResponseNotFound):
        queries.response_for_party_or_404(response.id, None)
    message = services.send_message(requester, response.id, "Top, wanneer?")
    assert message.author_id == requester.id
    [note] = helpers.notes(helper, "thread_message")
    assert note.url == f"/responses/{response.id}"


def test_a_message_sent_twice_is_stored_once(trio) -> None:
    requester, helper, _, request = trio
    response = services.respond(helper, request.id, "Ik help")
    first = services.send_message(requester, response.id, "Hoi", form_token="m1")
    again = services.send_message(requester, response.id, "Hoi", form_token="m1")
    assert first.id == again.id and len(response.messages) == 2
    assert len(helpers.notes(helper, "thread_message")) == 1


def test_closed_threads_take_no_messages(trio) -> None:
    requester, helper, _, request = trio
    response = services.respond(helper, request.id, "Ik help")
    services.decline_response(requester, response.id)
    with pytest.raises(ThreadClosed):
        services.send_message(helper, response.id, "Jammer")
    with pytest.raises(InvalidMessage):
        services.send_message(requester, services.respond(factories.user(), request.id, "Ik ook").id, " ")


def test_accept_makes_a_match_and_declines_the_others_kindly(trio) -> None:
    requester, helper, other, request = trio
    chosen = services.respond(helper, request.id, "Ik help")
    passed = services.respond(other, request.id, "Ik ook")
    match = services.accept_response(requester, chosen.id)
    assert (match.requester_id, match.helper_id, match.status) == (requester.id, helper.id, MatchStatus.ACTIVE)
    db.session.expire_all()
    assert db.session.get(Listing, request.id).status == ListingStatus.MATCHED
    assert db.session.get(Response, chosen.id).status == ResponseStatus.ACCEPTED
    assert db.session.get(Response, passed.id).status == ResponseStatus.DECLINED
    assert len(helpers.notes(helper, "response_accepted")) == 1
    [kind_note] = helpers.notes(other, "response_declined")
    assert "found help" in kind_note.message


def test_second_accept_fails_cleanly(trio) -> None:
    requester, helper, other, request = trio
    first = services.respond(helper, request.id, "Ik help")
    second = services.respond(other, request.id, "Ik ook")
    services.accept_response(requester, first.id)
    with pytest.raises(AlreadyMatched):
        services.accept_response(requester, second.id)
    with pytest.raises(AlreadyMatched):
        services.accept_response(requester, first.id)
    assert _count(Match) == 1


def test_two_windows_accepting_at_once(trio) -> None:
    """Window 2 loaded the page while the request was open; window 1 accepted in the meantime (another
    transaction). Window 2's accept finds the listing no longer open and changes nothing."""
    requester, helper, other, request = trio
    first = services.respond(helper, request.id, "Ik help")
    second = services.respond(other, request.id, "Ik ook")
    stale = db.session.get(Listing, request.id)
    assert stale.status == ListingStatus.OPEN  # window 2's view of the listing
    with db.engine.begin() as conn:  # window 1, its own connection and transaction
        conn.execute(update(Listing).where(Listing.id == request.id).values(status=ListingStatus.MATCHED.value))
        conn.execute(update(Response).where(Response.id == first.id).values(status=ResponseStatus.ACCEPTED.value))
    with pytest.raises(AlreadyMatched):
        services.accept_response(requester, second.id)
    db.session.expire_all()
    assert db.session.get(Response, second.id).status == ResponseStatus.OPEN
    assert _count(Match) == 0 and helpers.notes(other, "response_accepted") == []


def test_only_the_owner_accepts_or_declines(trio) -> None:
    requester, helper, other, request = trio
    response = services.respond(helper, request.id, "Ik help")
    with pytest.raises(NotAllowed):
        services.accept_response(helper, response.id)
    with pytest.raises(NotAllowed):
        services.decline_response(helper, response.id)
    with pytest.raises(ResponseNotFound):
        services.accept_response(other, response.id)
    with pytest.raises(NotAllowed):
        services.withdraw_response(requester, response.id)
    assert _count(Match) == 0


def test_accepting_on_an_expired_listing_fails(trio) -> None:
    requester, helper, _, request = trio
    response = services.respond(helper, request.id, "Ik help")
    request.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(ListingClosed):
        services.accept_response(requester, response.id)
    assert _count(Match) == 0


def test_an_offer_helps_several_people_and_stays_open(ctx) -> None:
    owner, a, b = factories.user(), factories.user(), factories.user()
    offer = helpers.listing(owner, kind="offer")
    m1 = services.accept_response(owner, services.respond(a, offer.id, "Graag").id)
    m2 = services.accept_response(owner, services.respond(b, offer.id, "Ik ook graag").id)
    assert offer.status == ListingStatus.OPEN
    assert (m1.helper_id, m1.requester_id, m2.requester_id) == (owner.id, a.id, b.id)


def test_decline_twice(trio) -> None:
    requester, helper, _, request = trio
    response = services.respond(helper, request.id, "Ik help")
    services.decline_response(requester, response.id)
    with pytest.raises(ResponseClosed):
        services.decline_response(requester, response.id)
    assert len(helpers.notes(helper, "response_declined")) == 1


def test_contact_details_only_in_a_match_and_when_both_chose_to_share(trio) -> None:
    requester, helper, _, request = trio
    requester.share_phone_default = True
    helper.share_email_default = True
    db.session.commit()
    response = services.respond(helper, request.id, "Ik help")
    assert queries.counterpart_contact(response.match, helper.id) is None  # no match yet
    match = services.accept_response(requester, response.id)
    hidden = queries.ContactDetails
    # both defaults say "share", but a default alone reveals nothing
    assert queries.counterpart_contact(match, helper.id) == hidden("Anna", None, None)
    assert queries.counterpart_contact(match, requester.id) == hidden("Bram", None, None)
    services.set_contact_sharing(requester, response.id, share_email=True, share_phone=True)
    assert queries.counterpart_contact(match, helper.id) == hidden("Anna", None, None)  # Bram has not chosen
    assert queries.counterpart_contact(match, requester.id) == hidden("Bram", None, None)
    assert [n.message for n in helpers.notes(helper, "contact_shared")]  # Bram is asked to choose
    services.set_contact_sharing(helper, response.id, share_email=True, share_phone=True)  # no phone number
    assert queries.counterpart_contact(match, helper.id) == hidden("Anna", requester.email, "0612345678")
    assert queries.counterpart_contact(match, requester.id) == hidden("Bram", helper.email, None)
    services.set_contact_sharing(requester, response.id, share_email=False, share_phone=False)  # withdrawn
    assert queries.counterpart_contact(match, helper.id) == hidden("Anna", None, None)
    assert queries.counterpart_contact(match, requester.id) == hidden("Bram", None, None)  # mutual: both hidden
    services.set_contact_sharing(requester, response.id, share_email=False, share_phone=True)
    assert queries.counterpart_contact(match, helper.id) == hidden("Anna", None, "0612345678")
    assert queries.counterpart_contact(match, factories.user().id) is None
    assert len(helpers.notes(helper, "contact_shared")) == 1  # told once, not at every change


def test_complete_with_hours_and_a_public_thank_you(trio) -> None:
    requester, helper, _, request = trio
    response = services.respond(helper, request.id, "Ik help")
    services.accept_response(requester, response.id)
    with pytest.raises(NotAllowed):
        services.complete_match(helper, response.id)
    with pytest.raises(InvalidHours):
        services.complete_match(requester, response.id, hours="veel")
    with pytest.raises(InvalidThanks):
        services.complete_match(requester, response.id, thanks="x" * 1001)
    assert _count(ThankYou) == 0
    match = services.complete_match(requester, response.id, hours="1,5", thanks="Heel erg bedankt!",
                                    thanks_public=True)
    assert (match.status, match.minutes) == (MatchStatus.COMPLETED, 90)
    assert db.session.get(Listing, request.id).status == ListingStatus.COMPLETED
    assert len(helpers.notes(helper, "match_completed")) == 1
    summary = queries.profile_summary(helper.id)
    assert (summary.helps_given, summary.hours_text, summary.thanks) == (1, "1,5", [])  # the helper has not agreed
    services.set_thanks_public(helper, response.id, public=True)
    assert [t.text for t in queries.profile_summary(helper.id).thanks] == ["Heel erg bedankt!"]
    services.set_thanks_public(requester, response.id, public=False)  # the writer changes their mind
    assert queries.profile_summary(helper.id).thanks == []
    with pytest.raises(MatchNotActive):
        services.complete_match(requester, response.id)


def test_cancel_puts_the_request_back_online(trio) -> None:
    requester, helper, _, request = trio
    response = services.respond(helper, request.id, "Ik help")
    services.accept_response(requester, response.id)
    services.cancel_match(helper, response.id)
    assert db.session.get(Listing, request.id).status == ListingStatus.OPEN
    assert len(helpers.notes(requester, "match_cancelled")) == 1
    assert queries.counterpart_contact(response.match, requester.id) is None
    with pytest.raises(ThreadClosed):
        services.send_message(helper, response.id, "Sorry")
    with pytest.raises(MatchNotActive):
        services.cancel_match(requester, response.id)
    with pytest.raises(MatchNotActive):
        services.complete_match(requester, response.id)


def test_match_actions_need_a_match(trio) -> None:
    requester, helper, _, request = trio
    response = services.respond(helper, request.id, "Ik help")
    for action in (lambda: services.cancel_match(requester, response.id),
                   lambda: services.complete_match(requester, response.id),
                   lambda: services.set_contact_sharing(requester, response.id, share_email=True, share_phone=True),
                   lambda: services.set_thanks_public(requester, response.id, public=True)):
        with pytest.raises(MatchNotActive):
            action()
