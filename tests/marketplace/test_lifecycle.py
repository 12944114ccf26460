"""Matching notifications, expiry with reminders, check-ins, categories, helper invitations, my data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts import services as accounts
from wijkhulp.database import utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import (Blocked, Category, CategoryNotFound, DuplicateCategory, InvalidCategoryName,
                                         Listing, ListingClosed, ListingStatus, Match, MatchStatus, Message,
                                         PersonNotFound, Response, ResponseStatus, UserBlock)
from wijkhulp.notifications.models import OutboxMail
from wijkhulp.settings import services as settings


# ---------------------------------------------------------------- matching listings are announced once

def test_owners_of_matching_listings_are_told_once(ctx) -> None:
    cat = helpers.category()
    other_cat = helpers.category()
    near, far, wrong, both, poster = (factories.user() for _ in range(5))
    helpers.listing(near, kind="offer", category_id=cat.id, pc4="3603", radius_km=5)
    helpers.listing(far, kind="offer", category_id=cat.id, pc4="3621", radius_km=1)  # will not go that far
    helpers.listing(wrong, kind="offer", category_id=other_cat.id, pc4="3601")
    helpers.listing(both, kind="offer", category_id=cat.id, pc4="3601", title="Eerste aanbod")
    helpers.listing(both, kind="offer", category_id=cat.id, pc4="3602", title="Tweede aanbod")
    helpers.listing(poster, kind="offer", category_id=cat.id, pc4="3601")  # the poster's own offer
    request = helpers.listing(poster, kind="request", category_id=cat.id, pc4="3601", radius_km=10)
    assert len(helpers.notes(near, "matching_listing")) == 1
    assert len(helpers.notes(both, "matching_listing")) == 1  # one message, however many of their offers fit
    assert helpers.notes(far, "matching_listing") == helpers.notes(wrong, "matching_listing") == []
    assert helpers.notes(poster, "matching_listing") == []  # never about their own listing
    [note] = helpers.notes(near, "matching_listing")
    assert note.url == f"/help/{request.id}" and "Maarssen" in note.message
    # changing and renewing the listing does not announce it again
    services.update_listing(poster, request.id, helpers.data(category_id=cat.id, radius_km=25, title="Nog steeds"))
    services.renew_listing(poster, request.id)
    assert len(helpers.notes(near, "matching_listing")) == 1


def test_blocked_people_are_not_told(ctx) -> None:
    cat = helpers.category()
    owner, poster = factories.user(), factories.user()
    helpers.listing(owner, kind="offer", category_id=cat.id)
    services.block_user(owner, poster.id)
    helpers.listing(poster, kind="request", category_id=cat.id)
    assert helpers.notes(owner, "matching_listing") == []


# ---------------------------------------------------------------- expiry

def test_expire_reminds_once_then_expires_once(ctx) -> None:
    owner = factories.user()
    now = utcnow()
    soon = helpers.listing(owner, title="Bijna verlopen", now=now - timedelta(days=28))
    later = helpers.listing(owner, title="Nog lang online", now=now - timedelta(days=10))
    gone = helpers.listing(owner, title="Al verlopen", now=now - timedelta(days=31))
    hidden_old = helpers.listing(owner, title="Verborgen en verlopen", now=now - timedelta(days=31))
    hidden_old.hidden_at = now
    db.session.commit()
    result = services.expire_listings(now=now)
    assert (result.reminded, result.expired) == (1, 2)
    assert soon.expiry_reminded_at is not None and later.expiry_reminded_at is None
    assert (gone.status, hidden_old.status, soon.status) == (ListingStatus.EXPIRED, ListingStatus.EXPIRED,
                                                             ListingStatus.OPEN)
    [reminder] = helpers.notes(owner, "listing_expiring")
    assert "Bijna verlopen" in reminder.message and "2 days" in reminder.message
    assert len(helpers.notes(owner, "listing_expired")) == 1  # not about the hidden one
    again = services.expire_listings(now=now)
    assert (again.reminded, again.expired) == (0, 0)
    assert len(helpers.notes(owner)) == 2


def test_expiry_days_and_reminder_days_are_settings(ctx) -> None:
    settings.set_value("listing_expiry_days", "14")
    settings.set_value("listing_expiry_reminder_days", "7")
    owner = factories.user()
    listing = helpers.listing(owner, now=utcnow() - timedelta(days=8))
    assert services.expire_listings().reminded == 1 and listing.status == ListingStatus.OPEN


def test_pages_treat_a_listing_past_expiry_as_expired(ctx) -> None:
    listing = helpers.listing(factories.user(), now=utcnow() - timedelta(days=31))
    assert listing.status == ListingStatus.OPEN
    assert listing.effective_status(utcnow()) == ListingStatus.EXPIRED and not listing.is_open(utcnow())


def test_renew_after_a_reminder_gets_a_new_reminder_later(ctx) -> None:
    owner = factories.user()
    listing = helpers.listing(owner, now=utcnow() - timedelta(days=28))
    services.expire_listings()
    services.renew_listing(owner, listing.id)
    later = utcnow() + timedelta(days=28)
    assert services.expire_listings(now=later).reminded == 1
    assert len(helpers.notes(owner, "listing_expiring")) == 2


def test_expire_works_in_batches(ctx) -> None:
    owner = factories.user()
    for n in range(3):
        helpers.listing(owner, now=utcnow() - timedelta(days=40), title=f"Vraag nummer {n}")
    assert services.expire_listings(limit=2).expired == 2
    assert services.expire_listings(limit=2).expired == 1


# ---------------------------------------------------------------- check-ins

def test_checkin_is_sent_once_after_the_set_days(ctx) -> None:
    requester, helper = factories.user(), factories.user()
    request = helpers.listing(requester)
    response = services.respond(helper, request.id, "Ik help")
    match = services.accept_response(requester, response.id)
    assert services.send_checkins() == 0  # too early
    in_six_days = utcnow() + timedelta(days=6)
    assert services.send_checkins(now=in_six_days) == 1
    assert services.send_checkins(now=in_six_days) == 0
    [note] = helpers.notes(requester, "match_checkin")
    assert note.url == f"/responses/{response.id}" and match.checkin_sent_at is not None
    assert helpers.notes(helper, "match_checkin") == []


def test_no_checkin_for_finished_matches(ctx) -> None:
    settings.set_value("match_checkin_days", "1")
    requester, helper = factories.user(), factories.user()
    response = services.respond(helper, helpers.listing(requester).id, "Ik help")
    services.accept_response(requester, response.id)
    services.complete_match(requester, response.id)
    assert services.send_checkins(now=utcnow() + timedelta(days=3)) == 0


# ---------------------------------------------------------------- categories

def test_default_categories_are_added_once(ctx) -> None:
    assert services.ensure_default_categories() == 10
    assert services.ensure_default_categories() == 0
    names = [c.name for c in db.session.scalars(select(Category).order_by(Category.position))]
    assert names[:3] == ["Boodschappen", "Vervoer", "Klusjes"] and names[-1] == "Overig"


def test_renamed_defaults_are_not_added_again(ctx) -> None:
    admin = factories.admin()
    services.ensure_default_categories()
    groceries = db.session.scalar(select(Category).where(Category.slug == "groceries"))
    services.rename_category(admin, groceries.id, "Boodschappen doen")
    assert services.ensure_default_categories() == 0


def test_admins_manage_categories(ctx) -> None:
    admin, resident = factories.admin(), factories.user()
    with pytest.raises(NotAllowed):
        services.add_category(resident, "Fietsen")
    bikes = services.add_category(admin, "  Fietsen  repareren ")
    assert bikes.name == "Fietsen repareren" and bikes.slug == "fietsen-repareren" and bikes.is_active
    for bad, error in (("F", InvalidCategoryName), ("x" * 61, InvalidCategoryName),
                       ("fietsen REPAREREN", DuplicateCategory)):
        with pytest.raises(error) as caught:
            services.add_category(admin, bad)
        assert caught.value.field == "name"
    services.rename_category(admin, bikes.id, "Fietsen Repareren")  # same name, other capitals: fine
    services.set_category_active(admin, bikes.id, False)
    from wijkhulp.marketplace import queries
    assert bikes.id not in [c.id for c in queries.active_categories()]
    with pytest.raises(CategoryNotFound):
        services.rename_category(admin, 99999, "Iets")
    with pytest.raises(NotAllowed):
        services.set_category_active(resident, bikes.id, True)


# ---------------------------------------------------------------- community managers

def test_manager_asks_a_helper_once(ctx) -> None:
    manager, requester, helper = helpers.manager_of("3601"), factories.user(), factories.user()
    request = helpers.listing(requester)
    with pytest.raises(NotAllowed):
        services.invite_helper(factories.user(), request.id, helper.id)
    with pytest.raises(PersonNotFound):
        services.invite_helper(manager, request.id, requester.id)
    assert services.invite_helper(manager, request.id, helper.id) is True
    assert services.invite_helper(manager, request.id, helper.id) is False
    assert len(helpers.notes(helper, "help_invitation")) == 1
    second = helpers.listing(requester, title="Nog een vraag")
    services.block_user(helper, requester.id)
    with pytest.raises(Blocked):
        services.invite_helper(manager, second.id, helper.id)
    services.withdraw_listing(requester, request.id)
    with pytest.raises(ListingClosed):
        services.invite_helper(manager, request.id, factories.user().id)


# ---------------------------------------------------------------- my data and deleting the account

def test_export_holds_listings_reactions_messages_and_thanks(ctx) -> None:
    requester, helper = factories.user(), factories.user()
    request = helpers.listing(requester, title="Hulp met de tuin")
    response = services.respond(helper, request.id, "Ik help graag")
    services.accept_response(requester, response.id)
    services.complete_match(requester, response.id, hours="2", thanks="Dank je wel")
    mine = services.export_user_data(requester)
    assert [x["title"] for x in mine["listings"]] == ["Hulp met de tuin"]
    assert mine["thank_you_notes"][0]["written_by_me"] is True
    theirs = accounts.export_data(helper)["marketplace"]
    assert theirs["reactions"][0]["listing"] == "Hulp met de tuin"
    assert theirs["messages"][0]["text"] == "Ik help graag"
    assert theirs["matches"][0]["role"] == "helper" and theirs["matches"][0]["hours"] == 2


def test_deleting_an_account_keeps_what_others_need(ctx) -> None:
    leaver, neighbour = factories.user(display_name="Vertrekker"), factories.user(display_name="Buur")
    lonely = helpers.listing(leaver, title="Niemand reageerde")
    talked = helpers.listing(leaver, title="Met een gesprek", on_behalf=True, on_behalf_name="Oma",
                             on_behalf_consent=True)
    response = services.respond(neighbour, talked.id, "Ik kan helpen")
    services.send_message(leaver, response.id, "Fijn, bedankt")
    theirs = helpers.listing(neighbour, title="Van de buur")
    mine_reaction = services.respond(leaver, theirs.id, "Ik help jou")
    services.block_user(leaver, factories.user().id)
    talked_id, lonely_id, theirs_id, reaction_id = talked.id, lonely.id, theirs.id, mine_reaction.id
    accounts.delete_account(leaver, password=factories.PASSWORD)
    db.session.expire_all()
    assert db.session.get(Listing, lonely_id) is None
    kept = db.session.get(Listing, talked_id)
    assert kept.status == ListingStatus.WITHDRAWN and kept.title == "Met een gesprek" and kept.on_behalf_name is None
    assert kept.author.public_name == "a former resident"
    assert db.session.get(Response, response.id).status == ResponseStatus.DECLINED
    assert db.session.get(Response, reaction_id).status == ResponseStatus.WITHDRAWN
    assert db.session.get(Listing, theirs_id).status == ListingStatus.OPEN
    bodies = [(m.author.public_name, m.body) for m in db.session.scalars(select(Message).order_by(Message.id))]
    assert ("a former resident", "Fijn, bedankt") in bodies
    assert db.session.scalar(select(func.count()).select_from(UserBlock)) == 0


def test_a_leaving_helper_puts_the_request_back_online(ctx) -> None:
    requester, leaver = factories.user(), factories.user()
    request = helpers.listing(requester)
    response = services.respond(leaver, request.id, "Ik help")
    services.accept_response(requester, response.id)
    accounts.delete_account(leaver, password=factories.PASSWORD)
    db.session.expire_all()
    assert db.session.get(Listing, request.id).status == ListingStatus.OPEN
    assert db.session.scalar(select(Match.status)) == MatchStatus.CANCELLED


def test_notifications_are_stored_with_their_event(ctx) -> None:
    """Every notification goes out in the same transaction: a failed service leaves no mail behind."""
    owner = factories.user()
    with pytest.raises(Exception):
        helpers.listing(owner, radius_km=3)
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0
