"""Building blocks for the ideas auction tests: plain functions that commit (inside an app context)."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from tests import factories
from wijkhulp.accounts.models import Role, User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas.models import (Approval, AuctionRound, Idea, Need, NeedType, Pledge, RoundStatus, Unit)
from wijkhulp.neighbourhoods.models import ManagerAssignment, Neighbourhood, NeighbourhoodArea
from wijkhulp.notifications.models import Notification
from wijkhulp.organisations.models import MemberRole, Membership, Organisation, OrganisationType, name_key

_n = itertools.count(1)


def assign(manager: User, *hoods: Neighbourhood) -> None:
    """Let this community manager look after these neighbourhoods (managers act only there)."""
    for hood in hoods:
        if db.session.get(ManagerAssignment, (hood.id, manager.id)) is None:
            db.session.add(ManagerAssignment(neighbourhood_id=hood.id, user_id=manager.id))
    db.session.commit()


def _assign_existing_managers(*hoods: Neighbourhood) -> None:
    for manager in db.session.scalars(select(User).where(User.role == Role.MANAGER)):
        assign(manager, *hoods)


def neighbourhood(name: str | None = None, pc4s: tuple[str, ...] = ("3601",), *,
                  managed: bool = True) -> Neighbourhood:
    """A neighbourhood; `managed`: every community manager that exists so far looks after it (most auction tests
    have one manager, who runs the round; scope tests pass False and assign by hand)."""
    name = name or f"Wijk {next(_n)}"
    hood = Neighbourhood(name=name, slug=name.lower().replace(" ", "-"),
                         areas=[NeighbourhoodArea(pc4=pc4) for pc4 in pc4s])
    db.session.add(hood)
    db.session.commit()
    if managed:
        _assign_existing_managers(hood)
    return hood


def auction_round(*, creator: User | None = None, status: RoundStatus = RoundStatus.OPEN, opens_in: float = -1,
                  closes_in: float = 7, requires_approval: bool = False,
                  neighbourhoods: list[Neighbourhood] | None = None, name: str | None = None) -> AuctionRound:
    """A round; opens_in/closes_in in days from now (negative: in the past)."""
    now = utcnow()
    creator = creator or factories.manager()
    auction = AuctionRound(name=name or f"Ronde {next(_n)}", description="Een ronde.", created_by=creator,
                           opens_at=now + timedelta(days=opens_in), closes_at=now + timedelta(days=closes_in),
                           status=status, requires_approval=requires_approval,
                           neighbourhoods=neighbourhoods or [neighbourhood()],
                           published_at=now if status != RoundStatus.DRAFT else None)
    db.session.add(auction)
    db.session.commit()
    if neighbourhoods is None:  # a neighbourhood of its own: its creator and the managers so far run it
        _assign_existing_managers(*auction.neighbourhoods)
        if creator.role == Role.MANAGER:
            assign(creator, *auction.neighbourhoods)
    return auction


def idea(auction: AuctionRound, *, author: User | None = None, title: str | None = None,
         needs: list[tuple[NeedType, str, int, Unit]] | None = None, approval: Approval = Approval.APPROVED,
         hidden: bool = False) -> Idea:
    author = author or factories.user()
    needs = needs or [(NeedType.TIME, "Helpers voor de moestuin", 50, Unit.HOURS),
                      (NeedType.MONEY, "Zaden en gereedschap", 300, Unit.EURO)]
    item = Idea(round=auction, author=author, title=title or f"Idee {next(_n)}", description="Een moestuin.",
                own_contribution="Ik organiseer de werkdagen.", neighbourhood=auction.neighbourhoods[0],
                approval=approval, hidden_at=utcnow() if hidden else None,
                needs=[Need(position=i, type=t, description=d, quantity=q, unit=u)
                       for i, (t, d, q, u) in enumerate(needs)])
    db.session.add(item)
    db.session.commit()
    return item


def organisation(*, coordinator: User | None = None, members: list[User] = (), verified: bool = True,
                 name: str | None = None, type: OrganisationType = OrganisationType.BUSINESS) -> Organisation:
    coordinator = coordinator or factories.user()
    name = name or f"Bakkerij {next(_n)}"
    org = Organisation(name=name, name_key=name_key(name), type=type, description="Brood.",
                       created_by=coordinator, verified_at=utcnow() if verified else None)
    org.memberships.append(Membership(user=coordinator, role=MemberRole.COORDINATOR))
    for member in members:
        org.memberships.append(Membership(user=member, role=MemberRole.MEMBER))
    db.session.add(org)
    db.session.commit()
    return org


def count(model: Any, *where: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def notifications_for(user: User, event: str | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id)
    if event:
        query = query.where(Notification.event == event)
    return list(db.session.scalars(query.order_by(Notification.id)))


def pledges(*where: Any) -> list[Pledge]:
    db.session.expire_all()
    return list(db.session.scalars(select(Pledge).where(*where).order_by(Pledge.id)))
