"""Posting, changing, withdrawing and renewing listings: every rule and refusal, and nothing half-stored."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts.models import NotVerified
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.extensions import db
from wijkhulp.geo.services import UnknownPostcode
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import (CannotRenew, InvalidListing, InvalidRadius, Listing, ListingKind,
                                         ListingNotFound, ListingStatus, NotEditable, NotOwner,
                                         ResponseStatus, TimingKind, UnknownCategory)
from wijkhulp.neighbourhoods.models import OutsideServiceArea
from wijkhulp.settings import services as settings


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Listing)) or 0


def test_create_request_with_defaults(ctx) -> None:
    anna = factories.user()
    before = utcnow()
    listing = helpers.listing(anna, title="  Hulp   bij boodschappen ", description="Regel 1\r\nRegel 2")
    assert (listing.kind, listing.status, listing.pc4, listing.radius_km) == (
        ListingKind.REQUEST, ListingStatus.OPEN, "3601", 5)
    assert listing.title == "Hulp bij boodschappen" and listing.description == "Regel 1\nRegel 2"
    assert timedelta(days=30) <= listing.expires_at - before < timedelta(days=30, minutes=1)
    assert listing.author_id == anna.id and listing.assisted_by_id is None and listing.on_behalf_name is None


def test_expiry_follows_the_setting(ctx) -> None:
    settings.set_value("listing_expiry_days", "10")
    listing = helpers.listing(factories.user())
    assert timedelta(days=9, hours=23) < listing.expires_at - utcnow() <= timedelta(days=10)


def test_full_postcode_is_reduced_to_its_area(ctx) -> None:
    assert helpers.listing(factories.user(), pc4="3621 AB").pc4 == "3621"


def test_timing_on_a_date_and_recurring(ctx) -> None:
    user = factories.user()
    tomorrow = date.today() + timedelta(days=2)
    on_date = helpers.listing(user, timing="date", timing_date=tomorrow, part_of_day="morning",
                              recurrence="weekly")
    assert (on_date.timing, on_date.timing_date, on_date.part_of_day, on_date.recurrence) == (
        TimingKind.DATE, tomorrow, "morning", None)
    weekly = helpers.listing(user, timing="recurring", recurrence="weekly", timing_note="dinsdagochtend",
                             timing_date=tomorrow, title="Elke week boodschappen")
    assert (weekly.recurrence, weekly.timing_date, weekly.timing_note) == ("weekly", None, "dinsdagochtend")


@pytest.mark.parametrize(("changes", "error", "field"), [
    ({"kind": "swap"}, InvalidListing, "kind"),
    ({"category_id": 99999}, UnknownCategory, "category_id"),
    ({"category_id": "abc"}, UnknownCategory, "category_id"),
    ({"category_id": None}, UnknownCategory, "category_id"),
    ({"title": "Hoi"}, InvalidListing, "title"),
    ({"title": "x" * 101}, InvalidListing, "title"),
    ({"description": "   "}, InvalidListing, "description"),
    ({"description": "x" * 2001}, InvalidListing, "description"),
    ({"pc4": "12"}, InvalidListing, "pc4"),
    ({"pc4": "1020"}, UnknownPostcode, "pc4"),
    ({"radius_km": 3}, InvalidRadius, "radius_km"),
    ({"radius_km": "100"}, InvalidRadius, "radius_km"),
    ({"radius_km": ""}, InvalidRadius, "radius_km"),
    ({"timing": "someday"}, InvalidListing, "timing"),
    ({"timing": "date"}, InvalidListing, "timing_date"),
    ({"timing": "date", "timing_date": date.today() - timedelta(days=2)}, InvalidListing, "timing_date"),
    ({"timing": "date", "timing_date": date.today() + timedelta(days=400)}, InvalidListing, "timing_date"),
    ({"timing": "date", "timing_date": date.today() + timedelta(days=3), "part_of_day": "night"}, InvalidListing,
     "part_of_day"),
    ({"timing": "recurring"}, InvalidListing, "recurrence"),
    ({"timing": "recurring", "recurrence": "daily"}, InvalidListing, "recurrence"),
    ({"timing_note": "x" * 101}, InvalidListing, "timing_note"),
    ({"urgency": "panic"}, InvalidListing, "urgency"),
    ({"on_behalf": True}, InvalidListing, "on_behalf_name"),
    ({"on_behalf": True, "on_behalf_name": "x" * 41, "on_behalf_consent": True}, InvalidListing, "on_behalf_name"),
    ({"on_behalf": True, "on_behalf_name": "Truus"}, InvalidListing, "on_behalf_consent"),
    ({"kind": "offer", "on_behalf": True, "on_behalf_name": "Truus", "on_behalf_consent": True}, InvalidListing,
     "on_behalf"),
])
def test_bad_input_is_refused_and_nothing_is_stored(ctx, changes, error, field) -> None:
    helpers.category()
    user = factories.user()
    with pytest.raises(error) as caught:
        helpers.listing(user, **changes)
    assert caught.value.field == field
    assert str(caught.value.message)
    assert _count() == 0


def test_inactive_category_is_refused(ctx) -> None:
    off = helpers.category(active=False)
    with pytest.raises(UnknownCategory):
        helpers.listing(factories.user(), category_id=off.id)


def test_area_outside_the_service_area_is_refused(ctx) -> None:
    settings.set_value("service_area", "3601-3612")
    user = factories.user()
    with pytest.raises(OutsideServiceArea) as caught:
        helpers.listing(user, pc4="3621")
    assert caught.value.field == "pc4" and _count() == 0
    assert helpers.listing(user, pc4="3603").pc4 == "3603"


def test_unverified_blocked_and_anonymous_people_cannot_post(ctx) -> None:
    helpers.category()
    with pytest.raises(NotVerified):
        helpers.listing(factories.user(verified=False))
    with pytest.raises(NotAllowed):
        helpers.listing(factories.user(blocked_at=utcnow()))
    with pytest.raises(NotAllowed):
        services.create_listing(None, helpers.data())  # type: ignore[arg-type]
    assert _count() == 0


def test_on_behalf_of_someone_else(ctx) -> None:
    listing = helpers.listing(factories.user(), on_behalf=True, on_behalf_name=" Truus ", on_behalf_consent=True)
    assert listing.on_behalf_name == "Truus" and listing.on_behalf_consent_at is not None


def test_assisted_posting_only_by_a_manager(ctx) -> None:
    helpers.category()
    with pytest.raises(NotAllowed):
        helpers.listing(factories.user(), assisted=True, on_behalf_name="Gerrit", on_behalf_consent=True)
    manager = helpers.manager_of("3601")
    with pytest.raises(InvalidListing) as caught:
        helpers.listing(manager, kind="offer", assisted=True, on_behalf_name="Gerrit", on_behalf_consent=True)
    assert caught.value.field == "kind"
    with pytest.raises(InvalidListing) as caught:
        helpers.listing(manager, assisted=True, on_behalf_consent=True)
    assert caught.value.field == "on_behalf_name"
    listing = helpers.listing(manager, assisted=True, on_behalf_name="Gerrit", on_behalf_consent=True,
                              assisted_note="Belde 12 maart; bereikbaar via de wijkbalie")
    assert listing.is_assisted and listing.assisted_by_id == manager.id and listing.author_id == manager.id
    assert listing.on_behalf_name == "Gerrit" and "wijkbalie" in listing.assisted_note


def test_double_submission_stores_one_listing(ctx) -> None:
    user = factories.user()
    first = services.create_listing(user, helpers.data(), form_token="tok-1")
    again = services.create_listing(user, helpers.data(title="Anders"), form_token="tok-1")
    assert again.id == first.id and _count() == 1
    other = services.create_listing(user, helpers.data(title="Nog een vraag"), form_token="tok-2")
    assert other.id != first.id and _count() == 2


def test_double_submission_at_the_same_moment_stores_one_listing(ctx, monkeypatch) -> None:
    """Both requests passed the token check before either was stored: the unique constraint decides."""
    user = factories.user()
    first = services.create_listing(user, helpers.data(), form_token="tok-race")
    real = services._listing_by_token
    calls = []

    def late_lookup(author_id, token):
        calls.append(token)
        return None if len(calls) == 1 else real(author_id, token)

    monkeypatch.setattr(services.listings, "_listing_by_token", late_lookup)  # where create_listing looks
    again = services.create_listing(user, helpers.data(title="Nog eens"), form_token="tok-race")
    assert again.id == first.id and _count() == 1 and len(calls) == 2


def test_only_the_owner_edits(ctx) -> None:
    owner, other = factories.user(), factories.user()
    listing = helpers.listing(owner)
    with pytest.raises(NotOwner):
        services.update_listing(other, listing.id, helpers.data(title="Overgenomen"))
    with pytest.raises(ListingNotFound):
        services.update_listing(owner, 99999, helpers.data())
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).title == "Hulp bij boodschappen"


def test_edit_changes_fields_but_not_the_kind(ctx) -> None:
    owner = factories.user()
    listing = helpers.listing(owner)
    services.update_listing(owner, listing.id, helpers.data(kind="offer", title="Boodschappen op vrijdag",
                                                            radius_km=10, pc4="3603"))
    db.session.expire_all()
    changed = db.session.get(Listing, listing.id)
    assert (changed.kind, changed.title, changed.radius_km, changed.pc4) == (
        ListingKind.REQUEST, "Boodschappen op vrijdag", 10, "3603")


def test_bad_edit_changes_nothing(ctx) -> None:
    owner = factories.user()
    listing = helpers.listing(owner)
    with pytest.raises(InvalidRadius):
        services.update_listing(owner, listing.id, helpers.data(title="Nieuwe titel", radius_km=7))
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).title == "Hulp bij boodschappen"


def test_edit_keeps_a_category_that_was_switched_off(ctx) -> None:
    cat = helpers.category()
    owner = factories.user()
    listing = helpers.listing(owner, category_id=cat.id)
    services.set_category_active(None, cat.id, False)
    services.update_listing(owner, listing.id, helpers.data(category_id=cat.id, title="Nog steeds nodig"))
    assert listing.category_id == cat.id


def test_hidden_listing_cannot_be_edited_by_others(ctx) -> None:
    owner = factories.user()
    listing = helpers.listing(owner)
    listing.hidden_at = utcnow()
    db.session.commit()
    with pytest.raises(ListingNotFound):
        services.update_listing(factories.user(), listing.id, helpers.data())
    services.update_listing(owner, listing.id, helpers.data(title="Door de eigenaar"))  # the owner still can


def test_withdraw_declines_open_reactions_kindly(ctx) -> None:
    owner, helper = factories.user(), factories.user()
    listing = helpers.listing(owner)
    response = services.respond(helper, listing.id, "Ik kan helpen")
    with pytest.raises(NotOwner):
        services.withdraw_listing(helper, listing.id)
    services.withdraw_listing(owner, listing.id)
    assert listing.status == ListingStatus.WITHDRAWN and listing.closed_at is not None
    assert response.status == ResponseStatus.DECLINED
    assert len(helpers.notes(helper, "response_declined")) == 1
    with pytest.raises(NotEditable):
        services.withdraw_listing(owner, listing.id)
    with pytest.raises(NotEditable):
        services.update_listing(owner, listing.id, helpers.data())


def test_closing_an_offer_that_helped_counts_as_completed(ctx) -> None:
    owner, neighbour = factories.user(), factories.user()
    offer = helpers.listing(owner, kind="offer")
    services.accept_response(owner, services.respond(neighbour, offer.id, "Graag!").id)
    services.withdraw_listing(owner, offer.id)
    assert offer.status == ListingStatus.COMPLETED


def test_renew_puts_an_expired_listing_back_online(ctx) -> None:
    owner = factories.user()
    listing = helpers.listing(owner, now=utcnow() - timedelta(days=40))
    assert listing.is_expired(utcnow())
    services.expire_listings()
    assert listing.status == ListingStatus.EXPIRED
    with pytest.raises(NotOwner):
        services.renew_listing(factories.user(), listing.id)
    services.renew_listing(owner, listing.id)
    assert listing.status == ListingStatus.OPEN and listing.expires_at > utcnow() + timedelta(days=29)
    assert listing.expiry_reminded_at is None


def test_closed_listings_cannot_be_renewed(ctx) -> None:
    owner = factories.user()
    listing = helpers.listing(owner)
    services.withdraw_listing(owner, listing.id)
    with pytest.raises(CannotRenew):
        services.renew_listing(owner, listing.id)


def test_refusals_are_domain_errors_with_a_message(ctx) -> None:
    for cls in (InvalidListing, UnknownCategory, InvalidRadius, NotEditable, CannotRenew):
        assert issubclass(cls, DomainError) and str(cls().message)
