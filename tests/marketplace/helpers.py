"""Marketplace test data: plain functions that commit, like tests/factories.py."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import Category, Listing, ListingKind, ListingStatus
from wijkhulp.neighbourhoods.models import ManagerAssignment, Neighbourhood, NeighbourhoodArea
from wijkhulp.notifications.models import Notification as Note

_n = itertools.count(1)


def neighbourhood(*pc4s: str, name: str | None = None) -> Neighbourhood:
    name = name or f"Wijk {next(_n)}"
    hood = Neighbourhood(name=name, slug=name.lower().replace(" ", "-"),
                         areas=[NeighbourhoodArea(pc4=pc4) for pc4 in pc4s or ("3601",)])
    db.session.add(hood)
    db.session.commit()
    return hood


def manager_of(*pc4s: str, **kw: Any) -> User:
    """A community manager of a neighbourhood with these PC4 areas (default 3601): managers act only there."""
    from tests import factories

    manager = factories.manager(**kw)
    db.session.add(ManagerAssignment(neighbourhood_id=neighbourhood(*pc4s).id, user_id=manager.id))
    db.session.commit()
    return manager


def category(name: str | None = None, *, active: bool = True) -> Category:
    n = next(_n)
    cat = Category(slug=f"cat-{n}", name=name or f"Categorie {n}", position=n, is_active=active)
    db.session.add(cat)
    db.session.commit()
    return cat


def defaults() -> dict[str, Category]:
    services.ensure_default_categories()
    return {c.slug: c for c in db.session.scalars(select(Category))}


def data(**kw: Any) -> services.ListingInput:
    """A valid request in 3601 unless told otherwise."""
    values: dict[str, Any] = {"kind": "request", "title": "Hulp bij boodschappen", "description": "Wie doet op "
                              "dinsdag boodschappen voor mij?", "pc4": "3601", "radius_km": 5,
                              "timing": "flexible", "urgency": "normal"}
    values.update(kw)
    if "category_id" not in values:
        values["category_id"] = (db.session.scalar(select(Category.id).where(Category.is_active.is_(True))
                                                   .order_by(Category.id).limit(1)) or category().id)
    return services.ListingInput(**values)


def listing(author: User, **kw: Any) -> Listing:
    now = kw.pop("now", None)
    return services.create_listing(author, data(**kw), now=now)


def raw_listing(author: User, *, kind: str = "request", category_id: int, pc4: str = "3601", radius_km: int = 5,
                created_at: datetime | None = None, status: ListingStatus = ListingStatus.OPEN,
                expires_in: timedelta = timedelta(days=30), title: str = "Een vraag", hidden: bool = False,
                description: str = "Omschrijving") -> Listing:
    """A listing stored directly (no notifications), with a chosen age."""
    created = created_at or utcnow()
    item = Listing(kind=ListingKind(kind), status=status, category_id=category_id, author_id=author.id, title=title,
                   description=description, pc4=pc4, radius_km=radius_km, created_at=created, updated_at=created,
                   expires_at=created + expires_in, hidden_at=utcnow() if hidden else None)
    db.session.add(item)
    db.session.commit()
    return item


def notes(user: User, event: str | None = None) -> list[Note]:
    stmt = select(Note).where(Note.user_id == user.id).order_by(Note.id)
    if event:
        stmt = stmt.where(Note.event == event)
    return list(db.session.scalars(stmt))


def organisation(*members: User, verified: bool = True, name: str | None = None) -> Any:
    """An organisation with these members (the first one coordinates); verified by a manager unless told."""
    from wijkhulp.organisations.models import (MemberRole, Membership, Organisation, OrganisationType,
                                               name_key)

    name = name or f"Buurthuis {next(_n)}"
    org = Organisation(name=name, name_key=name_key(name), type=OrganisationType.FOUNDATION,
                       description="Een stichting.", created_by=members[0],
                       verified_at=utcnow() if verified else None)
    for index, member in enumerate(members):
        org.memberships.append(Membership(user=member, role=MemberRole.COORDINATOR if index == 0 else
                                          MemberRole.MEMBER))
    db.session.add(org)
    db.session.commit()
    return org
