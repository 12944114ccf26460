"""Finding help: the nearby search and suggestions (nearest areas first, a page of rows read), hidden and expired
listings, the query plans, unanswered requests and profile summaries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from tests import factories
from tests.marketplace import helpers
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.marketplace import queries, services
from wijkhulp.marketplace.models import ListingNotFound, ListingStatus


@pytest.fixture
def cat(ctx):
    return helpers.category("Boodschappen")


def _titles(page) -> list[str]:
    return [card.listing.title for card in page.items]


def test_nearest_area_first_then_newest(cat) -> None:
    author = factories.user()
    now = utcnow()
    helpers.raw_listing(author, category_id=cat.id, pc4="3626", title="Nieuwer Ter Aa", created_at=now)
    helpers.raw_listing(author, category_id=cat.id, pc4="3601", title="Maarssen oud",
                        created_at=now - timedelta(days=3))
    helpers.raw_listing(author, category_id=cat.id, pc4="3601", title="Maarssen nieuw",
                        created_at=now - timedelta(days=1))
    helpers.raw_listing(author, category_id=cat.id, pc4="3603", title="Maarssenbroek", created_at=now)
    page = queries.nearby(origin_pc4="3601", km=10, kind="request")
    assert _titles(page) == ["Maarssen nieuw", "Maarssen oud", "Maarssenbroek", "Nieuwer Ter Aa"]
    distances = [card.distance_km for card in page.items]
    assert distances == sorted(distances) and distances[0] == 0
    assert page.items[0].distance_band == "<1 km" and page.items[-1].distance_band == "5–10 km"
    assert _titles(queries.nearby(origin_pc4="3601", km=5, kind="request")) == ["Maarssen nieuw", "Maarssen oud",
                                                                                 "Maarssenbroek"]


def test_filters_kind_category_and_words(cat) -> None:
    garden = helpers.category("Tuin")
    author = factories.user()
    helpers.raw_listing(author, category_id=cat.id, kind="request", title="Boodschappen op dinsdag")
    helpers.raw_listing(author, category_id=cat.id, kind="offer", title="Ik doe boodschappen",
                        description="Met de fiets naar de Albert Heijn")
    helpers.raw_listing(author, category_id=garden.id, kind="request", title="Heg knippen",
                        description="De heg is 100% te hoog")
    assert len(queries.nearby(origin_pc4="3601", km=5).items) == 3
    assert _titles(queries.nearby(origin_pc4="3601", km=5, kind="offer")) == ["Ik doe boodschappen"]
    assert _titles(queries.nearby(origin_pc4="3601", km=5, category_id=garden.id)) == ["Heg knippen"]
    assert _titles(queries.nearby(origin_pc4="3601", km=5, words=["albert", "fiets"])) == ["Ik doe boodschappen"]
    assert _titles(queries.nearby(origin_pc4="3601", km=5, words=["100%"])) == ["Heg knippen"]
    assert queries.nearby(origin_pc4="3601", km=5, words=["10_%"]).items == []  # LIKE wildcards are plain text
    assert _titles(queries.newest(words=["HEG"])) == ["Heg knippen"]


def test_hidden_closed_and_expired_listings_are_not_listed(cat) -> None:
    author = factories.user()
    helpers.raw_listing(author, category_id=cat.id, title="Zichtbaar")
    helpers.raw_listing(author, category_id=cat.id, title="Verborgen", hidden=True)
    helpers.raw_listing(author, category_id=cat.id, title="Verlopen, maar nog open", expires_in=timedelta(days=-31))
    helpers.raw_listing(author, category_id=cat.id, title="Gekoppeld", status=ListingStatus.MATCHED)
    helpers.raw_listing(author, category_id=cat.id, title="Ingetrokken", status=ListingStatus.WITHDRAWN)
    assert _titles(queries.nearby(origin_pc4="3601", km=5)) == ["Zichtbaar"]
    assert _titles(queries.newest()) == ["Zichtbaar"]


def test_hidden_listing_only_for_owner_and_managers(cat) -> None:
    owner, other, manager = factories.user(), factories.user(), helpers.manager_of("3601")
    hidden = helpers.raw_listing(owner, category_id=cat.id, hidden=True)
    for viewer in (None, other, helpers.manager_of("3621"), factories.manager()):
        with pytest.raises(ListingNotFound):
            queries.visible_listing_or_404(hidden.id, viewer)
    assert queries.visible_listing_or_404(hidden.id, owner) is hidden
    assert queries.visible_listing_or_404(hidden.id, manager) is hidden


def test_a_page_reads_about_a_page_of_rows(cat) -> None:
    author = factories.user()
    now = utcnow()
    for i in range(45):
        helpers.raw_listing(author, category_id=cat.id, pc4="3601", title=f"Vraag {i:02d}",
                            created_at=now - timedelta(minutes=i))
    for i in range(30):
        helpers.raw_listing(author, category_id=cat.id, pc4="3603", title=f"Verder {i:02d}",
                            created_at=now - timedelta(minutes=i))
    first = queries.nearby(origin_pc4="3601", km=25, kind="request")
    assert _titles(first) == [f"Vraag {i:02d}" for i in range(20)] and first.has_next and not first.has_prev
    assert first.rows_read == 21  # one area was enough: 20 rows and one to know there is more
    third = queries.nearby(origin_pc4="3601", km=25, kind="request", page=3)
    assert _titles(third) == [f"Vraag {i:02d}" for i in range(40, 45)] + [f"Verder {i:02d}" for i in range(15)]
    assert third.has_next and third.rows_read <= 61 + 2 * 61  # the first area, then two batches of areas
    both = queries.nearby(origin_pc4="3601", km=25)
    assert both.rows_read <= 2 * 21  # both kinds: one branch per kind
    last = queries.nearby(origin_pc4="3601", km=25, kind="request", page=4)
    assert _titles(last) == [f"Verder {i:02d}" for i in range(15, 30)] and not last.has_next
    newest = queries.newest(kind="request")
    assert newest.rows_read == 21 and newest.has_next


def test_suggestions_follow_the_matching_rules(cat) -> None:
    other_cat = helpers.category("Tuin")
    requester, near, far, blocked = (factories.user() for _ in range(4))
    request = helpers.raw_listing(requester, category_id=cat.id, pc4="3601", radius_km=10)
    helpers.raw_listing(near, kind="offer", category_id=cat.id, pc4="3603", radius_km=5, title="Dichtbij")
    helpers.raw_listing(near, kind="offer", category_id=cat.id, pc4="3621", radius_km=10, title="Breukelen ver")
    helpers.raw_listing(far, kind="offer", category_id=cat.id, pc4="3621", radius_km=2, title="Gaat niet zo ver")
    helpers.raw_listing(far, kind="offer", category_id=other_cat.id, pc4="3601", title="Andere soort")
    helpers.raw_listing(far, kind="request", category_id=cat.id, pc4="3601", title="Ook een vraag")
    helpers.raw_listing(requester, kind="offer", category_id=cat.id, pc4="3601", title="Eigen aanbod")
    helpers.raw_listing(blocked, kind="offer", category_id=cat.id, pc4="3601", title="Geblokkeerd")
    helpers.raw_listing(far, kind="offer", category_id=cat.id, pc4="3601", title="Verborgen", hidden=True)
    helpers.raw_listing(far, kind="offer", category_id=cat.id, pc4="3601", title="Gesloten",
                        status=ListingStatus.WITHDRAWN)
    services.block_user(requester, blocked.id)
    assert geo.distance_km("3601", "3621") < 10
    assert [c.listing.title for c in queries.suggestions(request)] == ["Dichtbij", "Breukelen ver"]
    request.status = ListingStatus.MATCHED
    db.session.commit()
    assert queries.suggestions(request) == []  # only open listings get suggestions


def _analysed_rows() -> None:
    """PostgreSQL plans by statistics: give it a few thousand listings over many areas, as a site has."""
    from sqlalchemy import insert

    from wijkhulp.marketplace.models import Listing

    cats = [helpers.category().id for _ in range(5)]
    authors = [factories.user().id for _ in range(5)]
    areas = sorted(geo.all_areas())[:400]
    now = utcnow()
    db.session.execute(insert(Listing), [
        {"kind": ("request", "offer")[i % 2], "status": "open", "category_id": cats[i % 5],
         "author_id": authors[i % 5], "title": "Vraag", "description": "Tekst", "pc4": areas[i % 400],
         "radius_km": 5, "timing": "flexible", "urgency": "normal", "expires_at": now + timedelta(days=20),
         "created_at": now - timedelta(minutes=i), "updated_at": now} for i in range(4000)])
    db.session.commit()
    db.session.execute(text("ANALYZE listing"))


def _plan(shape: str) -> str:
    if db.engine.dialect.name == "postgresql":
        _analysed_rows()
    statement, params = queries.query_shapes(pc4=sorted(geo.all_areas())[7])[shape]
    return queries.explain(statement, params)


@pytest.mark.parametrize(("shape", "index"), [
    ("nearby", "ix_listing_nearby"),
    ("nearby_category", "ix_listing_nearby_category"),
    ("nearby_batch", "ix_listing_nearby"),
    ("nearby_words", "ix_listing_nearby"),
    ("suggest", "ix_listing_nearby_category"),
    ("newest", "ix_listing_status_created_at"),
    ("newest_category", "ix_listing_status_created_at"),
])
def test_every_query_shape_uses_its_index(ctx, shape, index) -> None:
    plan = _plan(shape)
    if db.engine.dialect.name == "sqlite":
        searches = [line for line in plan.splitlines() if " listing " in f"{line} "]
        assert searches and all(f"USING INDEX {index} " in line for line in searches), plan
        assert "SCAN listing" not in plan, plan  # never a full scan
        if shape != "nearby_words":  # a word search sorts its at most WORD_SCAN_LIMIT candidates; others not at all
            assert "TEMP B-TREE" not in plan, plan
    else:
        assert f"using {index} on listing" in plan and "Seq Scan on listing" not in plan, plan


def test_expiry_reads_the_expiry_index(ctx) -> None:
    from sqlalchemy import select

    from wijkhulp.marketplace.models import Listing

    stmt = select(Listing.id).where(services._status_unindexed() == "open", Listing.expires_at <= utcnow())
    plan = queries.explain(stmt) if db.engine.dialect.name == "sqlite" else ""
    if plan:
        assert "ix_listing_expires_at" in plan, plan


def test_unanswered_requests_for_managers(cat) -> None:
    manager, requester, helper = helpers.manager_of("3601"), factories.user(), factories.user()
    old = helpers.raw_listing(requester, category_id=cat.id, title="Niemand reageerde",
                              created_at=utcnow() - timedelta(days=8))
    answered = helpers.raw_listing(requester, category_id=cat.id, title="Wel een reactie",
                                   created_at=utcnow() - timedelta(days=8))
    helpers.raw_listing(requester, category_id=cat.id, title="Nog te nieuw", created_at=utcnow() - timedelta(days=2))
    helpers.raw_listing(requester, kind="offer", category_id=cat.id, title="Aanbod",
                        created_at=utcnow() - timedelta(days=9))
    services.respond(helper, answered.id, "Ik help")
    page = queries.unanswered_requests(manager, days=7)
    assert [x.title for x in page.items] == ["Niemand reageerde"]
    assert [x.title for x in queries.unanswered_requests(manager, days=1).items] == ["Niemand reageerde",
                                                                                     "Nog te nieuw"]
    assert old.id in {x.id for x in page.items}


def test_unanswered_requests_in_the_managers_neighbourhoods(cat) -> None:
    from wijkhulp.neighbourhoods import services as neighbourhoods
    from wijkhulp.neighbourhoods.models import ManagerAssignment

    manager, requester = factories.manager(), factories.user()
    breukelen = neighbourhoods.create_neighbourhood(name="Breukelen", areas="3621")
    db.session.add(ManagerAssignment(neighbourhood_id=breukelen.id, user_id=manager.id))
    db.session.commit()
    helpers.raw_listing(requester, category_id=cat.id, pc4="3601", title="Maarssen",
                        created_at=utcnow() - timedelta(days=8))
    helpers.raw_listing(requester, category_id=cat.id, pc4="3621", title="Breukelen",
                        created_at=utcnow() - timedelta(days=8))
    assert [x.title for x in queries.unanswered_requests(manager, days=7).items] == ["Breukelen"]
    assert len(queries.unanswered_requests(factories.admin(), days=7).items) == 2


def test_past_helpers_in_the_category_nearest_first(cat) -> None:
    requester, close, distant = factories.user(), factories.user(postcode="3603 AA"), factories.user(
        postcode="3621 AA")
    for helper in (close, distant):
        request = helpers.listing(requester, category_id=cat.id)
        response = services.respond(helper, request.id, "Ik help")
        services.accept_response(requester, response.id)
        services.complete_match(requester, response.id)
    new = helpers.listing(factories.user(), category_id=cat.id)
    found = queries.past_helpers(new)
    assert [h.user.id for h in found] == [close.id, distant.id] and found[0].helps == 1
    assert queries.past_helpers(new, km=2)[0].user.id == close.id and len(queries.past_helpers(new, km=2)) == 1


def test_profile_summary_counts_only_completed_help(cat) -> None:
    requester, helper = factories.user(), factories.user()
    done = services.respond(helper, helpers.listing(requester, category_id=cat.id).id, "Ik help")
    services.accept_response(requester, done.id)
    services.complete_match(requester, done.id, hours="2", thanks="Top!", thanks_public=True)
    services.set_thanks_public(helper, done.id, public=True)
    busy = services.respond(helper, helpers.listing(requester, category_id=cat.id).id, "Ik help weer")
    services.accept_response(requester, busy.id)
    summary = queries.profile_summary(helper.id)
    assert (summary.helps_given, summary.minutes, summary.hours) == (1, 120, 2)
    assert [t.text for t in summary.thanks] == ["Top!"]
    assert queries.profile_summary(requester.id).helps_given == 0


def test_the_last_page_offered_has_no_next_link(cat, monkeypatch) -> None:
    monkeypatch.setattr(queries, "MAX_PAGE", 2)
    author = factories.user()
    for i in range(5):
        helpers.raw_listing(author, category_id=cat.id, title=f"Vraag {i}")
    second = queries.nearby(origin_pc4="3601", km=5, per_page=2, page=2)
    assert len(second.items) == 2 and not second.has_next
    assert queries.nearby(origin_pc4="3601", km=5, per_page=2, page=9).page == 2
    assert not queries.newest(per_page=2, page=2).has_next
