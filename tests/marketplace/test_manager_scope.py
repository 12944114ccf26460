"""Community managers act in their own neighbourhoods (admins everywhere): the unanswered-requests page, asking a
helper, assisted posting and hidden listings. Category changes and assisted posting are in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp.accounts.models import User
from wijkhulp.audit import AuditEntry
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import Listing, OutsideManagerArea


@pytest.fixture
def area(app) -> dict[str, int]:
    """An old request nobody answered in Maarssen (3601) and one in Breukelen (3621); a manager for each
    place, a manager without neighbourhoods, an admin and a helper."""
    with app.app_context():
        category = helpers.category()
        anna = factories.user(email="anna@example.org")
        old = utcnow() - timedelta(days=8)
        maarssen = helpers.raw_listing(anna, category_id=category.id, pc4="3601", title="Heg snoeien in Maarssen",
                                       created_at=old)
        breukelen = helpers.raw_listing(anna, category_id=category.id, pc4="3621",
                                        title="Gras maaien in Breukelen", created_at=old)
        helpers.manager_of("3601", "3602", email="maarssen@example.org")
        helpers.manager_of("3621", email="breukelen@example.org")
        factories.manager(email="nowhere@example.org")
        factories.admin(email="admin@example.org")
        helper = factories.user(email="helper@example.org")
        return {"cat": category.id, "maarssen": maarssen.id, "breukelen": breukelen.id, "helper": helper.id}


def _count(app, *where: object) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Listing).where(*where)) or 0


def _entries(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                          .order_by(AuditEntry.id)))
        db.session.expunge_all()
        return entries


def test_the_unanswered_page_shows_the_managers_own_area(app, client, area) -> None:
    factories.login(client, "maarssen@example.org")
    html = client.get("/manage/unanswered").get_data(as_text=True)
    assert "Heg snoeien in Maarssen" in html and "Gras maaien in Breukelen" not in html
    client.post("/logout")
    factories.login(client, "nowhere@example.org")
    html = client.get("/manage/unanswered").get_data(as_text=True)
    assert "Heg snoeien" not in html and "Gras maaien" not in html
    client.post("/logout")
    factories.login(client, "admin@example.org")
    html = client.get("/manage/unanswered").get_data(as_text=True)
    assert "Heg snoeien in Maarssen" in html and "Gras maaien in Breukelen" in html


def test_asking_a_helper_outside_the_area_is_refused(app, client, area) -> None:
    factories.login(client, "maarssen@example.org")
    assert client.post(f"/manage/unanswered/{area['breukelen']}/invite/{area['helper']}").status_code == 403
    assert client.post(f"/manage/unanswered/{area['maarssen']}/invite/{area['helper']}").status_code == 302
    client.post("/logout")
    factories.login(client, "admin@example.org")
    assert client.post(f"/manage/unanswered/{area['breukelen']}/invite/{area['helper']}").status_code == 302
    with app.app_context():
        manager = db.session.scalar(select(User).where(User.email == "breukelen@example.org"))
        with pytest.raises(OutsideManagerArea):
            services.invite_helper(manager, area["maarssen"], area["helper"])


def _assisted(cat: int, pc4: str) -> dict[str, str]:
    return {"kind": "request", "category_id": str(cat), "title": "Hulp bij de boodschappen",
            "description": "Mevrouw belde: wie doet boodschappen?", "pc4": pc4, "radius_km": "5",
            "timing": "flexible", "urgency": "normal", "assisted": "y", "on_behalf_name": "Gerrit",
            "on_behalf_consent": "y", "assisted_note": "Telefoon via de wijkbalie"}


def test_assisted_posting_only_in_the_managers_area_and_audited(app, client, area) -> None:
    factories.login(client, "maarssen@example.org")
    refused = client.post("/help/new", data=_assisted(area["cat"], "3621"))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert "This postcode area is not in your neighbourhoods." in html and "Gerrit" in html  # the form stays
    assert _count(app, Listing.assisted_by_id.is_not(None)) == 0
    assert _entries(app, "marketplace.assisted_post") == []

    posted = client.post("/help/new", data=_assisted(area["cat"], "3602"))
    assert posted.status_code == 302
    [entry] = _entries(app, "marketplace.assisted_post")
    with app.app_context():
        listing = db.session.scalar(select(Listing).where(Listing.assisted_by_id.is_not(None)))
        assert entry.target_key == "listing" and entry.target_id == str(listing.id)
        assert entry.pc4 == "3602" and entry.actor_id == listing.author_id
        assert entry.details == {"for": "Gerrit", "title": "Hulp bij de boodschappen"}
    client.post("/logout")
    factories.login(client, "admin@example.org")
    assert client.post("/help/new", data=_assisted(area["cat"], "3621")).status_code == 302  # admins: anywhere
    assert len(_entries(app, "marketplace.assisted_post")) == 2


def test_a_manager_without_neighbourhoods_cannot_post_assisted(app, client, area) -> None:
    factories.login(client, "nowhere@example.org")
    assert client.post("/help/new", data=_assisted(area["cat"], "3601")).status_code == 403
    assert _count(app) == 2


def test_hidden_listings_only_for_managers_of_their_area(app, client, area) -> None:
    with app.app_context():
        db.session.get(Listing, area["breukelen"]).hidden_at = utcnow()
        db.session.commit()
    url = f"/help/{area['breukelen']}"
    factories.login(client, "maarssen@example.org")
    assert client.get(url).status_code == 404
    client.post("/logout")
    factories.login(client, "breukelen@example.org")
    assert client.get(url).status_code == 200


def test_category_changes_are_in_the_audit_log(app, client, area) -> None:
    factories.login(client, "admin@example.org")
    assert client.post("/admin/categories", data={"new-name": "Fietsen"}).status_code == 302
    [added] = _entries(app, "marketplace.category_add")
    assert added.details == {"name": "Fietsen"} and added.target_key == "category"
    new_id = int(added.target_id)
    client.post(f"/admin/categories/{new_id}/rename", data={f"c{new_id}-name": "Fietsen maken"})
    [renamed] = _entries(app, "marketplace.category_rename")
    assert renamed.details == {"from": "Fietsen", "to": "Fietsen maken"}
    client.post(f"/admin/categories/{new_id}/active", data={"active": "0"})
    client.post(f"/admin/categories/{new_id}/active", data={"active": "0"})  # no change: no entry
    client.post(f"/admin/categories/{new_id}/active", data={"active": "1"})
    assert len(_entries(app, "marketplace.category_off")) == 1
    assert len(_entries(app, "marketplace.category_on")) == 1
    done = client.post("/admin/categories/defaults", follow_redirects=True).get_data(as_text=True)
    assert "10 standard categories added." in done
    [defaults] = _entries(app, "marketplace.category_defaults")
    assert defaults.details == {"added": 10}
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.email == "admin@example.org"))
    assert {e.actor_id for e in (added, renamed, defaults)} == {admin_id}
    again = client.post("/admin/categories/defaults", follow_redirects=True).get_data(as_text=True)
    assert "All standard categories are there already." in again
    assert len(_entries(app, "marketplace.category_defaults")) == 1
